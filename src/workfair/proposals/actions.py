"""Every write about proposals, invitations and proposal credits.

Credits: a freelancer's `CreditAccount.balance` always equals the sum of its `CreditTransaction`
deltas and is never negative (a check constraint backs this). Every change locks the account row
(`select_for_update`), writes one transaction row and moves the balance with an `F()` update, in
the same database transaction as the proposal it pays for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from workfair.core import clock, ratelimits
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.core.transitions import transition
from workfair.jobs.models import Job
from workfair.jobs.states import JobDuration, JobStatus, JobVisibility
from workfair.messaging.actions import do_open_conversation
from workfair.messaging.models import Conversation
from workfair.messaging.states import ConversationKind
from workfair.notifications.actions import do_notify
from workfair.proposals import hooks
from workfair.proposals.attachments import MAX_ATTACHMENTS, UploadedFileLike, check_attachment
from workfair.proposals.models import (
    CreditAccount,
    CreditTransaction,
    Invitation,
    Proposal,
    ProposalAttachment,
)
from workfair.proposals.queries import conversation_url
from workfair.proposals.states import (
    INVITATION_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    CreditReason,
    InvitationStatus,
    ProposalStatus,
)
from workfair.trust.interface import Outcome, do_record_signal, require_capability

COVER_LETTER_MIN = 50
COVER_LETTER_MAX = 5000
INVITATION_MESSAGE_MAX = 5000
DECLINE_REASON_MAX = 500
MAX_AMOUNT = 100_000_000  # 1,000,000.00 in a two-decimal currency: a typo guard, not a policy

# Proposals the client can still act on (shortlist, decline, hire, talk to).
LIVE_PROPOSAL_STATUSES = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED})


# --- credits ----------------------------------------------------------------------------------


def current_period() -> str:
    """The refill period of the clock's current moment: "YYYY-MM" in UTC."""
    return clock.now().strftime("%Y-%m")


def _monthly_quota() -> int:
    return cast(int, settings.WORKFAIR["MONTHLY_PROPOSAL_CREDITS"])


def _refill_locked(account: CreditAccount, period: str) -> bool:
    """Top `account` (locked by the caller) up to the monthly quota once for `period`.
    Returns False when this period's refill already happened."""
    if CreditTransaction.objects.filter(account=account, reason=CreditReason.MONTHLY_REFILL, period=period).exists():
        return False
    # Refill *to* the quota: unused credits do not pile up month after month.
    delta = max(0, _monthly_quota() - account.balance)
    now = clock.now()
    try:
        with transaction.atomic():  # savepoint: a concurrent refill loses on the unique constraint
            CreditTransaction.objects.create(
                account=account, delta=delta, reason=CreditReason.MONTHLY_REFILL, period=period, created_at=now
            )
    except IntegrityError:
        return False
    CreditAccount.objects.filter(pk=account.pk).update(balance=F("balance") + delta, last_refill_at=now)
    account.refresh_from_db(fields=["balance", "last_refill_at"])
    return True


def ensure_credit_account(freelancer: Any) -> CreditAccount:
    """Return the freelancer's credit account, creating it with this month's credits if missing."""
    account = CreditAccount.objects.filter(freelancer=freelancer).first()
    if account is not None:
        return account
    with transaction.atomic():
        try:
            with transaction.atomic():
                account = CreditAccount.objects.create(freelancer=freelancer, balance=0)
        except IntegrityError:  # created meanwhile by a concurrent request
            return CreditAccount.objects.get(freelancer=freelancer)
        account = CreditAccount.objects.select_for_update().get(pk=account.pk)
        _refill_locked(account, current_period())
        record_audit(actor=None, action="credit_account.open", target=account, data={"balance": account.balance})
    return account


