"""Every read of the minding app that depends on who asks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from workfair.core.errors import NotFound
from workfair.jobs.models import Job
from workfair.jobs.queries import can_view_job
from workfair.jobs.states import JobStatus
from workfair.minding.models import LetterCheck, SpamFlag
from workfair.minding.states import ReviewStatus
from workfair.trust.interface import StaffRole, require_role


@dataclass(frozen=True, slots=True)
class ClientLetterState:
    check: LetterCheck
    flagged_by_viewer: bool


def checks_for_client(actor: Any, proposal_ids: Sequence[int]) -> dict[int, ClientLetterState]:
    """The checks of these proposals' letters, for the jobs' client only (others get nothing), and
    whether the client flagged each. Two queries."""
    user_id = getattr(actor, "pk", None)
    if user_id is None:
        return {}
    checks = LetterCheck.objects.filter(proposal_id__in=list(proposal_ids), proposal__job__client_id=user_id)
    flagged = set(
        SpamFlag.objects.filter(proposal_id__in=list(proposal_ids), client_id=user_id).values_list(
            "proposal_id", flat=True
        )
    )
    return {c.proposal_id: ClientLetterState(c, c.proposal_id in flagged) for c in checks}


def access_job_to_apply(actor: Any, job_id: int) -> Job:
    """An open job `actor` may see and propose on (the letter check); NotFound otherwise."""
    job = Job.objects.prefetch_related("skills").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.OPEN or not can_view_job(actor, job) or job.client_id == actor.pk:
        raise NotFound("Job not found.")
    return job


def _require_staff(actor: Any) -> None:
    require_role(actor, StaffRole.MODERATOR)


def spot_review_queue(actor: Any) -> QuerySet[LetterCheck]:
    """Letters waiting for a spot review, riskiest first, then oldest (staff only)."""
    _require_staff(actor)
    return (
        LetterCheck.objects.filter(review_status=ReviewStatus.QUEUED)
        .select_related("proposal__job", "freelancer", "nearest__job", "nearest__freelancer")
        .order_by("-risk", "queued_at", "id")
    )


def recently_reviewed(actor: Any, limit: int = 20) -> list[LetterCheck]:
    _require_staff(actor)
    return list(
        LetterCheck.objects.filter(review_status__in=[ReviewStatus.KEPT, ReviewStatus.TOSSED])
        .select_related("proposal__job", "freelancer", "reviewed_by")
        .order_by("-reviewed_at", "-id")[:limit]
    )
