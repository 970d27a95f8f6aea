"""Jobs' part of "download my data" and of the erasure (`core.personal_data`): the person's job
posts. On erasure the posts still open, in review or in draft are closed (cancelled); the posts
themselves stay, under the pseudonymised account, as the record that proposals and contracts were
made on."""

from __future__ import annotations

from typing import Any

from workfair.core import clock
from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.core.transitions import transition
from workfair.jobs.models import Job
from workfair.jobs.states import JOB_TRANSITIONS, CloseReason, JobStatus


def export_jobs(user: Any) -> ExportPart:
    jobs = Job.objects.filter(client_id=user.pk).select_related("category").prefetch_related("skills").order_by("pk")
    return ExportPart(
        records=[
            {
                "id": job.pk,
                "title": job.title,
                "description": job.description,
                "category": job.category.name,
                "skills": sorted(s.name for s in job.skills.all()),
                "budget_type": job.budget_type,
                "budget_min": job.budget_min,
                "budget_max": job.budget_max,
                "currency": job.currency,
                "duration": job.duration,
                "experience_level": job.experience_level,
                "visibility": job.visibility,
                "status": job.status,
                "close_reason": job.close_reason,
                "created_at": job.created_at,
                "opened_at": job.opened_at,
                "closed_at": job.closed_at,
            }
            for job in jobs
        ]
    )


def erase_jobs(user: Any) -> dict[str, int]:
    closed = 0
    live = Job.objects.filter(client_id=user.pk, status__in=[JobStatus.DRAFT, JobStatus.SUBMITTED, JobStatus.OPEN])
    for job in live.order_by("pk"):
        transition(job, JobStatus.CLOSED, table=JOB_TRANSITIONS, actor=None, reason="account erased",
                   extra_updates={"close_reason": CloseReason.CANCELLED, "closed_at": clock.now()})  # fmt: skip
        closed += 1
    return {"jobs_closed": closed}


def register() -> None:
    register_personal_data("jobs", export=export_jobs, erase=erase_jobs)
