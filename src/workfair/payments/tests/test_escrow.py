"""Fixed price escrow through contracts: fund, submit, approve, auto-release, pending to available,
refunds, ending a contract with money in escrow, declined charges. After each: the ledger balances."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract, Milestone
from workfair.contracts.states import MilestoneStatus
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, PermissionDenied
from workfair.payments import actions, ledger
from workfair.payments.models import Charge, EscrowHold, JournalEntry
from workfair.payments.queries import balances_of
from workfair.payments.states import AccountKind as K
from workfair.payments.states import ChargeStatus, EscrowStatus
from workfair.payments.tests.factories import CHARGE_FAILS_CARD, add_card
from workfair.trust.models import Signal

pytestmark = pytest.mark.django_db


def first(contract: Contract) -> Milestone:
    return contract.milestones.order_by("position").first()  # type: ignore[return-value]


def fees() -> int:
    return ledger.platform(K.PLATFORM_FEES, "USD").balance


def fund(contract: Contract, milestone: Milestone | None = None) -> Milestone:
    milestone = milestone or first(contract)
    result = contracts.do_fund_milestone(actor=contract.client, milestone=milestone)
    assert result.ok, result.message
    milestone.refresh_from_db()
    return milestone


def test_fund_submit_approve_then_available_after_the_pending_days(contract: Contract) -> None:
    milestone = fund(contract)  # 100.00, client fee 5 %: charged 105.00
    assert milestone.status == MilestoneStatus.FUNDED
    charge = Charge.objects.get()
    assert (charge.amount, charge.status) == (10_500, ChargeStatus.SUCCEEDED)
    assert balances_of(contract.client).in_escrow == 10_000
    assert fees() == 500
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone, note="Done")
    contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    assert milestone.status == MilestoneStatus.APPROVED
    freelancer = balances_of(contract.freelancer)
    assert (freelancer.pending, freelancer.available) == (9_000, 0)  # freelancer fee 10 %
    assert balances_of(contract.client).in_escrow == 0
    assert fees() == 1_500
    with clock.frozen_at(clock.now() + dt.timedelta(days=4, hours=23)):
        assert actions.do_mature_pending() == 0
    with clock.frozen_at(clock.now() + dt.timedelta(days=5, minutes=1)):
        assert actions.do_mature_pending() == 1
        assert actions.do_mature_pending() == 0  # idempotent
    freelancer = balances_of(contract.freelancer)
    assert (freelancer.pending, freelancer.available) == (0, 9_000)
    assert ledger.verify() == []


def test_funding_twice_charges_once(contract: Contract) -> None:
    milestone = fund(contract)
    with pytest.raises(Conflict):
        contracts.do_fund_milestone(actor=contract.client, milestone=milestone)
    assert Charge.objects.count() == 1
    assert EscrowHold.objects.count() == 1
    assert ledger.verify() == []


def test_only_the_client_funds_and_a_refusal_changes_nothing(contract: Contract) -> None:
    with pytest.raises(PermissionDenied):
        contracts.do_fund_milestone(actor=contract.freelancer, milestone=first(contract))
    assert not JournalEntry.objects.exists()
    assert not Charge.objects.exists()
    assert first(contract).status == MilestoneStatus.PENDING


def test_a_declined_charge_is_recorded_with_a_signal_and_moves_nothing(contract: Contract) -> None:
    contract.client.payment_methods.all().delete()
    add_card(contract.client, CHARGE_FAILS_CARD)
    result = contracts.do_fund_milestone(actor=contract.client, milestone=first(contract))
    assert not result.ok
    assert "declined" in result.message
    assert Charge.objects.get().status == ChargeStatus.FAILED
    assert Signal.objects.filter(kind="payment.failed", actor=contract.client).exists()
    assert not JournalEntry.objects.exists()
    assert first(contract).status == MilestoneStatus.PENDING


def test_auto_release_fourteen_days_after_submission(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    with clock.frozen_at(clock.now() + dt.timedelta(days=13, hours=23)):
        assert actions.do_auto_release_due() == 0
    with clock.frozen_at(clock.now() + dt.timedelta(days=14, minutes=1)):
        assert actions.do_auto_release_due() == 1
        assert actions.do_auto_release_due() == 0
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.APPROVED
    assert balances_of(contract.freelancer).pending == 9_000
    assert ledger.verify() == []


def test_asking_for_changes_stops_the_auto_release_clock(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    contracts.do_request_milestone_changes(actor=contract.client, milestone=milestone, note="More contrast")
    with clock.frozen_at(clock.now() + dt.timedelta(days=20)):
        assert actions.do_auto_release_due() == 0
    assert EscrowHold.objects.get().status == EscrowStatus.FUNDED


def test_partial_then_full_refund_gives_back_escrow_and_the_same_share_of_the_fee(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_refund_milestone(actor=contract.freelancer, milestone=milestone, amount=4_000)
    hold = EscrowHold.objects.get()
    assert (hold.refunded, hold.in_escrow, hold.status) == (4_000, 6_000, EscrowStatus.FUNDED)
    assert fees() == 300  # 500 - 40 % of it
    contracts.do_refund_milestone(actor=contract.freelancer, milestone=milestone)
    hold.refresh_from_db()
    milestone.refresh_from_db()
    assert (hold.in_escrow, hold.status, milestone.status) == (0, EscrowStatus.REFUNDED, MilestoneStatus.CANCELLED)
    assert fees() == 0
    assert ledger.platform(K.PROCESSOR_CLEARING, "USD").balance == 0  # all 105.00 went back
    assert ledger.verify() == []


def test_a_partial_release_after_a_partial_refund_releases_what_is_left(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_refund_milestone(actor=contract.freelancer, milestone=milestone, amount=2_000)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    assert balances_of(contract.freelancer).pending == 7_200  # 80.00 less 10 %
    assert ledger.verify() == []


@pytest.mark.parametrize("amount", [0, -5, 10_001, 1.5, "100"])
def test_a_bad_refund_amount_is_refused_and_changes_nothing(contract: Contract, amount: Any) -> None:
    milestone = fund(contract)
    entries = JournalEntry.objects.count()
    with pytest.raises(InvalidInput):
        contracts.do_refund_milestone(actor=contract.freelancer, milestone=milestone, amount=amount)
    assert JournalEntry.objects.count() == entries
    assert EscrowHold.objects.get().in_escrow == 10_000


def test_the_client_cannot_take_escrow_back_alone(contract: Contract) -> None:
    milestone = fund(contract)
    with pytest.raises(PermissionDenied):
        contracts.do_refund_milestone(actor=contract.client, milestone=milestone)
    with pytest.raises(PermissionDenied):
        actions.do_refund_escrow(actor=contract.client, target=("contracts.milestone", milestone.pk))
    assert EscrowHold.objects.get().in_escrow == 10_000


def test_ending_a_contract_with_money_in_escrow_refunds_it_after_the_dispute_window(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_end_contract(actor=contract.client, contract=contract)
    with clock.frozen_at(clock.now() + dt.timedelta(days=6, hours=23)):
        assert actions.do_refund_due_holds() == 0
    with clock.frozen_at(clock.now() + dt.timedelta(days=7, minutes=1)):
        assert actions.do_refund_due_holds() == 1
        assert actions.do_refund_due_holds() == 0
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.CANCELLED
    assert balances_of(contract.client).in_escrow == 0
    assert ledger.verify() == []


def test_approving_within_the_window_after_the_end_pays_the_freelancer(contract: Contract) -> None:
    milestone = fund(contract)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    contracts.do_end_contract(actor=contract.client, contract=contract)
    contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    with clock.frozen_at(clock.now() + dt.timedelta(days=8)):
        assert actions.do_refund_due_holds() == 0
    assert balances_of(contract.freelancer).pending == 9_000


def test_an_ended_contract_cannot_be_funded(contract: Contract) -> None:
    contracts.do_end_contract(actor=contract.client, contract=contract)
    with pytest.raises(Conflict):
        contracts.do_fund_milestone(actor=contract.client, milestone=first(contract))
    assert not Charge.objects.exists()


def test_fees_follow_the_operator_settings(contract: Contract, settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "CLIENT_FEE_BPS": 0, "FREELANCER_FEE_BPS": 2000}
    assert actions.quote_funding(10_000) == {"amount": 10_000, "client_fee": 0, "total": 10_000}
    assert actions.quote_release(10_000) == {"amount": 10_000, "freelancer_fee": 2_000, "net": 8_000}
    milestone = fund(contract)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    assert (balances_of(contract.freelancer).pending, fees()) == (8_000, 2_000)


@pytest.mark.parametrize(
    ("amount", "bps", "fee"), [(1, 1000, 0), (5, 1000, 1), (15, 1000, 2), (999, 250, 25), (0, 500, 0)]
)
def test_fees_round_half_up_in_minor_units(amount: int, bps: int, fee: int) -> None:
    from workfair.payments.config import fee as fee_of

    assert fee_of(amount, bps) == fee
