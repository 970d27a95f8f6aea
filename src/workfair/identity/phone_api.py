"""JSON API of phone verification."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["identity"])