def do_refill_credits(freelancer: Any = None) -> int:
    """Give this month's proposal credits (top up to `WORKFAIR["MONTHLY_PROPOSAL_CREDITS"]`) to one
    freelancer, or to every freelancer when `freelancer` is None. Idempotent: at most one refill per
    account per month (a unique constraint enforces it). Returns how many accounts were refilled now."""
    period = current_period()
    if freelancer is not None:
        users: Iterable[Any] = [freelancer]
    else:
        # Skip everyone already refilled this period, so a rerun costs one query.
        done = CreditTransaction.objects.filter(reason=CreditReason.MONTHLY_REFILL, period=period)
        users = (
            get_user_model()
            .objects.filter(is_freelancer=True, is_active=True)
            .exclude(pk__in=done.values("account__freelancer_id"))
            .order_by("pk")
            .iterator()
        )
    refilled = 0
    for user in users:
        existed = CreditAccount.objects.filter(freelancer=user).exists()
        account = ensure_credit_account(user)
        if not existed:
            refilled += 1  # its first month was granted on creation
            continue
        with transaction.atomic():
            locked = CreditAccount.objects.select_for_update().get(pk=account.pk)
            if _refill_locked(locked, period):
                record_audit(actor=None, action="credit_account.refill", target=locked, data={"period": period})
                refilled += 1
    return refilled


def _spend_credits(freelancer: Any, cost: int, proposal: Proposal) -> None:
    """Take `cost` credits for `proposal`; refuse with 409 when the balance is short. Call inside
    the proposal's transaction."""
    account = ensure_credit_account(freelancer)
    account = CreditAccount.objects.select_for_update().get(pk=account.pk)
    if account.balance < cost:
        raise Conflict(
            f"Not enough credits: this job costs {cost}, you have {account.balance}.", code="not_enough_credits"
        )
    CreditTransaction.objects.create(
        account=account, delta=-cost, reason=CreditReason.PROPOSAL, proposal=proposal, created_at=clock.now()
    )
    CreditAccount.objects.filter(pk=account.pk).update(balance=F("balance") - cost)


@transaction.atomic
def do_refund_proposal_credits(*, actor: Any, proposal: Proposal, reason: str = "") -> int:
    """Give back the credits a proposal cost (e.g. its job was closed without a hire, or removed by
    staff). At most once per proposal. Returns the number of credits given back (0 if none)."""
    if proposal.credits_spent == 0:
        return 0
    account = CreditAccount.objects.select_for_update().get(freelancer_id=proposal.freelancer_id)
    if CreditTransaction.objects.filter(proposal=proposal, reason=CreditReason.REFUND).exists():
        return 0
    CreditTransaction.objects.create(
        account=account,
        delta=proposal.credits_spent,
        reason=CreditReason.REFUND,
        proposal=proposal,
        created_at=clock.now(),
    )
    CreditAccount.objects.filter(pk=account.pk).update(balance=F("balance") + proposal.credits_spent)
    record_audit(
        actor=actor,
        action="proposal.credits_refunded",
        target=proposal,
        data={"credits": proposal.credits_spent, "reason": reason[:200]},
    )
    return proposal.credits_spent


def do_refund_credits_for_job(*, actor: Any, job: Job, reason: str = "") -> int:
    """Refund every paid proposal on `job` (the jobs app calls this when a job closes without a
    hire or is removed). Idempotent. Returns the total credits given back."""
    total = 0
    for proposal in Proposal.objects.filter(job=job, credits_spent__gt=0).exclude(status=ProposalStatus.HIRED):
        total += do_refund_proposal_credits(actor=actor, proposal=proposal, reason=reason)
    return total


# --- proposals --------------------------------------------------------------------------------


