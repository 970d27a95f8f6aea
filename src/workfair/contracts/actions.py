"""Every write about offers, contracts and milestones.

The hiring flow: a client makes an offer (hourly or fixed price with milestones); the freelancer
accepts it, which records their acceptance of the current platform NDA and starts a contract, or
declines it; the client may withdraw it while it waits; unanswered offers expire.

Escrow: a milestone starts `pending` (not funded). The client funds it (`do_fund_milestone`: the
payments app charges the card and holds the money in escrow, then reports "funded" through the
handler in `payment_hooks.py`, which calls `do_mark_milestone_funded`); only then can the
freelancer submit work on it. Approving releases the escrow; submitting starts the auto-release
window; ending a contract with money in escrow schedules its refund (docs/rules.md, "Fixed price").
A client needs a verified payment method to make an offer (`payments.interface.payment_verified`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from workfair.contracts.models import Contract, Milestone, NdaAcceptance, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import (
    CONTRACT_TRANSITIONS,
    MILESTONE_TRANSITIONS,
    OFFER_TRANSITIONS,
    ContractStatus,
    ContractType,
    EndReason,
    MilestoneStatus,
    OfferStatus,
)
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.core.money import MINOR_UNITS, format_money
from workfair.core.transitions import transition
from workfair.jobs.models import Job
from workfair.messaging.actions import do_open_conversation
from workfair.messaging.states import ConversationKind
from workfair.notifications.actions import do_notify
from workfair.payments import interface as payments
from workfair.proposals.actions import LIVE_PROPOSAL_STATUSES, do_mark_proposal_hired
from workfair.proposals.models import Proposal
from workfair.proposals.queries import has_hiring_relationship
from workfair.trust.interface import do_record_signal, hidden_target_ids, require_capability

MIN_HOURLY_RATE = 100  # minor units: 1.00 an hour
WEEKLY_LIMIT_RANGE = (1, 80)
MAX_MILESTONES = 20
MIN_MILESTONE_AMOUNT = 500  # minor units: 5.00, the escrow minimum
MAX_AMOUNT = 100_000_000
TITLE_MAX = 120
DESCRIPTION_MAX = 5000
NOTE_MAX = 1000


def _offer_url(offer: Offer) -> str:
    return reverse("contracts:offer_detail", args=[offer.pk])


def _contract_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk])


def _is_staff(actor: Any) -> bool:
    return bool(getattr(actor, "is_staff", False))


# --- offers -----------------------------------------------------------------------------------


def _validated_milestones(milestones: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if not 1 <= len(milestones) <= MAX_MILESTONES:
        raise InvalidInput(f"A fixed-price offer has 1 to {MAX_MILESTONES} milestones.")
    today = clock.today()
    cleaned = []
    for number, row in enumerate(milestones, start=1):
        title = str(row.get("title") or "").strip()
        amount = row.get("amount")
        due_date = row.get("due_date") or None
        if not title or len(title) > TITLE_MAX:
            raise InvalidInput(f"Milestone {number} needs a title of at most {TITLE_MAX} characters.")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < MIN_MILESTONE_AMOUNT:
            raise InvalidInput(f"Milestone {number}: the amount must be at least {MIN_MILESTONE_AMOUNT} minor units.")
        if amount > MAX_AMOUNT:
            raise InvalidInput(f"Milestone {number}: the amount is too large.")
        if due_date is not None:
            if isinstance(due_date, str):
                try:
                    due_date = dt.date.fromisoformat(due_date)
                except ValueError as exc:
                    raise InvalidInput(f"Milestone {number}: the due date is not a date (YYYY-MM-DD).") from exc
            if not isinstance(due_date, dt.date) or due_date < today:
                raise InvalidInput(f"Milestone {number}: the due date cannot be in the past.")
        cleaned.append({"title": title, "amount": amount, "due_date": due_date, "position": number})
    return cleaned


def _validate_hourly(hourly_rate: int | None, weekly_limit_hours: int | None) -> None:
    if not isinstance(hourly_rate, int) or isinstance(hourly_rate, bool) or hourly_rate < MIN_HOURLY_RATE:
        raise InvalidInput(f"The hourly rate must be at least {MIN_HOURLY_RATE} minor units.")
    if hourly_rate > MAX_AMOUNT:
        raise InvalidInput("The hourly rate is too large.")
    low, high = WEEKLY_LIMIT_RANGE
    if not isinstance(weekly_limit_hours, int) or not low <= weekly_limit_hours <= high:
        raise InvalidInput(f"The weekly limit must be {low} to {high} hours.")


def _check_offer_parties(actor: Any, freelancer: Any, job: Job | None, proposal: Proposal | None) -> Job | None:
    """Refuse unless `actor` may make this offer; returns the job the offer is about."""
    if not getattr(actor, "is_client", False):
        raise PermissionDenied("Only clients can make offers.")
    if freelancer is None or not getattr(freelancer, "is_freelancer", False) or not freelancer.is_active:
        raise InvalidInput("That person is not a freelancer on Workfair.")
    if freelancer.pk == actor.pk:
        raise InvalidInput("You cannot make an offer to yourself.")
    if proposal is not None:
        if proposal.job.client_id != actor.pk:
            raise PermissionDenied("You can only make offers on proposals to your own jobs.")
        if proposal.freelancer_id != freelancer.pk:
            raise InvalidInput("The offer must go to the freelancer who sent the proposal.")
        if hidden_target_ids("proposals.proposal", [proposal.pk]):
            raise NotFound("Proposal not found.")  # held or hidden: the client may not see it
        if proposal.status not in LIVE_PROPOSAL_STATUSES:
            raise Conflict(
                f"This proposal is {proposal.get_status_display().lower()}; you cannot make an offer on it.",
                code="invalid_state",
            )
        return proposal.job
    if job is not None and job.client_id != actor.pk:
        raise PermissionDenied("You can only make offers for your own jobs.")
    if not has_hiring_relationship(actor.pk, freelancer.pk) and not _had_contract(actor.pk, freelancer.pk):
        raise PermissionDenied(
            "You can make an offer only to a freelancer who proposed on, or was invited to, one of your jobs."
        )
    return job


def _had_contract(client_id: int, freelancer_id: int) -> bool:
    return Contract.objects.filter(client_id=client_id, freelancer_id=freelancer_id).exists()


@transaction.atomic
def do_make_offer(
    *,
    actor: Any,
    freelancer: Any,
    title: str,
    description: str,
    contract_type: str,
    currency: str,
    hourly_rate: int | None = None,
    weekly_limit_hours: int | None = None,
    manual_time_allowed: bool = False,
    milestones: Sequence[Mapping[str, Any]] = (),
    job: Job | None = None,
    proposal: Proposal | None = None,
) -> Offer:
    """A client offers a contract to a freelancer. Hourly: `hourly_rate` (>= 1.00) and
    `weekly_limit_hours` (1..80). Fixed price: 1..20 `milestones` ({title, amount, due_date}),
    each >= 5.00, due dates not in the past. Amounts in minor units of `currency`. On a proposal,
    the client must own its job and the proposal be submitted or shortlisted, with no other pending
    offer (409). Expires after `WORKFAIR["OFFER_EXPIRY_DAYS"]` days. Notifies the freelancer.
    A client whose account may not start contracts is refused (`AccountRestricted`, 403)."""
    require_capability(actor, "start_contract")
    if getattr(actor, "is_client", False) and not payments.payment_verified(actor.pk):
        raise PermissionDenied(
            "Add and verify a payment method before you send an offer: freelancers start work knowing "
            "the money is there.",
            code="payment_method_required",
        )
    if proposal is not None:
        # Lock the proposal so that two concurrent offers on it cannot both pass the check below.
        proposal = Proposal.objects.select_for_update().select_related("job").get(pk=proposal.pk)
    job = _check_offer_parties(actor, freelancer, job, proposal)
    title = (title or "").strip()
    description = (description or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput(f"The title is required, at most {TITLE_MAX} characters.")
    if len(description) > DESCRIPTION_MAX:
        raise InvalidInput(f"The description can have at most {DESCRIPTION_MAX} characters.")
    currency = (currency or "").upper()
    if currency not in MINOR_UNITS:
        raise InvalidInput(f"Unknown currency {currency!r}.")
    cleaned_milestones: list[dict[str, Any]] = []
    if contract_type == ContractType.HOURLY:
        _validate_hourly(hourly_rate, weekly_limit_hours)
        if milestones:
            raise InvalidInput("Hourly offers have no milestones.")
    elif contract_type == ContractType.FIXED:
        cleaned_milestones = _validated_milestones(milestones)
        hourly_rate, weekly_limit_hours, manual_time_allowed = None, None, False
    else:
        raise InvalidInput("The contract type is hourly or fixed.")
    if proposal is not None and Offer.objects.filter(proposal=proposal, status=OfferStatus.PENDING).exists():
        raise Conflict("There is already a pending offer on this proposal.", code="duplicate_offer")

    now = clock.now()
    offer = Offer.objects.create(
        client=actor,
        freelancer=freelancer,
        job=job,
        proposal=proposal,
        title=title,
        description=description,
        contract_type=contract_type,
        currency=currency,
        hourly_rate=hourly_rate,
        weekly_limit_hours=weekly_limit_hours,
        manual_time_allowed=bool(manual_time_allowed),
        expires_at=now + dt.timedelta(days=cast(int, settings.WORKFAIR["OFFER_EXPIRY_DAYS"])),
        created_at=now,
        updated_at=now,
    )
    Milestone.objects.bulk_create(
        [Milestone(offer=offer, created_at=now, updated_at=now, **row) for row in cleaned_milestones]
    )
    record_audit(
        actor=actor,
        action="offer.make",
        target=offer,
        data={
            "type": contract_type,
            "proposal": proposal.pk if proposal else None,
            "total": sum(row["amount"] for row in cleaned_milestones) if cleaned_milestones else None,
            "hourly_rate": hourly_rate,
        },
    )
    do_notify(
        freelancer,
        kind="offer.received",
        title=f"You have an offer: {title}",
        body=f"{actor.public_name} offered you a {offer.get_contract_type_display().lower()} contract.",
        url=_offer_url(offer),
    )
    return offer


@transaction.atomic
def do_withdraw_offer(*, actor: Any, offer: Offer) -> Offer:
    """The client takes back an offer the freelancer has not answered yet."""
    if offer.client_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the client who made this offer can withdraw it.")
    _refuse_unless_open(offer)
    transition(
        offer,
        OfferStatus.WITHDRAWN,
        table=OFFER_TRANSITIONS,
        actor=actor,
        error_message=f"This offer is {offer.status}; it can no longer be withdrawn.",
    )
    do_notify(
        offer.freelancer, kind="offer.withdrawn", title=f"The offer {offer.title} was withdrawn", url=_offer_url(offer)
    )
    return offer


@transaction.atomic
def do_decline_offer(*, actor: Any, offer: Offer, reason: str = "") -> Offer:
    """The freelancer says no to an offer, optionally saying why (shown to the client)."""
    if offer.freelancer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the freelancer this offer is for can decline it.")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise InvalidInput("The reason can have at most 500 characters.")
    _refuse_unless_open(offer)
    transition(
        offer,
        OfferStatus.DECLINED,
        table=OFFER_TRANSITIONS,
        actor=actor,
        reason=reason,
        extra_updates={"decline_reason": reason, "responded_at": clock.now()},
    )
    do_notify(
        offer.client,
        kind="offer.declined",
        title=f"{actor.public_name} declined your offer {offer.title}",
        body=reason,
        url=_offer_url(offer),
    )
    return offer


def do_expire_offers() -> int:
    """Move every pending offer past its `expires_at` to expired (idempotent). Returns how many."""
    now = clock.now()
    expired = 0
    ids = list(Offer.objects.filter(status=OfferStatus.PENDING, expires_at__lte=now).values_list("pk", flat=True))
    for offer_id in ids:
        with transaction.atomic():
            offer = Offer.objects.select_for_update().select_related("client", "freelancer").get(pk=offer_id)
            if offer.status != OfferStatus.PENDING:
                continue  # answered meanwhile
            transition(offer, OfferStatus.EXPIRED, table=OFFER_TRANSITIONS, actor=None, reason="not answered in time")
            do_notify(
                offer.client,
                kind="offer.expired",
                title=f"Your offer {offer.title} expired without an answer",
                url=_offer_url(offer),
                email=False,
            )
            expired += 1
    return expired


_CLOSED_OFFER_MESSAGES: dict[str, str] = {
    OfferStatus.ACCEPTED: "This offer was already accepted.",
    OfferStatus.DECLINED: "This offer was declined.",
    OfferStatus.WITHDRAWN: "This offer was withdrawn by the client.",
    OfferStatus.EXPIRED: "This offer has expired.",
}


def _refuse_unless_open(offer: Offer) -> None:
    """409 with a message that says why, unless the offer is pending and not past its expiry."""
    if offer.status != OfferStatus.PENDING:
        raise Conflict(_CLOSED_OFFER_MESSAGES.get(offer.status, "This offer is closed."), code="offer_closed")
    if offer.expires_at <= clock.now():
        raise Conflict("This offer has expired.", code="offer_closed")


@transaction.atomic
def do_accept_offer(*, actor: Any, offer: Offer, nda_version_id: int) -> Contract:
    """The freelancer accepts a pending, unexpired offer and the current NDA (`nda_version_id`
    must be the current version, else 409: read it again). Starts the contract with the offer's
    terms and milestones (unfunded), records the NDA acceptance with its version and time, marks
    the proposal hired, opens the contract conversation and notifies the client; all or nothing."""
    # Lock only the offer row: PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # join that select_related("proposal") makes.
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("client", "freelancer", "proposal")
        .get(pk=offer.pk)
    )
    if offer.freelancer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the freelancer this offer is for can accept it.")
    require_capability(actor, "start_contract")
    _refuse_unless_open(offer)
    nda = current_nda()
    if nda_version_id != nda.pk:
        raise Conflict(
            f"The NDA has changed: the current version is {nda.version}. Please read it again and accept it.",
            code="nda_outdated",
        )
    now = clock.now()
    contract = Contract.objects.create(
        offer=offer,
        client=offer.client,
        freelancer=offer.freelancer,
        job_id=offer.job_id,
        title=offer.title,
        contract_type=offer.contract_type,
        currency=offer.currency,
        hourly_rate=offer.hourly_rate,
        weekly_limit_hours=offer.weekly_limit_hours,
        manual_time_allowed=offer.manual_time_allowed,
        started_at=now,
        updated_at=now,
    )
    Milestone.objects.filter(offer=offer).update(contract=contract, updated_at=now)
    NdaAcceptance.objects.create(contract=contract, user=actor, nda_version=nda, accepted_at=now)
    transition(offer, OfferStatus.ACCEPTED, table=OFFER_TRANSITIONS, actor=actor, extra_updates={"responded_at": now})
    if offer.proposal is not None:
        do_mark_proposal_hired(actor=actor, proposal=offer.proposal)
    do_open_conversation(
        actor=None,
        kind=ConversationKind.CONTRACT,
        client=offer.client,
        freelancer=offer.freelancer,
        subject=offer.title,
        job=offer.job,
        contract=contract,
    )
    record_audit(
        actor=actor,
        action="contract.start",
        target=contract,
        data={"offer": offer.pk, "nda_version": nda.version, "nda_accepted_at": now.isoformat()},
    )
    do_record_signal(actor=actor, kind="contract.started", target_type="contracts.contract", target_id=contract.pk)
    do_notify(
        offer.client,
        kind="offer.accepted",
        title=f"{actor.public_name} accepted your offer {offer.title}",
        body="The contract has started.",
        url=_contract_url(contract),
    )
    return contract


# --- contracts --------------------------------------------------------------------------------


def _require_client(actor: Any, contract: Contract, what: str) -> None:
    if contract.client_id != getattr(actor, "pk", None):
        raise PermissionDenied(f"Only the client of this contract can {what} it.")


@transaction.atomic
def do_pause_contract(*, actor: Any, contract: Contract, reason: str = "") -> Contract:
    """The client pauses an active contract (no new work is expected until resumed)."""
    _require_client(actor, contract, "pause")
    transition(
        contract,
        ContractStatus.PAUSED,
        table=CONTRACT_TRANSITIONS,
        actor=actor,
        reason=(reason or "")[:NOTE_MAX],
        error_message=f"This contract is {contract.status}; only an active contract can be paused.",
    )
    do_notify(
        contract.freelancer, kind="contract.paused", title=f"{contract.title} was paused", url=_contract_url(contract)
    )
    return contract


@transaction.atomic
def do_resume_contract(*, actor: Any, contract: Contract) -> Contract:
    """The client resumes a paused contract."""
    _require_client(actor, contract, "resume")
    transition(
        contract,
        ContractStatus.ACTIVE,
        table=CONTRACT_TRANSITIONS,
        actor=actor,
        error_message=f"This contract is {contract.status}; only a paused contract can be resumed.",
    )
    do_notify(
        contract.freelancer, kind="contract.resumed", title=f"{contract.title} was resumed", url=_contract_url(contract)
    )
    return contract


def _end_reason_for(actor: Any, contract: Contract, reason: str) -> str:
    """Who may end a contract with which recorded reason."""
    if contract.client_id == getattr(actor, "pk", None):
        allowed = {EndReason.COMPLETED, EndReason.CLIENT_ENDED}
        default = EndReason.CLIENT_ENDED
    elif contract.freelancer_id == getattr(actor, "pk", None):
        allowed = {EndReason.COMPLETED, EndReason.FREELANCER_ENDED}
        default = EndReason.FREELANCER_ENDED
    elif _is_staff(actor):
        allowed, default = {EndReason.STAFF_ENDED}, EndReason.STAFF_ENDED
    else:
        raise PermissionDenied("Only the client or the freelancer of this contract can end it.")
    reason = reason or default
    if reason not in allowed:
        raise InvalidInput(f"Choose one of: {', '.join(sorted(allowed))}.")
    return reason


@transaction.atomic
def do_end_contract(*, actor: Any, contract: Contract, reason: str = "", note: str = "") -> Contract:
    """The client or the freelancer (or staff) ends the contract. `reason` is an `EndReason` value
    ("completed", or "client_ended"/"freelancer_ended" by default for the actor's side); `note` is
    free text. Milestones never funded are cancelled; money in escrow on funded ones is refunded
    to the client after the freelancer's dispute window (`WORKFAIR_PAYMENTS["END_DISPUTE_DAYS"]`)."""
    end_reason = _end_reason_for(actor, contract, reason)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"The note can have at most {NOTE_MAX} characters.")
    now = clock.now()
    transition(
        contract,
        ContractStatus.ENDED,
        table=CONTRACT_TRANSITIONS,
        actor=actor,
        reason=note or end_reason,
        extra_updates={"ended_at": now, "end_reason": end_reason, "end_note": note},
        error_message="This contract has already ended.",
    )
    for milestone in Milestone.objects.filter(contract=contract, status=MilestoneStatus.PENDING):
        transition(
            milestone, MilestoneStatus.CANCELLED, table=MILESTONE_TRANSITIONS, actor=actor, reason="contract ended"
        )
    # Money still in escrow: the freelancer has some days to dispute, then it goes back (docs/rules.md).
    payments.do_schedule_group_refunds(group=("contracts.contract", contract.pk), at=now)
    do_record_signal(actor=actor, kind="contract.ended", target_type="contracts.contract", target_id=contract.pk,
                     context={"end_reason": end_reason})  # fmt: skip
    for person in (contract.client, contract.freelancer):
        if person.pk != getattr(actor, "pk", None):
            do_notify(
                person,
                kind="contract.ended",
                title=f"{contract.title} has ended",
                body=note,
                url=_contract_url(contract),
            )
    return contract


