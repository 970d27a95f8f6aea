"""Every read about offers, contracts, milestones and the NDA that depends on who asks.

`access_*` helpers raise NotFound both for missing rows and for rows the actor may not see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from workfair.contracts.models import Contract, Milestone, NdaVersion, Offer
from workfair.contracts.states import ContractStatus
from workfair.core.errors import InvalidInput, NotFound, PermissionDenied
from workfair.messaging.models import Conversation
from workfair.trust.interface import require_capability


def _user_id(actor: Any) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _is_staff(actor: Any) -> bool:
    return bool(getattr(actor, "is_staff", False))


def current_nda() -> NdaVersion:
    """The platform NDA version freelancers accept now: the latest published one."""
    nda = NdaVersion.objects.order_by("-published_at", "-id").first()
    if nda is None:  # the data migration publishes 1.0; its absence is a broken install
        raise NotFound("No NDA is published.")
    return nda


def _offers() -> QuerySet[Offer]:
    return Offer.objects.select_related("client", "freelancer", "job", "proposal", "contract").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id"))
    )


def _visible_to(actor: Any) -> Q:
    user_id = _user_id(actor)
    return Q(client_id=user_id) | Q(freelancer_id=user_id)


def access_offer_by_id(actor: Any, offer_id: int) -> Offer:
    """The offer, for its client, its freelancer or staff; NotFound otherwise."""
    if _user_id(actor) is None:
        raise NotFound("Offer not found.")
    queryset = _offers().filter(pk=offer_id)
    if not _is_staff(actor):
        queryset = queryset.filter(_visible_to(actor))
    offer = queryset.first()
    if offer is None:
        raise NotFound("Offer not found.")
    return offer


def offers_for_user(actor: Any, role: str) -> QuerySet[Offer]:
    """Offers the actor received (`role="received"`, as freelancer) or sent (`role="sent"`, as
    client), newest first."""
    user_id = _user_id(actor)
    if role == "received":
        queryset = _offers().filter(freelancer_id=user_id)
    elif role == "sent":
        queryset = _offers().filter(client_id=user_id)
    else:
        raise InvalidInput("role is 'received' or 'sent'.")
    return queryset.order_by("-created_at", "-id")


def _contracts() -> QuerySet[Contract]:
    return Contract.objects.select_related("client", "freelancer", "job", "offer").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "id"))
    )


def access_contract_by_id(actor: Any, contract_id: int) -> Contract:
    """The contract, for its client, its freelancer or staff; NotFound otherwise."""
    if _user_id(actor) is None:
        raise NotFound("Contract not found.")
    queryset = _contracts().filter(pk=contract_id)
    if not _is_staff(actor):
        queryset = queryset.filter(_visible_to(actor))
    contract = queryset.first()
    if contract is None:
        raise NotFound("Contract not found.")
    return contract


def contracts_for_user(actor: Any, status: str | None = None) -> QuerySet[Contract]:
    """The actor's contracts (as client or freelancer), newest first, optionally of one status."""
    if status and status not in ContractStatus.values:
        raise InvalidInput(f"Unknown status {status!r}.")
    queryset = _contracts().filter(_visible_to(actor)).order_by("-started_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def access_milestone_by_id(actor: Any, milestone_id: int) -> Milestone:
    """A milestone of a contract the actor is party to (or staff); NotFound otherwise."""
    user_id = _user_id(actor)
    if user_id is None:
        raise NotFound("Milestone not found.")
    queryset = Milestone.objects.select_related("contract").filter(pk=milestone_id, contract__isnull=False)
    if not _is_staff(actor):
        queryset = queryset.filter(Q(contract__client_id=user_id) | Q(contract__freelancer_id=user_id))
    milestone = queryset.first()
    if milestone is None:
        raise NotFound("Milestone not found.")
    return milestone


def active_contract_between(client_id: int, freelancer_id: int) -> bool:
    """Whether a contract between these two people has started and not ended (active or paused).
    The trust engine allows contact details between them only then."""
    return Contract.objects.filter(
        client_id=client_id,
        freelancer_id=freelancer_id,
        status__in=(ContractStatus.ACTIVE, ContractStatus.PAUSED),
    ).exists()


def nda_acceptance_of(contract: Contract) -> Any:
    """The freelancer's NDA acceptance recorded when the contract started (with its version)."""
    return contract.nda_acceptances.select_related("nda_version").first()


def conversation_id_of(contract: Contract) -> int | None:
    """The id of the contract's conversation (opened by the platform when the contract started)."""
    return Conversation.objects.filter(contract=contract).values_list("pk", flat=True).first()


def contract_start_refusal(user: Any) -> str | None:
    """Why `user` cannot start a contract right now (identity to verify, a security check pending,
    a restriction), with the link of what to do, so an offer page can say so before "Accept" is
    clicked; None when they can."""
    try:
        require_capability(user, "start_contract")
    except PermissionDenied as exc:
        return exc.message
    return None
