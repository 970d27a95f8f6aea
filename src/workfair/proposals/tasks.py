"""Background work for proposals: the monthly credit refill (idempotent, safe to run often)."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.proposals.actions import do_refill_credits


@workfair_task(name="proposals.refill_credits")
def refill_credits() -> int:
    """Top every freelancer up to this month's quota; a second run in the same month does nothing."""
    return do_refill_credits()