# --- milestones -------------------------------------------------------------------------------


MILESTONE = "contracts.milestone"


def milestone_target(milestone: Milestone) -> tuple[str, int]:
    return (MILESTONE, milestone.pk)


@transaction.atomic
def do_fund_milestone(*, actor: Any, milestone: Milestone) -> payments.FundResult:
    """The client funds a pending milestone of an active contract: the payments app charges the
    client's verified card the amount plus the client fee and holds the amount in escrow, then
    the milestone is `funded` (through the payments handler). A declined card returns
    `FundResult(ok=False)`: the attempt is kept, nothing moved (callers answer 402). Once: a
    funded milestone is refused (409) and charged nothing. The contract and the milestone are
    locked, in that order (the order `do_end_contract` takes them), so funding and ending at once
    cannot both happen."""
    if milestone.contract_id is None:
        raise Conflict("This milestone belongs to an offer that has not been accepted.", code="invalid_state")
    contract = Contract.objects.select_for_update().get(pk=milestone.contract_id)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if contract.client_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the client of this contract can fund its milestones.")
    if contract.status != ContractStatus.ACTIVE:
        raise Conflict(
            f"This contract is {contract.status}; milestones are funded on active contracts.", code="invalid_state"
        )
    if locked.status != MilestoneStatus.PENDING:
        raise Conflict(
            f"This milestone is {locked.get_status_display().lower()}; only an unfunded milestone is funded.",
            code="already_funded",
        )
    result = payments.do_fund_escrow(
        actor=actor,
        target=milestone_target(locked),
        group=("contracts.contract", contract.pk),
        freelancer_id=contract.freelancer_id,
        amount=locked.amount,
        currency=contract.currency,
        description=f"{contract.title}: {locked.title}",
    )
    milestone.refresh_from_db()
    return result


