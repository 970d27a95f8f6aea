"""JSON API of identity verification (and the verification vendor webhook)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["identity"])
