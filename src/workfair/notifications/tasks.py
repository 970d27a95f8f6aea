"""Timers for notifications (scheduled by CELERY_BEAT_SCHEDULE in settings): idempotent."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.notifications.actions import do_send_daily_digests


@workfair_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    """E-mail each person the notices waiting for their daily digest."""
    return do_send_daily_digests()