@transaction.atomic
def do_refund_milestone(*, actor: Any, milestone: Milestone, amount: int | None = None, note: str = "") -> Milestone:
    """The freelancer (or staff) gives back `amount` (default all) of a milestone's escrow to the
    client. All of it: the milestone is cancelled."""
    contract = _milestone_contract(milestone)
    if contract.freelancer_id != getattr(actor, "pk", None) and not _is_staff(actor):
        raise PermissionDenied("Only the freelancer of this contract (or staff) can refund a milestone.")
    if milestone.status not in (MilestoneStatus.FUNDED, MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED):
        raise Conflict(
            f"This milestone is {milestone.get_status_display().lower()}; nothing is in escrow.", code="invalid_state"
        )
    payments.do_refund_escrow(actor=actor, target=milestone_target(milestone), amount=amount, reason=note)
    milestone.refresh_from_db()
    return milestone


@transaction.atomic
def do_mark_milestone_funded(*, actor: Any, milestone: Milestone) -> Milestone:
    """The escrow seam: the payments app calls this (actor None: the system) once the client's
    money for `milestone` is held in escrow. Staff may also call it by hand. Not for clients or
    freelancers: funding is proven by the ledger, not claimed."""
    if actor is not None and not _is_staff(actor):
        raise PermissionDenied("Only the payments system can mark a milestone funded.")
    contract = _milestone_contract(milestone)
    if contract.status == ContractStatus.ENDED:
        raise Conflict("This contract has ended; its milestones cannot be funded.", code="invalid_state")
    transition(milestone, MilestoneStatus.FUNDED, table=MILESTONE_TRANSITIONS, actor=actor)
    do_notify(
        contract.freelancer,
        kind="milestone.funded",
        title=f"Milestone funded: {milestone.title}",
        body="You can start working on it.",
        url=_contract_url(contract),
    )
    return milestone


