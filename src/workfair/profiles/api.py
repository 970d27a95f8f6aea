"""JSON API for this domain (thin: parse, call queries/actions, return schemas)."""

from ninja import Router

router = Router()
