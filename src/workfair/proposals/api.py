"""JSON API for proposals, invitations and credits (thin: parse, call queries/actions, return)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from workfair.core.errors import InvalidInput, NotFound
from workfair.core.pagination import PageRequest
from workfair.jobs.models import Job
from workfair.proposals import actions, queries
from workfair.proposals.models import Invitation, Proposal
from workfair.proposals.schemas import (
    CreditsOut,
    DeclineIn,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    ProposalConversationOut,
    ProposalIn,
    ProposalOut,
    ProposalPage,
)
from workfair.trust.interface import ContentHold

router = Router(tags=["proposals"])


def proposal_out(proposal: Proposal, hold: ContentHold | None = None) -> dict[str, Any]:
    """The API shape of a proposal; `hold` (for its freelancer only) says it is held and why."""
    return {
        "id": proposal.pk,
        "job_id": proposal.job_id,
        "job_title": proposal.job.title,
        "freelancer_id": proposal.freelancer_id,
        "freelancer_name": proposal.freelancer.public_name,
        "invitation_id": proposal.invitation_id,
        "cover_letter": proposal.cover_letter,
        "amount": proposal.amount,
        "currency": proposal.currency,
        "estimated_duration": proposal.estimated_duration,
        "status": proposal.status,
        "credits_spent": proposal.credits_spent,
        "decline_reason": proposal.decline_reason,
        "created_at": proposal.created_at,
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "content_type": a.content_type}
            for a in proposal.attachments.all()
        ],
        "held": hold is not None,
        "held_reason": hold.reason if hold is not None else "",
    }


def _own_proposal_out(actor: Any, proposal: Proposal) -> dict[str, Any]:
    """A proposal for `actor`: its freelancer also learns whether it is held (the client never
    receives a held one: `access_proposal_by_id` answers NotFound)."""
    return proposal_out(proposal, queries.hold_of(proposal) if proposal.freelancer_id == actor.pk else None)


def invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "job_id": invitation.job_id,
        "job_title": invitation.job.title,
        "client_id": invitation.client_id,
        "freelancer_id": invitation.freelancer_id,
        "message": invitation.message,
        "status": invitation.status,
        "created_at": invitation.created_at,
        "responded_at": invitation.responded_at,
    }


def _page(queryset: QuerySet[Any], page: int, size: int) -> tuple[list[Any], PageRequest, int]:
    request = PageRequest.parse(page, size)
    return list(queryset[request.offset : request.offset + request.size]), request, queryset.count()


def _proposal_page(queryset: QuerySet[Proposal], page: int, size: int) -> dict[str, Any]:
    rows, request, count = _page(queryset.prefetch_related("attachments"), page, size)
    holds = queries.holds_of(rows)
    return {
        "items": [proposal_out(p, holds.get(p.pk)) for p in rows],
        "page": request.page,
        "size": request.size,
        "count": count,
    }


def _open_job(job_id: int) -> Job:
    job = Job.objects.select_related("client").filter(pk=job_id).first()
    if job is None:
        raise NotFound("Job not found.")
    return job


@router.post("/", response={201: ProposalOut})
def submit_proposal(request: HttpRequest, payload: ProposalIn) -> Status[dict[str, Any]]:
    """Send a proposal (costs the job's credits unless you were invited)."""
    proposal = actions.do_submit_proposal(
        actor=request.auth,  # type: ignore[attr-defined]
        job=_open_job(payload.job_id),
        cover_letter=payload.cover_letter,
        amount=payload.amount,
        estimated_duration=payload.estimated_duration,
    )
    actor = request.auth  # type: ignore[attr-defined]
    return Status(201, _own_proposal_out(actor, queries.access_proposal_by_id(actor, proposal.pk)))


@router.get("/", response=ProposalPage)
def my_proposals(request: HttpRequest, status: str | None = None, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Your own proposals, newest first."""
    return _proposal_page(queries.proposals_of_freelancer(request.auth, status), page, size)  # type: ignore[attr-defined]


@router.get("/credits", response=CreditsOut)
def my_credits(request: HttpRequest) -> dict[str, Any]:
    """Your proposal credits and the monthly quota."""
    return {
        "balance": queries.credit_balance(request.auth),  # type: ignore[attr-defined]
        "monthly_quota": settings.WORKFAIR["MONTHLY_PROPOSAL_CREDITS"],
    }


@router.get("/invitations", response=InvitationPage)
def my_invitations(request: HttpRequest, status: str | None = None, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Invitations you received, newest first."""
    rows, page_request, count = _page(queries.invitations_of_freelancer(request.auth, status), page, size)  # type: ignore[attr-defined]
    return {
        "items": [invitation_out(i) for i in rows],
        "page": page_request.page,
        "size": page_request.size,
        "count": count,
    }


@router.post("/invitations", response={201: InvitationOut})
def invite_freelancer(request: HttpRequest, payload: InvitationIn) -> Status[dict[str, Any]]:
    """Invite a freelancer to propose on your job (their proposal is then free)."""
    actor = request.auth  # type: ignore[attr-defined]
    job = queries.access_job_as_client(actor, payload.job_id)
    freelancer = get_user_model().objects.filter(pk=payload.freelancer_id, is_freelancer=True).first()
    if freelancer is None:
        raise InvalidInput("That person is not a freelancer on Workfair.")
    invitation = actions.do_invite_freelancer(actor=actor, job=job, freelancer=freelancer, message=payload.message)
    return Status(201, invitation_out(invitation))


@router.post("/invitations/{invitation_id}/decline", response=InvitationOut)
def decline_invitation(request: HttpRequest, invitation_id: int, payload: DeclineIn | None = None) -> dict[str, Any]:
    """Decline an invitation you received."""
    actor = request.auth  # type: ignore[attr-defined]
    invitation = queries.access_invitation_by_id(actor, invitation_id)
    actions.do_decline_invitation(actor=actor, invitation=invitation, reason=payload.reason if payload else "")
    return invitation_out(invitation)


@router.get("/jobs/{job_id}", response=ProposalPage)
def proposals_for_job(
    request: HttpRequest, job_id: int, status: str | None = None, page: int = 1, size: int = 20
) -> dict[str, Any]:
    """The proposals on your job (client of the job only)."""
    return _proposal_page(queries.proposals_for_job(request.auth, job_id, status), page, size)  # type: ignore[attr-defined]


@router.get("/{proposal_id}", response=ProposalOut)
def get_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """One proposal: yours, or one on your job."""
    actor = request.auth  # type: ignore[attr-defined]
    return _own_proposal_out(actor, queries.access_proposal_by_id(actor, proposal_id))


@router.post("/{proposal_id}/withdraw", response=ProposalOut)
def withdraw_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    proposal = queries.access_proposal_by_id(actor, proposal_id)
    actions.do_withdraw_proposal(actor=actor, proposal=proposal)
    return _own_proposal_out(actor, proposal)


@router.post("/{proposal_id}/decline", response=ProposalOut)
def decline_proposal(request: HttpRequest, proposal_id: int, payload: DeclineIn | None = None) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    proposal = queries.access_proposal_by_id(actor, proposal_id)
    actions.do_decline_proposal(actor=actor, proposal=proposal, reason=payload.reason if payload else "")
    return _own_proposal_out(actor, proposal)


@router.post("/{proposal_id}/shortlist", response=ProposalOut)
def shortlist_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    proposal = queries.access_proposal_by_id(actor, proposal_id)
    actions.do_shortlist_proposal(actor=actor, proposal=proposal)
    return _own_proposal_out(actor, proposal)


@router.post("/{proposal_id}/unshortlist", response=ProposalOut)
def unshortlist_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    proposal = queries.access_proposal_by_id(actor, proposal_id)
    actions.do_unshortlist_proposal(actor=actor, proposal=proposal)
    return _own_proposal_out(actor, proposal)


@router.post("/{proposal_id}/message", response=ProposalConversationOut)
def message_applicant(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    """Open (or reopen) the conversation about a proposal on your job; returns its id."""
    actor = request.auth  # type: ignore[attr-defined]
    proposal = queries.access_proposal_by_id(actor, proposal_id)
    conversation = actions.do_message_applicant(actor=actor, proposal=proposal)
    return {"conversation_id": conversation.pk}