def _milestone_contract(milestone: Milestone) -> Contract:
    if milestone.contract_id is None:
        raise Conflict("This milestone belongs to an offer that has not been accepted.", code="invalid_state")
    return Contract.objects.select_related("client", "freelancer").get(pk=milestone.contract_id)


@transaction.atomic
def do_submit_milestone(*, actor: Any, milestone: Milestone, note: str = "") -> Milestone:
    """The freelancer submits work on a funded milestone (or after changes were requested)."""
    contract = _milestone_contract(milestone)
    if contract.freelancer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the freelancer of this contract can submit work.")
    if contract.status != ContractStatus.ACTIVE:
        raise Conflict(f"This contract is {contract.status}; work cannot be submitted now.", code="invalid_state")
    note = (note or "").strip()
    if len(note) > 5000:
        raise InvalidInput("The note can have at most 5000 characters.")
    error = (
        "This milestone is not funded yet: work is submitted only on funded milestones."
        if milestone.status == MilestoneStatus.PENDING
        else f"This milestone is {milestone.get_status_display().lower()}; it cannot be submitted."
    )
    transition(
        milestone,
        MilestoneStatus.SUBMITTED,
        table=MILESTONE_TRANSITIONS,
        actor=actor,
        extra_updates={"submitted_at": clock.now(), "submission_note": note},
        error_message=error,
    )
    payments.do_schedule_auto_release(target=milestone_target(milestone), submitted_at=clock.now())
    do_notify(
        contract.client,
        kind="milestone.submitted",
        title=f"Work submitted: {milestone.title}",
        body=note,
        url=_contract_url(contract),
    )
    return milestone


