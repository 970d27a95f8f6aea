"""Timers for feedback (scheduled by CELERY_BEAT_SCHEDULE in settings): idempotent, from `clock.now()`."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.feedback.actions import do_reveal_due


@workfair_task(name="feedback.reveal_due")
def reveal_due() -> int:
    """Reveal the reviews of contracts whose feedback window has closed."""
    return do_reveal_due()
