"""JSON API for offers, contracts, milestones and the NDA (thin: parse, call queries/actions, return)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from workfair.contracts import actions, queries
from workfair.contracts.models import Contract, Milestone, Offer
from workfair.contracts.schemas import (
    AcceptIn,
    ContractOut,
    ContractPage,
    EndIn,
    MilestoneOut,
    NdaOut,
    NoteIn,
    OfferIn,
    OfferOut,
    OfferPage,
    ReasonIn,
    RefundIn,
)
from workfair.core.errors import InvalidInput
from workfair.core.pagination import PageRequest
from workfair.payments import interface as payments
from workfair.proposals.queries import access_job_as_client, access_proposal_by_id

router = Router(tags=["contracts"])


def milestone_out(milestone: Milestone) -> dict[str, Any]:
    return {
        "id": milestone.pk,
        "position": milestone.position,
        "title": milestone.title,
        "amount": milestone.amount,
        "due_date": milestone.due_date,
        "status": milestone.status,
        "submitted_at": milestone.submitted_at,
        "submission_note": milestone.submission_note,
        "changes_note": milestone.changes_note,
        "approved_at": milestone.approved_at,
    }


def _contract_id(offer: Offer) -> int | None:
    try:
        return offer.contract.pk
    except ObjectDoesNotExist:
        return None


def offer_out(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "client_id": offer.client_id,
        "client_name": offer.client.public_name,
        "freelancer_id": offer.freelancer_id,
        "freelancer_name": offer.freelancer.public_name,
        "job_id": offer.job_id,
        "proposal_id": offer.proposal_id,
        "title": offer.title,
        "description": offer.description,
        "contract_type": offer.contract_type,
        "currency": offer.currency,
        "hourly_rate": offer.hourly_rate,
        "weekly_limit_hours": offer.weekly_limit_hours,
        "manual_time_allowed": offer.manual_time_allowed,
        "status": offer.status,
        "expires_at": offer.expires_at,
        "created_at": offer.created_at,
        "responded_at": offer.responded_at,
        "decline_reason": offer.decline_reason,
        "contract_id": _contract_id(offer),
        "milestones": [milestone_out(m) for m in offer.milestones.all()],
    }


def contract_out(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "offer_id": contract.offer_id,
        "client_id": contract.client_id,
        "client_name": contract.client.public_name,
        "freelancer_id": contract.freelancer_id,
        "freelancer_name": contract.freelancer.public_name,
        "job_id": contract.job_id,
        "title": contract.title,
        "contract_type": contract.contract_type,
        "currency": contract.currency,
        "hourly_rate": contract.hourly_rate,
        "weekly_limit_hours": contract.weekly_limit_hours,
        "manual_time_allowed": contract.manual_time_allowed,
        "status": contract.status,
        "end_reason": contract.end_reason,
        "end_note": contract.end_note,
        "started_at": contract.started_at,
        "ended_at": contract.ended_at,
        "milestones": [milestone_out(m) for m in contract.milestones.all()],
    }


def _page(queryset: QuerySet[Any], page: int, size: int) -> tuple[list[Any], PageRequest, int]:
    request = PageRequest.parse(page, size)
    return list(queryset[request.offset : request.offset + request.size]), request, queryset.count()


# --- offers -----------------------------------------------------------------------------------


@router.post("/offers", response={201: OfferOut})
def make_offer(request: HttpRequest, payload: OfferIn) -> Status[dict[str, Any]]:
    """Offer a contract: on a proposal (`proposal_id`), or directly to a freelancer you know."""
    actor = request.auth  # type: ignore[attr-defined]
    proposal = access_proposal_by_id(actor, payload.proposal_id) if payload.proposal_id else None
    job = proposal.job if proposal else (access_job_as_client(actor, payload.job_id) if payload.job_id else None)
    freelancer: Any = (
        proposal.freelancer
        if proposal is not None
        else get_user_model().objects.filter(pk=payload.freelancer_id or 0).first()
    )
    if freelancer is None:
        raise InvalidInput("Give a proposal_id or the freelancer_id of a freelancer.")
    offer = actions.do_make_offer(
        actor=actor,
        freelancer=freelancer,
        title=payload.title,
        description=payload.description,
        contract_type=payload.contract_type,
        currency=payload.currency or (job.currency if job else str(settings.WORKFAIR["CURRENCY"])),
        hourly_rate=payload.hourly_rate,
        weekly_limit_hours=payload.weekly_limit_hours,
        manual_time_allowed=payload.manual_time_allowed,
        milestones=[m.dict() for m in payload.milestones],
        job=job,
        proposal=proposal,
    )
    return Status(201, offer_out(queries.access_offer_by_id(actor, offer.pk)))


@router.get("/offers", response=OfferPage)
def list_offers(request: HttpRequest, role: str = "received", page: int = 1, size: int = 20) -> dict[str, Any]:
    """Offers you received (`role=received`) or sent (`role=sent`)."""
    rows, page_request, count = _page(queries.offers_for_user(request.auth, role), page, size)  # type: ignore[attr-defined]
    return {"items": [offer_out(o) for o in rows], "page": page_request.page, "size": page_request.size, "count": count}


@router.get("/offers/{offer_id}", response=OfferOut)
def get_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    return offer_out(queries.access_offer_by_id(request.auth, offer_id))  # type: ignore[attr-defined]


@router.post("/offers/{offer_id}/accept", response={201: ContractOut})
def accept_offer(request: HttpRequest, offer_id: int, payload: AcceptIn) -> Status[dict[str, Any]]:
    """Accept the offer and the current NDA (`nda_version_id` from `GET /nda`); starts the contract."""
    actor = request.auth  # type: ignore[attr-defined]
    offer = queries.access_offer_by_id(actor, offer_id)
    contract = actions.do_accept_offer(actor=actor, offer=offer, nda_version_id=payload.nda_version_id)
    return Status(201, contract_out(queries.access_contract_by_id(actor, contract.pk)))


@router.post("/offers/{offer_id}/decline", response=OfferOut)
def decline_offer(request: HttpRequest, offer_id: int, payload: ReasonIn | None = None) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    offer = queries.access_offer_by_id(actor, offer_id)
    actions.do_decline_offer(actor=actor, offer=offer, reason=payload.reason if payload else "")
    return offer_out(offer)


@router.post("/offers/{offer_id}/withdraw", response=OfferOut)
def withdraw_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    offer = queries.access_offer_by_id(actor, offer_id)
    actions.do_withdraw_offer(actor=actor, offer=offer)
    return offer_out(offer)


@router.get("/nda", response=NdaOut)
def get_nda(request: HttpRequest) -> dict[str, Any]:
    """The current platform NDA: accept it by its id when accepting an offer."""
    nda = queries.current_nda()
    return {"id": nda.pk, "version": nda.version, "text": nda.text, "published_at": nda.published_at}


# --- contracts and milestones -----------------------------------------------------------------


@router.get("/", response=ContractPage)
def list_contracts(request: HttpRequest, status: str | None = None, page: int = 1, size: int = 20) -> dict[str, Any]:
    """Your contracts, as client or freelancer, newest first."""
    rows, page_request, count = _page(queries.contracts_for_user(request.auth, status), page, size)  # type: ignore[attr-defined]
    return {
        "items": [contract_out(c) for c in rows],
        "page": page_request.page,
        "size": page_request.size,
        "count": count,
    }


@router.get("/{contract_id}", response=ContractOut)
def get_contract(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    return contract_out(queries.access_contract_by_id(request.auth, contract_id))  # type: ignore[attr-defined]


@router.post("/{contract_id}/pause", response=ContractOut)
def pause_contract(request: HttpRequest, contract_id: int, payload: ReasonIn | None = None) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    contract = queries.access_contract_by_id(actor, contract_id)
    actions.do_pause_contract(actor=actor, contract=contract, reason=payload.reason if payload else "")
    return contract_out(queries.access_contract_by_id(actor, contract_id))


@router.post("/{contract_id}/resume", response=ContractOut)
def resume_contract(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    contract = queries.access_contract_by_id(actor, contract_id)
    actions.do_resume_contract(actor=actor, contract=contract)
    return contract_out(queries.access_contract_by_id(actor, contract_id))


@router.post("/{contract_id}/end", response=ContractOut)
def end_contract(request: HttpRequest, contract_id: int, payload: EndIn | None = None) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    contract = queries.access_contract_by_id(actor, contract_id)
    actions.do_end_contract(
        actor=actor, contract=contract, reason=payload.reason if payload else "", note=payload.note if payload else ""
    )
    return contract_out(queries.access_contract_by_id(actor, contract_id))


@router.post("/milestones/{milestone_id}/submit", response=MilestoneOut)
def submit_milestone(request: HttpRequest, milestone_id: int, payload: NoteIn | None = None) -> dict[str, Any]:
    """The freelancer submits work on a funded milestone."""
    actor = request.auth  # type: ignore[attr-defined]
    milestone = queries.access_milestone_by_id(actor, milestone_id)
    actions.do_submit_milestone(actor=actor, milestone=milestone, note=payload.note if payload else "")
    return milestone_out(milestone)


@router.post("/milestones/{milestone_id}/approve", response=MilestoneOut)
def approve_milestone(request: HttpRequest, milestone_id: int) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    milestone = queries.access_milestone_by_id(actor, milestone_id)
    actions.do_approve_milestone(actor=actor, milestone=milestone)
    return milestone_out(milestone)


@router.post("/milestones/{milestone_id}/request-changes", response=MilestoneOut)
def request_milestone_changes(request: HttpRequest, milestone_id: int, payload: NoteIn) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    milestone = queries.access_milestone_by_id(actor, milestone_id)
    actions.do_request_milestone_changes(actor=actor, milestone=milestone, note=payload.note)
    return milestone_out(milestone)


@router.post("/milestones/{milestone_id}/fund", response={200: MilestoneOut, 402: dict})
def fund_milestone(request: HttpRequest, milestone_id: int) -> Status[Any]:
    """The client funds a milestone into escrow: the verified card is charged the amount plus the
    client fee (`GET /payments/quote?amount=`). 402 when the card is declined (nothing moved); 409
    when it is already funded (nothing charged again); with an `Idempotency-Key` header a retry
    gets the first answer back."""
    actor = request.auth  # type: ignore[attr-defined]

    def run() -> tuple[int, Any]:
        milestone = queries.access_milestone_by_id(actor, milestone_id)
        result = actions.do_fund_milestone(actor=actor, milestone=milestone)
        if not result.ok:
            raise payments.PaymentFailed(result.message, code="card_declined")
        return 200, milestone_out(milestone)

    return payments.idempotent_response(request, f"contracts.milestone.fund:{milestone_id}", run)


@router.post("/milestones/{milestone_id}/refund", response=MilestoneOut)
def refund_milestone(request: HttpRequest, milestone_id: int, payload: RefundIn | None = None) -> Status[Any]:
    """The freelancer gives back part (`amount`) or all of a milestone's escrow to the client
    (`Idempotency-Key` honoured)."""
    actor = request.auth  # type: ignore[attr-defined]

    def run() -> tuple[int, Any]:
        milestone = queries.access_milestone_by_id(actor, milestone_id)
        actions.do_refund_milestone(
            actor=actor,
            milestone=milestone,
            amount=payload.amount if payload else None,
            note=payload.note if payload else "",
        )
        return 200, milestone_out(milestone)

    return payments.idempotent_response(request, f"contracts.milestone.refund:{milestone_id}", run)