@transaction.atomic
def do_approve_milestone(*, actor: Any, milestone: Milestone) -> Milestone:
    """The client approves submitted work, or the system (actor None) once the review window after
    submission has passed; the escrow is released to the freelancer in the same transaction (a
    milestone marked funded by staff without escrow has nothing to release)."""
    contract = _milestone_contract(milestone)
    if actor is not None:
        _require_client(actor, contract, "approve work on")
    transition(
        milestone,
        MilestoneStatus.APPROVED,
        table=MILESTONE_TRANSITIONS,
        actor=actor,
        reason="" if actor is not None else "released automatically after the review window",
        extra_updates={"approved_at": clock.now()},
        error_message=f"This milestone is {milestone.get_status_display().lower()}; only submitted work is approved.",
    )
    if payments.escrow_of(milestone_target(milestone)) is not None:
        payments.do_release_escrow(actor=actor, target=milestone_target(milestone))
    do_notify(
        contract.freelancer,
        kind="milestone.approved",
        title=f"Approved: {milestone.title} ({format_money(milestone.amount, contract.currency)})",
        url=_contract_url(contract),
    )
    return milestone


@transaction.atomic
def do_request_milestone_changes(*, actor: Any, milestone: Milestone, note: str) -> Milestone:
    """The client asks for changes to submitted work, saying what (required)."""
    contract = _milestone_contract(milestone)
    _require_client(actor, contract, "request changes on")
    note = (note or "").strip()
    if not note or len(note) > 5000:
        raise InvalidInput("Say what should change (at most 5000 characters).")
    transition(
        milestone,
        MilestoneStatus.CHANGES_REQUESTED,
        table=MILESTONE_TRANSITIONS,
        actor=actor,
        reason=note[:500],
        extra_updates={"changes_note": note},
        error_message=f"This milestone is {milestone.get_status_display().lower()}; ask changes on submitted work.",
    )
    payments.do_cancel_auto_release(target=milestone_target(milestone))
    do_notify(
        contract.freelancer,
        kind="milestone.changes_requested",
        title=f"Changes requested: {milestone.title}",
        body=note,
        url=_contract_url(contract),
    )
    return milestone