def _proposal_url(proposal: Proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _check_job_open_for(freelancer: Any, job: Job) -> Invitation | None:
    """Refuse unless `freelancer` may propose on `job`; return their pending invitation, if any."""
    if not getattr(freelancer, "is_freelancer", False):
        raise PermissionDenied("Only freelancers can send proposals.")
    invitation = Invitation.objects.filter(job=job, freelancer=freelancer, status=InvitationStatus.PENDING).first()
    if job.visibility == JobVisibility.INVITE_ONLY and invitation is None:
        raise NotFound("Job not found.")
    if job.status in (JobStatus.DRAFT, JobStatus.SUBMITTED, JobStatus.REFUSED):
        raise NotFound("Job not found.")  # never published: its id reveals nothing
    if job.client_id == freelancer.pk:
        raise PermissionDenied("You cannot send a proposal to your own job.")
    if job.status != JobStatus.OPEN:
        raise Conflict("This job is no longer open for proposals.", code="job_not_open")
    return invitation


def _validate_proposal_terms(cover_letter: str, amount: int, estimated_duration: str) -> str:
    letter = (cover_letter or "").strip()
    if len(letter) < COVER_LETTER_MIN:
        raise InvalidInput(f"The cover letter needs at least {COVER_LETTER_MIN} characters.")
    if len(letter) > COVER_LETTER_MAX:
        raise InvalidInput(f"The cover letter can have at most {COVER_LETTER_MAX} characters.")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if amount > MAX_AMOUNT:
        raise InvalidInput("The amount is too large.")
    if estimated_duration and estimated_duration not in JobDuration.values:
        raise InvalidInput("Choose one of the listed durations.")
    return letter


@transaction.atomic
def do_submit_proposal(
    *,
    actor: Any,
    job: Job,
    cover_letter: str,
    amount: int,
    estimated_duration: str = "",
    attachments: Sequence[UploadedFileLike] = (),
) -> Proposal:
    """Send a proposal on an open job. `amount` is the hourly rate (hourly jobs) or the bid (fixed),
    in minor units of the job's currency. Costs `job.proposal_credits` credits, or nothing when the
    freelancer was invited (the invitation becomes accepted). One proposal per job and freelancer
    (409). Up to 5 attachments, each of an allowed type and size. Notifies the client (unless the
    trust engine hid or held the proposal). A freelancer whose account may not bid is refused
    (`AccountRestricted`, 403) and nothing changes."""
    require_capability(actor, "bid")
    job = Job.objects.select_for_update().get(pk=job.pk)
    invitation = _check_job_open_for(actor, job)
    letter = _validate_proposal_terms(cover_letter, amount, estimated_duration)
    if len(attachments) > MAX_ATTACHMENTS:
        raise InvalidInput(f"At most {MAX_ATTACHMENTS} attachments.")
    kinds = [check_attachment(upload) for upload in attachments]
    if Proposal.objects.filter(job=job, freelancer=actor).exists():
        raise Conflict("You already sent a proposal for this job.", code="duplicate_proposal")
    ratelimits.consume("proposal", user_id=actor.pk)
    ratelimits.consume("upload", user_id=actor.pk, hits=len(kinds))

    cost = 0 if invitation is not None else job.proposal_credits
    now = clock.now()
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                job=job,
                freelancer=actor,
                invitation=invitation,
                cover_letter=letter,
                amount=amount,
                currency=job.currency,
                estimated_duration=estimated_duration,
                credits_spent=cost,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError as exc:  # a concurrent submit of the same proposal
        raise Conflict("You already sent a proposal for this job.", code="duplicate_proposal") from exc
    if cost:
        _spend_credits(actor, cost, proposal)
    else:
        ensure_credit_account(actor)
    if invitation is not None:
        transition(
            invitation,
            InvitationStatus.ACCEPTED,
            table=INVITATION_TRANSITIONS,
            actor=actor,
            extra_updates={"responded_at": now},
        )
    for upload, kind in zip(attachments, kinds, strict=True):
        name = (upload.name or "file").rsplit("/", 1)[-1][:200]
        attachment = ProposalAttachment(
            proposal=proposal, name=name, size=upload.size or 0, content_type=kind.content_type, created_at=now
        )
        attachment.file.save(name, ContentFile(upload.read()), save=False)
        attachment.save()
    record_audit(
        actor=actor,
        action="proposal.submit",
        target=proposal,
        data={"job": job.pk, "credits": cost, "invited": invitation is not None, "attachments": len(kinds)},
    )
    hooks.proposal_submitted(proposal)  # the cover-letter checks of the apps above (minding)
    screened = do_record_signal(actor=actor, kind="proposal.sent", surface="proposal", text=letter,
                                target_type="proposals.proposal", target_id=proposal.pk)  # fmt: skip
    if screened.outcome in (Outcome.ALLOW, Outcome.WARN):
        _notify_proposal_received(proposal)
    return proposal


def _notify_proposal_received(proposal: Proposal) -> None:
    do_notify(
        proposal.job.client,
        kind="proposal.received",
        title=f"New proposal on {proposal.job.title}",
        body=f"{proposal.freelancer.public_name} sent a proposal.",
        url=_proposal_url(proposal),
    )


def do_deliver_released_proposal(*, actor: Any, proposal_id: int) -> dict[str, Any]:
    """A proposal the trust engine held (or hid) was cleared by a moderator: the client now learns of
    it, as on a normal submission. Called by the trust engine, inside its transaction, through the
    content release registered in `proposals.trust_hooks`; a proposal gone meanwhile is skipped."""
    proposal = Proposal.objects.select_related("job__client", "freelancer").filter(pk=proposal_id).first()
    if proposal is None or proposal.status not in LIVE_PROPOSAL_STATUSES:
        return {"delivered": False}
    _notify_proposal_received(proposal)
    record_audit(actor=actor, action="proposal.released", target=proposal, data={"job": proposal.job_id})
    return {"delivered": True}


def _require_freelancer_of(actor: Any, proposal: Proposal) -> None:
    if actor is None or proposal.freelancer_id != actor.pk:
        raise PermissionDenied("Only the freelancer who sent this proposal can do that.")


def _require_client_of(actor: Any, proposal: Proposal) -> None:
    if actor is None or proposal.job.client_id != actor.pk:
        raise PermissionDenied("Only the client of this job can do that.")


@transaction.atomic
def do_withdraw_proposal(*, actor: Any, proposal: Proposal, reason: str = "") -> Proposal:
    """The freelancer takes back a submitted or shortlisted proposal. Credits are not returned."""
    _require_freelancer_of(actor, proposal)
    transition(
        proposal,
        ProposalStatus.WITHDRAWN,
        table=PROPOSAL_TRANSITIONS,
        actor=actor,
        reason=reason[:DECLINE_REASON_MAX],
        error_message=f"This proposal is {proposal.get_status_display().lower()}; it can no longer be withdrawn.",
    )
    do_notify(
        proposal.job.client,
        kind="proposal.withdrawn",
        title=f"A proposal on {proposal.job.title} was withdrawn",
        url=_proposal_url(proposal),
        email=False,
    )
    return proposal


@transaction.atomic
def do_decline_proposal(*, actor: Any, proposal: Proposal, reason: str = "") -> Proposal:
    """The job's client declines a proposal, optionally saying why (shown to the freelancer)."""
    _require_client_of(actor, proposal)
    reason = (reason or "").strip()
    if len(reason) > DECLINE_REASON_MAX:
        raise InvalidInput(f"The reason can have at most {DECLINE_REASON_MAX} characters.")
    transition(
        proposal,
        ProposalStatus.DECLINED,
        table=PROPOSAL_TRANSITIONS,
        actor=actor,
        reason=reason,
        extra_updates={"decline_reason": reason},
        error_message=f"This proposal is {proposal.get_status_display().lower()}; it cannot be declined.",
    )
    do_notify(
        proposal.freelancer,
        kind="proposal.declined",
        title=f"Your proposal on {proposal.job.title} was declined",
        body=reason,
        url=_proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def do_shortlist_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    """The job's client puts a submitted proposal on the shortlist."""
    _require_client_of(actor, proposal)
    transition(
        proposal,
        ProposalStatus.SHORTLISTED,
        table=PROPOSAL_TRANSITIONS,
        actor=actor,
        error_message=f"This proposal is {proposal.get_status_display().lower()}; it cannot be shortlisted.",
    )
    return proposal


@transaction.atomic
def do_unshortlist_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    """The job's client takes a proposal off the shortlist (back to submitted)."""
    _require_client_of(actor, proposal)
    if proposal.status != ProposalStatus.SHORTLISTED:
        raise Conflict("This proposal is not on the shortlist.", code="invalid_state")
    transition(proposal, ProposalStatus.SUBMITTED, table=PROPOSAL_TRANSITIONS, actor=actor)
    return proposal


@transaction.atomic
def do_mark_proposal_hired(*, actor: Any, proposal: Proposal) -> Proposal:
    """Record that the proposal led to a contract. Called by `contracts.actions.do_accept_offer`
    inside its transaction (actor: the freelancer who accepted the offer)."""
    transition(
        proposal,
        ProposalStatus.HIRED,
        table=PROPOSAL_TRANSITIONS,
        actor=actor,
        error_message=f"The proposal behind this offer is {proposal.get_status_display().lower()}.",
    )
    return proposal


@transaction.atomic
def do_message_applicant(*, actor: Any, proposal: Proposal) -> Conversation:
    """The job's client opens (or reopens) the conversation about a proposal. This is the
    "interview": from then on the freelancer sees the client's name. Freelancers cannot do this."""
    _require_client_of(actor, proposal)
    if proposal.status in (ProposalStatus.WITHDRAWN, ProposalStatus.ARCHIVED):
        raise Conflict("This proposal was withdrawn; you cannot message about it.", code="invalid_state")
    first_time = proposal.interviewed_at is None
    conversation = do_open_conversation(
        actor=actor,
        kind=ConversationKind.PROPOSAL,
        client=actor,
        freelancer=proposal.freelancer,
        subject=proposal.job.title,
        job=proposal.job,
        proposal=proposal,
    )
    if first_time:
        now = clock.now()
        Proposal.objects.filter(pk=proposal.pk, interviewed_at__isnull=True).update(interviewed_at=now)
        proposal.interviewed_at = now
        record_audit(actor=actor, action="proposal.interview", target=proposal, data={"conversation": conversation.pk})
        do_notify(
            proposal.freelancer,
            kind="proposal.interview",
            title=f"The client of {proposal.job.title} wants to talk",
            url=conversation_url(conversation.pk),
        )
    return conversation


# --- invitations ------------------------------------------------------------------------------


@transaction.atomic
def do_invite_freelancer(*, actor: Any, job: Job, freelancer: Any, message: str) -> Invitation:
    """The job's client invites a freelancer to propose (for free). Opens the invitation
    conversation and notifies the freelancer. Once per job and freelancer (409)."""
    if job.client_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the client of this job can invite freelancers to it.")
    if job.status != JobStatus.OPEN:
        raise Conflict("This job is not open; nobody can be invited to it.", code="job_not_open")
    if not getattr(freelancer, "is_freelancer", False) or not freelancer.is_active:
        raise InvalidInput("That person is not a freelancer on Workfair.")
    if freelancer.pk == actor.pk:
        raise InvalidInput("You cannot invite yourself.")
    message = (message or "").strip()
    if len(message) > INVITATION_MESSAGE_MAX:
        raise InvalidInput(f"The message can have at most {INVITATION_MESSAGE_MAX} characters.")
    if Invitation.objects.filter(job=job, freelancer=freelancer).exists():
        raise Conflict("This freelancer was already invited to this job.", code="duplicate_invitation")
    if Proposal.objects.filter(job=job, freelancer=freelancer).exists():
        raise Conflict("This freelancer already sent a proposal for this job.", code="duplicate_invitation")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                job=job, client=actor, freelancer=freelancer, message=message, created_at=clock.now()
            )
    except IntegrityError as exc:
        raise Conflict("This freelancer was already invited to this job.", code="duplicate_invitation") from exc
    do_open_conversation(
        actor=actor,
        kind=ConversationKind.INVITATION,
        client=actor,
        freelancer=freelancer,
        subject=f"Invitation: {job.title}",
        job=job,
        invitation=invitation,
    )
    record_audit(actor=actor, action="invitation.send", target=invitation, data={"job": job.pk})
    do_notify(
        freelancer,
        kind="invitation.received",
        title=f"You are invited to propose on {job.title}",
        body=message[:500],
        url=reverse("proposals:invitation", args=[invitation.pk]),
    )
    return invitation


@transaction.atomic
def do_decline_invitation(*, actor: Any, invitation: Invitation, reason: str = "") -> Invitation:
    """The invited freelancer says no. Notifies the client."""
    if actor is None or invitation.freelancer_id != actor.pk:
        raise PermissionDenied("Only the invited freelancer can decline this invitation.")
    transition(
        invitation,
        InvitationStatus.DECLINED,
        table=INVITATION_TRANSITIONS,
        actor=actor,
        reason=(reason or "")[:DECLINE_REASON_MAX],
        extra_updates={"responded_at": clock.now()},
        error_message=f"This invitation is {invitation.get_status_display().lower()}; it cannot be declined.",
    )
    do_notify(
        invitation.job.client,
        kind="invitation.declined",
        title=f"{actor.public_name} declined your invitation to {invitation.job.title}",
        body=(reason or "")[:500],
        url=reverse("proposals:job_proposals", args=[invitation.job_id]),
        email=False,
    )
    return invitation
