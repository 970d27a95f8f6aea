"""Every read about proposals, invitations and credits that depends on who asks.

`access_*` helpers raise NotFound both for missing rows and for rows the actor may not see."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from workfair.core.errors import InvalidInput, NotFound, PermissionDenied
from workfair.jobs.models import Job
from workfair.messaging.models import Conversation
from workfair.proposals import hooks
from workfair.proposals.models import CreditAccount, Invitation, Proposal, ProposalAttachment
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.trust.interface import ContentHold, content_holds, hidden_target_ids, require_capability

PROPOSAL_TYPE = "proposals.proposal"


def _user_id(actor: Any) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _check_status(status: str | None, choices: type[ProposalStatus] | type[InvitationStatus]) -> None:
    if status and status not in choices.values:
        raise InvalidInput(f"Unknown status {status!r}.")


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("job", "job__client", "freelancer", "invitation")


def access_proposal_by_id(actor: Any, proposal_id: int) -> Proposal:
    """The proposal, if `actor` wrote it or is the client of its job; NotFound otherwise. A proposal
    the trust engine hid or holds for review does not exist for the client (page, API, offer,
    message): only its freelancer sees it, with why (`hold_of`)."""
    user_id = _user_id(actor)
    if user_id is None:
        raise NotFound("Proposal not found.")
    proposal = (
        _proposals()
        .prefetch_related("attachments")
        .filter(Q(freelancer_id=user_id) | Q(job__client_id=user_id), pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise NotFound("Proposal not found.")
    if proposal.freelancer_id != user_id and hidden_target_ids(PROPOSAL_TYPE, [proposal.pk]):
        raise NotFound("Proposal not found.")
    if proposal.freelancer_id != user_id and not hooks.client_listing(Proposal.objects.filter(pk=proposal.pk)).exists():
        raise NotFound("Proposal not found.")  # taken from the client by an app above (a tossed letter)
    return proposal


def hold_of(proposal: Proposal) -> ContentHold | None:
    """Why the trust engine keeps this proposal from the client (held for review, or hidden), if it
    does: shown to its freelancer only."""
    return content_holds(PROPOSAL_TYPE, [proposal.pk]).get(str(proposal.pk))


def holds_of(proposals: list[Proposal]) -> dict[int, ContentHold]:
    """`hold_of` for many proposals in one query, by proposal id."""
    return {int(pk): hold for pk, hold in content_holds(PROPOSAL_TYPE, [p.pk for p in proposals]).items()}


def proposals_of_freelancer(actor: Any, status: str | None = None) -> QuerySet[Proposal]:
    """The actor's own proposals, newest first, optionally of one status."""
    _check_status(status, ProposalStatus)
    user_id = _user_id(actor)
    queryset = _proposals().filter(freelancer_id=user_id).order_by("-created_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def access_job_as_client(actor: Any, job_id: int) -> Job:
    """The job, if `actor` is its client; NotFound otherwise."""
    job = Job.objects.filter(pk=job_id, client_id=_user_id(actor)).first()
    if job is None:
        raise NotFound("Job not found.")
    return job


def proposals_for_job(actor: Any, job_id: int, status: str | None = None) -> QuerySet[Proposal]:
    """The proposals on a job, for the job's client only (NotFound for anyone else). Oldest first,
    so nobody is buried by later arrivals. Attachments are prefetched. Proposals the trust engine
    hid or holds for review are left out (two small queries to find them), and the apps above may
    narrow and reorder the list (`hooks.client_listing`: specific cover letters first)."""
    _check_status(status, ProposalStatus)
    job = access_job_as_client(actor, job_id)
    queryset = _proposals().prefetch_related("attachments").filter(job=job).order_by("created_at", "id")
    hidden = hidden_target_ids(PROPOSAL_TYPE, Proposal.objects.filter(job=job).values_list("pk", flat=True))
    if hidden:
        queryset = queryset.exclude(pk__in=[int(pk) for pk in hidden])
    if status:
        return hooks.client_listing(queryset.filter(status=status))
    # Withdrawn proposals are the freelancer's business, not the client's to sift through.
    return hooks.client_listing(queryset.exclude(status=ProposalStatus.WITHDRAWN))


def invitations_of_freelancer(actor: Any, status: str | None = None) -> QuerySet[Invitation]:
    """Invitations the actor received, newest first."""
    _check_status(status, InvitationStatus)
    queryset = (
        Invitation.objects.select_related("job", "client", "proposal")
        .filter(freelancer_id=_user_id(actor))
        .order_by("-created_at", "-id")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def invitations_for_job(actor: Any, job_id: int) -> QuerySet[Invitation]:
    """Invitations the job's client sent for this job (NotFound for anyone else)."""
    job = access_job_as_client(actor, job_id)
    return Invitation.objects.select_related("freelancer").filter(job=job).order_by("-created_at", "-id")


def access_invitation_by_id(actor: Any, invitation_id: int) -> Invitation:
    """The invitation, for the invited freelancer or the inviting client; NotFound otherwise."""
    user_id = _user_id(actor)
    invitation = (
        Invitation.objects.select_related("job", "client", "freelancer")
        .filter(Q(freelancer_id=user_id) | Q(client_id=user_id), pk=invitation_id)
        .first()
        if user_id is not None
        else None
    )
    if invitation is None:
        raise NotFound("Invitation not found.")
    return invitation


def credit_balance(user: Any) -> int:
    """The proposal credits `user` can spend now. A freelancer without an account yet gets this
    month's quota when it is opened (first proposal or refill), so that is what they have."""
    user_id = _user_id(user)
    if user_id is None:
        return 0
    account = CreditAccount.objects.filter(freelancer_id=user_id).only("balance").first()
    if account is not None:
        return account.balance
    return cast(int, settings.WORKFAIR["MONTHLY_PROPOSAL_CREDITS"]) if getattr(user, "is_freelancer", False) else 0


def attachment_for_download(actor: Any, attachment_id: int) -> ProposalAttachment:
    """An attachment, for the proposal's freelancer or the job's client; NotFound otherwise."""
    user_id = _user_id(actor)
    attachment = (
        ProposalAttachment.objects.select_related("proposal__job")
        .filter(Q(proposal__freelancer_id=user_id) | Q(proposal__job__client_id=user_id), pk=attachment_id)
        .first()
        if user_id is not None
        else None
    )
    if attachment is None:
        raise NotFound("Attachment not found.")
    return attachment


def is_client_revealed(job_id: int, freelancer_id: int) -> bool:
    """Whether the job's client has shown themselves to this freelancer: invited them, or opened a
    conversation about their proposal ("interview"). Until then the client's name stays hidden."""
    return (
        Invitation.objects.filter(job_id=job_id, freelancer_id=freelancer_id).exists()
        or Proposal.objects.filter(job_id=job_id, freelancer_id=freelancer_id, interviewed_at__isnull=False).exists()
    )


def has_hiring_relationship(client_id: int, freelancer_id: int) -> bool:
    """Whether the freelancer was invited to, or proposed on, one of the client's jobs. Every
    conversation between them is about one of these (or a contract), so this is also "they talked"."""
    return (
        Invitation.objects.filter(client_id=client_id, freelancer_id=freelancer_id).exists()
        or Proposal.objects.filter(job__client_id=client_id, freelancer_id=freelancer_id).exists()
    )


def conversation_id_of(proposal: Proposal) -> int | None:
    """The id of the conversation about this proposal, if the client opened one."""
    return Conversation.objects.filter(proposal=proposal).values_list("pk", flat=True).first()


def conversation_url(conversation_id: int) -> str:
    """The page of a conversation (owned by the messaging app)."""
    try:
        return reverse("messaging:conversation", args=[conversation_id])
    except NoReverseMatch:  # before the messaging pages are mounted, at their documented path
        return f"/messages/{conversation_id}/"


def bidding_refusal(user: Any) -> str | None:
    """Why `user` cannot send proposals right now (restricted, no verified phone, a pending security
    check), so the form can say so before the cover letter is written; None when they can."""
    try:
        require_capability(user, "bid")
    except PermissionDenied as exc:
        return exc.message
    return None
