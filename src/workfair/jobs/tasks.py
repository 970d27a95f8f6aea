"""Background work for job posts (scheduled by CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.jobs.actions import do_expire_jobs


@workfair_task(name="jobs.expire_jobs")
def expire_jobs() -> int:
    """Close every open post past its expiry; safe to run as often as the schedule likes."""
    return do_expire_jobs()


@workfair_task(name="jobs.review_job_post")
def review_job_post(job_id: int) -> str:
    """Screen a submitted post and decide it where the policy is confident (idempotent)."""
    from workfair.jobs.actions import do_review_job_post

    return do_review_job_post(int(job_id))
