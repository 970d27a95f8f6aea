"""Making, withdrawing, declining, expiring and accepting offers; the NDA acceptance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts import actions, queries
from workfair.contracts.models import Contract, Milestone, NdaAcceptance, NdaVersion, Offer
from workfair.contracts.states import ContractStatus, MilestoneStatus, OfferStatus
from workfair.contracts.tasks import expire_offers
from workfair.contracts.tests.factories import fixed_offer, hourly_offer, proposal_for, started_contract
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.models import Conversation
from workfair.notifications.models import Notification
from workfair.proposals.states import ProposalStatus
from workfair.proposals.tests.factories import InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def test_the_nda_1_0_is_published_with_our_text() -> None:
    nda = queries.current_nda()
    assert nda.version == "1.0"
    assert "Workfair Platform Non-Disclosure Agreement" in nda.text
    assert "continue after the" in nda.text  # survives the end of the contract


def test_fixed_offer_with_milestones_expires_after_the_configured_days(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    with clock.frozen_at(NOON):
        offer = fixed_offer(proposal, amounts=(500, 12_345))
    assert offer.status == OfferStatus.PENDING
    assert offer.expires_at == NOON + dt.timedelta(days=14)
    rows = list(offer.milestones.values_list("position", "title", "amount", "status", "contract_id"))
    assert rows == [(1, "Part 1", 500, "pending", None), (2, "Part 2", 12_345, "pending", None)]
    assert Notification.objects.get(recipient=proposal.freelancer).kind == "offer.received"
    assert AuditLogEntry.objects.filter(action="offer.make", target_id=str(offer.pk)).exists()


def test_hourly_offer_keeps_its_terms(client_user: Any) -> None:
    offer = hourly_offer(proposal_for(client_user))
    assert (offer.hourly_rate, offer.weekly_limit_hours, offer.manual_time_allowed) == (4_500, 20, True)
    assert not offer.milestones.exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"hourly_rate": 99}, "at least 100"),
        ({"hourly_rate": None}, "at least 100"),
        ({"weekly_limit_hours": 0}, "1 to 80"),
        ({"weekly_limit_hours": 81}, "1 to 80"),
        ({"milestones": [{"title": "x", "amount": 500}]}, "no milestones"),
        ({"contract_type": "weekly"}, "hourly or fixed"),
        ({"currency": "XYZ"}, "Unknown currency"),
        ({"title": " "}, "title"),
    ],
)
def test_hourly_offer_refusals_change_nothing(client_user: Any, overrides: dict[str, Any], error: str) -> None:
    proposal = proposal_for(client_user)
    with pytest.raises(InvalidInput, match=error):
        hourly_offer(proposal, **overrides)
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("milestones", "error"),
    [
        ([], "1 to 20"),
        ([{"title": f"m{n}", "amount": 500} for n in range(21)], "1 to 20"),
        ([{"title": "cheap", "amount": 499}], "at least 500"),
        ([{"title": "", "amount": 600}], "title"),
        ([{"title": "late", "amount": 600, "due_date": "2000-01-01"}], "past"),
        ([{"title": "bad date", "amount": 600, "due_date": "soon"}], "not a date"),
    ],
)
def test_fixed_offer_refusals_change_nothing(client_user: Any, milestones: list[Any], error: str) -> None:
    proposal = proposal_for(client_user)
    with pytest.raises(InvalidInput, match=error):
        fixed_offer(proposal, milestones=milestones)
    assert not Offer.objects.exists()
    assert not Milestone.objects.exists()


def test_only_the_jobs_client_makes_an_offer_on_a_proposal(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    with pytest.raises(PermissionDenied):
        fixed_offer(proposal, actor=ClientFactory())
    with pytest.raises(PermissionDenied):
        fixed_offer(proposal, actor=proposal.freelancer)
    assert not Offer.objects.exists()


def test_no_offer_on_a_withdrawn_proposal_nor_a_second_pending_one(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    fixed_offer(proposal)
    with pytest.raises(Conflict, match="already a pending offer"):
        fixed_offer(proposal)
    withdrawn = proposal_for(client_user, status=ProposalStatus.WITHDRAWN)
    with pytest.raises(Conflict, match="withdrawn"):
        fixed_offer(withdrawn)
    assert Offer.objects.count() == 1


def test_a_new_offer_is_possible_once_the_first_was_withdrawn(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    first = fixed_offer(proposal)
    actions.do_withdraw_offer(actor=client_user, offer=first)
    assert fixed_offer(proposal).status == OfferStatus.PENDING


def test_direct_offer_needs_a_relationship(client_user: Any, freelancer_user: Any) -> None:
    kwargs: dict[str, Any] = {
        "actor": client_user,
        "freelancer": freelancer_user,
        "title": "Direct",
        "description": "",
        "contract_type": "hourly",
        "currency": "USD",
        "hourly_rate": 2_000,
        "weekly_limit_hours": 10,
    }
    with pytest.raises(PermissionDenied, match="proposed on, or was invited"):
        actions.do_make_offer(**kwargs)
    assert not Offer.objects.exists()
    InvitationFactory(job=JobFactory(client=client_user), freelancer=freelancer_user)
    assert actions.do_make_offer(**kwargs).proposal_id is None


def test_client_withdraws_and_freelancer_declines(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_offer(actor=offer.freelancer, offer=offer)
    actions.do_decline_offer(actor=offer.freelancer, offer=offer, reason="Too tight a schedule")
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == (OfferStatus.DECLINED, "Too tight a schedule")
    assert offer.responded_at is not None
    with pytest.raises(Conflict):
        actions.do_withdraw_offer(actor=client_user, offer=offer)


def test_expiry_task_expires_only_overdue_pending_offers(client_user: Any) -> None:
    with clock.frozen_at(NOON):
        old = fixed_offer(proposal_for(client_user))
    fresh = fixed_offer(proposal_for(client_user))
    with clock.frozen_at(NOON + dt.timedelta(days=14, seconds=1)):
        assert expire_offers() == 1
        assert actions.do_expire_offers() == 0
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (OfferStatus.EXPIRED, OfferStatus.PENDING)


def test_accepting_starts_the_contract_with_the_nda_recorded(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    with clock.frozen_at(NOON):
        offer = fixed_offer(proposal)
    nda = queries.current_nda()
    accepted_at = NOON + dt.timedelta(hours=3)
    with clock.frozen_at(accepted_at):
        contract = actions.do_accept_offer(actor=proposal.freelancer, offer=offer, nda_version_id=nda.pk)
    offer.refresh_from_db()
    proposal.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert proposal.status == ProposalStatus.HIRED
    assert (contract.status, contract.started_at, contract.title) == (ContractStatus.ACTIVE, accepted_at, offer.title)
    assert (contract.client_id, contract.freelancer_id, contract.job_id) == (
        client_user.pk,
        proposal.freelancer_id,
        proposal.job_id,
    )
    assert list(contract.milestones.values_list("status", flat=True)) == ["pending", "pending"]
    acceptance = NdaAcceptance.objects.get(contract=contract)
    assert (acceptance.user_id, acceptance.nda_version_id, acceptance.accepted_at) == (
        proposal.freelancer_id,
        nda.pk,
        accepted_at,
    )
    conversation = Conversation.objects.get(contract=contract)
    assert (conversation.kind, conversation.client_id) == ("contract", client_user.pk)
    assert Notification.objects.filter(recipient=client_user, kind="offer.accepted").count() == 1
    assert queries.active_contract_between(client_user.pk, proposal.freelancer_id)
    assert not queries.active_contract_between(proposal.freelancer_id, client_user.pk)


def assert_not_started(offer: Offer, status: str) -> None:
    offer.refresh_from_db()
    assert offer.status == status
    assert not Contract.objects.exists()
    assert not NdaAcceptance.objects.exists()
    assert not Conversation.objects.filter(kind="contract").exists()
    assert set(offer.milestones.values_list("contract_id", flat=True)) == {None}


@pytest.mark.parametrize(
    ("close", "status", "message"),
    [
        (lambda o: actions.do_withdraw_offer(actor=o.client, offer=o), OfferStatus.WITHDRAWN, "withdrawn"),
        (lambda o: actions.do_decline_offer(actor=o.freelancer, offer=o), OfferStatus.DECLINED, "declined"),
    ],
)
def test_a_closed_offer_cannot_be_accepted(client_user: Any, close: Any, status: str, message: str) -> None:
    offer = fixed_offer(proposal_for(client_user))
    close(offer)
    with pytest.raises(Conflict, match=message):
        actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=queries.current_nda().pk)
    assert_not_started(offer, status)


def test_an_expired_offer_cannot_be_accepted_even_before_the_task_runs(client_user: Any) -> None:
    with clock.frozen_at(NOON):
        offer = fixed_offer(proposal_for(client_user))
    with clock.frozen_at(NOON + dt.timedelta(days=15)), pytest.raises(Conflict, match="expired"):
        actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=queries.current_nda().pk)
    assert_not_started(offer, OfferStatus.PENDING)
    with clock.frozen_at(NOON + dt.timedelta(days=15)):
        actions.do_expire_offers()
        with pytest.raises(Conflict, match="expired"):
            actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=queries.current_nda().pk)
    assert_not_started(offer, OfferStatus.EXPIRED)


def test_accepting_an_outdated_nda_asks_to_read_it_again(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    old = queries.current_nda()
    NdaVersion.objects.create(version="1.1", text="A newer text.", published_at=clock.now() + dt.timedelta(seconds=1))
    with pytest.raises(Conflict, match=r"version is 1\.1"):
        actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=old.pk)
    assert_not_started(offer, OfferStatus.PENDING)


def test_only_the_offers_freelancer_accepts(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    for someone in (client_user, FreelancerFactory()):
        with pytest.raises(PermissionDenied):
            actions.do_accept_offer(actor=someone, offer=offer, nda_version_id=queries.current_nda().pk)
    assert_not_started(offer, OfferStatus.PENDING)


def test_accept_rolls_back_when_the_proposal_was_withdrawn_meanwhile(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    offer = fixed_offer(proposal)
    from workfair.proposals.actions import do_withdraw_proposal

    do_withdraw_proposal(actor=proposal.freelancer, proposal=proposal)
    with pytest.raises(InvalidTransition, match="proposal behind this offer is withdrawn"):
        actions.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=queries.current_nda().pk)
    assert_not_started(offer, OfferStatus.PENDING)


def test_access_offer_is_for_the_two_parties_and_staff(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    assert queries.access_offer_by_id(client_user, offer.pk) == offer
    assert queries.access_offer_by_id(offer.freelancer, offer.pk) == offer
    assert queries.access_offer_by_id(ClientFactory(is_staff=True), offer.pk) == offer
    from workfair.core.errors import NotFound

    for stranger in (ClientFactory(), FreelancerFactory()):
        with pytest.raises(NotFound):
            queries.access_offer_by_id(stranger, offer.pk)


def test_started_contract_helper_builds_hourly_contracts() -> None:
    contract = started_contract(hourly=True)
    assert (contract.contract_type, contract.hourly_rate, contract.weekly_limit_hours) == ("hourly", 4_500, 20)
    assert ProposalFactory._meta.model.objects.get(pk=contract.offer.proposal_id).status == ProposalStatus.HIRED
    assert not Milestone.objects.filter(status=MilestoneStatus.FUNDED).exists()
