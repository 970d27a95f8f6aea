"""What the trust engine needs of job posts: refusing and opening a post (the effects of job-post
review), reporting a post, and showing one to a moderator. Registered from `JobsConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from workfair.core.transitions import transition
from workfair.jobs.actions import open_submitted_job
from workfair.jobs.models import Job
from workfair.jobs.queries import access_job_by_id
from workfair.jobs.states import JOB_TRANSITIONS, JobStatus
from workfair.trust import interface as trust


def _job(ctx: trust.EffectContext) -> Job:
    if ctx.decision.target_type != "jobs.job":
        raise trust.EffectFailed("the decision is not about a job post")
    return Job.objects.get(pk=int(ctx.decision.target_id))


def _reverse_refusal(ctx: trust.EffectContext, app: Any) -> None:
    job = _job(ctx)
    if job.status == JobStatus.REFUSED:
        transition(job, JobStatus.DRAFT, table=JOB_TRANSITIONS, actor=ctx.actor, reason="refusal reversed on appeal",
                   extra_updates={"review_note": ""})  # fmt: skip


def refuse_job(ctx: trust.EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    job = _job(ctx)
    if job.status != JobStatus.SUBMITTED:
        return {"skipped": f"job is {job.status}"}
    transition(job, JobStatus.REFUSED, table=JOB_TRANSITIONS, actor=ctx.actor, reason=ctx.decision.rule_key,
               extra_updates={"review_note": ctx.decision.reason[:500]})  # fmt: skip
    return {"job_id": job.pk, "status": JobStatus.REFUSED}


def open_job(ctx: trust.EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    job = _job(ctx)
    if job.status != JobStatus.SUBMITTED:
        return {"skipped": f"job is {job.status}"}
    open_submitted_job(job, actor=ctx.actor, reason=ctx.decision.reason or "approved")
    return {"job_id": job.pk, "status": JobStatus.OPEN}


def _job_owner(actor: Any, job_id: int) -> Any:
    return access_job_by_id(actor, job_id).client


def job_view(job_id: int) -> trust.TargetView | None:
    """A job post as its client wrote it, for the console's case page."""
    job = Job.objects.select_related("client").filter(pk=job_id).first()
    if job is None:
        return None
    return trust.TargetView(
        label=f"Job post #{job.pk}: {job.title} ({job.get_status_display().lower()})",
        text=f"{job.title}\n\n{job.description}",
        url=reverse("jobs:detail", args=[job.pk]),
        author=job.client.public_name,
    )


def register() -> None:
    trust.register_effect(trust.EffectKind.REFUSE_JOB, reverse=_reverse_refusal)(refuse_job)
    trust.register_effect(trust.EffectKind.OPEN_JOB)(open_job)
    trust.register_report_target("job", "jobs.job", _job_owner)
    trust.register_target_view("jobs.job", job_view)
