"""Background work for offers: expiry of unanswered offers (idempotent, safe to run often)."""

from __future__ import annotations

from workfair.contracts.actions import do_expire_offers
from workfair.core.tasks import workfair_task


@workfair_task(name="contracts.expire_offers")
def expire_offers() -> int:
    """Expire every pending offer past its expiry time; returns how many were expired."""
    return do_expire_offers()
