"""Timers for support (scheduled by CELERY_BEAT_SCHEDULE in settings): idempotent, from `clock.now()`."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.support.actions import do_flag_overdue_tickets


@workfair_task(name="support.flag_overdue_tickets")
def flag_overdue_tickets() -> int:
    """Flag tickets whose first answer is overdue (docs/rules.md, "Support")."""
    return do_flag_overdue_tickets()
