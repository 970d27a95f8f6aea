"""What the trust engine needs of proposals: reporting one, delivering one a moderator cleared, and
showing one to a moderator.
Registered from `ProposalsConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from workfair.proposals.actions import do_deliver_released_proposal
from workfair.proposals.models import Proposal
from workfair.proposals.queries import access_proposal_by_id
from workfair.trust import interface as trust


def _proposal_owner(actor: Any, proposal_id: int) -> Any:
    return access_proposal_by_id(actor, proposal_id).freelancer


def proposal_view(proposal_id: int) -> trust.TargetView | None:
    """A proposal's cover letter as written, with the job it answers, for the console's case page."""
    proposal = Proposal.objects.select_related("job", "freelancer").filter(pk=proposal_id).first()
    if proposal is None:
        return None
    return trust.TargetView(
        label=f"Proposal #{proposal.pk} on “{proposal.job.title}” ({proposal.get_status_display().lower()})",
        text=proposal.cover_letter,
        url=reverse("admin:proposals_proposal_change", args=[proposal.pk]),
        author=proposal.freelancer.public_name,
        context_title="The job it answers",
        context=(trust.ContextLine("Job post", proposal.job.created_at, proposal.job.description),),
    )


def register() -> None:
    trust.register_report_target("proposal", "proposals.proposal", _proposal_owner)
    trust.register_target_view("proposals.proposal", proposal_view)
    trust.register_content_release(
        "proposals.proposal", lambda actor, pk: do_deliver_released_proposal(actor=actor, proposal_id=pk)
    )
