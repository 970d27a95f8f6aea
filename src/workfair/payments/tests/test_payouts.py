"""Withdrawals: minimum, available money only, the trust engine's "withdraw" capability, the hold on
a first payout, idempotency, and the ledger after each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, PermissionDenied
from workfair.payments import actions, ledger
from workfair.payments.ledger import InsufficientFunds
from workfair.payments.models import JournalEntry, Payout
from workfair.payments.queries import balances_of
from workfair.payments.states import AccountKind as K
from workfair.payments.states import PayoutStatus
from workfair.payments.tests.factories import bank_account
from workfair.payments.tests.flows import make_available, milestones
from workfair.trust.enforcement import AccountRestricted
from workfair.trust.models import Signal
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def earned(contract: Contract) -> Contract:
    make_available(contract, milestones(contract)[0])  # 9,000 available
    bank_account(contract.freelancer)
    return contract


def test_a_first_payout_is_held_then_paid(earned: Contract) -> None:
    freelancer = earned.freelancer
    payout = actions.do_request_payout(actor=freelancer, amount=5_000)
    assert payout.status == PayoutStatus.HELD
    assert balances_of(freelancer).available == 4_000
    assert Signal.objects.filter(kind="payment.first_payout", actor=freelancer).exists()
    assert actions.do_send_held_payouts() == 0
    with clock.frozen_at(clock.now() + dt.timedelta(days=3, minutes=1)):
        assert actions.do_send_held_payouts() == 1
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert ledger.platform(K.PAYOUTS, "USD").balance == 0
    assert ledger.verify() == []


def test_later_payouts_are_paid_at_once(
    earned: Contract,
    no_first_payout_hold: None,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        payout = actions.do_request_payout(actor=earned.freelancer, amount=9_000)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.PAID
    assert balances_of(earned.freelancer).available == 0
    assert ledger.verify() == []


def test_the_same_key_twice_pays_out_once(earned: Contract, no_first_payout_hold: None) -> None:
    first = actions.do_request_payout(actor=earned.freelancer, amount=3_000, idempotency_key="k1")
    again = actions.do_request_payout(actor=earned.freelancer, amount=3_000, idempotency_key="k1")
    assert first.pk == again.pk
    assert Payout.objects.count() == 1
    assert balances_of(earned.freelancer).available == 6_000


@pytest.mark.parametrize(
    ("amount", "error"),
    [(999, InvalidInput), (0, InvalidInput), (-100, InvalidInput), (9_001, InsufficientFunds), (2.5, InvalidInput)],
)
def test_a_refused_payout_changes_nothing(earned: Contract, amount: Any, error: type[Exception]) -> None:
    entries = JournalEntry.objects.count()
    with pytest.raises(error):
        actions.do_request_payout(actor=earned.freelancer, amount=amount)
    assert JournalEntry.objects.count() == entries
    assert not Payout.objects.exists()
    assert balances_of(earned.freelancer).available == 9_000


def test_a_restricted_account_cannot_withdraw(earned: Contract) -> None:
    set_standing(earned.freelancer, "restricted")
    with pytest.raises(AccountRestricted):
        actions.do_request_payout(actor=earned.freelancer, amount=5_000)
    assert balances_of(earned.freelancer).available == 9_000


def test_no_bank_account_no_payout(contract: Contract) -> None:
    make_available(contract, milestones(contract)[0])
    with pytest.raises(Conflict, match="bank account"):
        actions.do_request_payout(actor=contract.freelancer, amount=5_000)


@pytest.mark.parametrize(("routing", "account"), [("123", "000123456789"), ("110000000", "12"), ("110000001", "1234")])
def test_bad_bank_details_are_refused(contract: Contract, routing: str, account: str) -> None:
    with pytest.raises(InvalidInput):
        actions.do_add_payout_method(actor=contract.freelancer, routing_number=routing, account_number=account)


def test_clients_do_not_add_payout_accounts(contract: Contract) -> None:
    with pytest.raises(PermissionDenied):
        bank_account(contract.client)


def test_an_outstanding_step_up_holds_a_payout_account_change(contract: Contract) -> None:
    from workfair.identity.interface import StepUpRequired, do_require_step_up
    from workfair.payments.models import PayoutMethod
    from workfair.trust.models import Signal

    first = bank_account(contract.freelancer)
    assert not Signal.objects.filter(kind="payment.payout_method_changed").exists()  # a first account
    do_require_step_up(contract.freelancer, reason="moderator")
    with pytest.raises(StepUpRequired):
        bank_account(contract.freelancer)
    assert list(PayoutMethod.objects.filter(user=contract.freelancer, active=True)) == [first]


def test_a_changed_payout_account_is_a_trust_signal(contract: Contract) -> None:
    from workfair.trust.models import Signal

    first = bank_account(contract.freelancer)
    second = bank_account(contract.freelancer)
    signal = Signal.objects.get(kind="payment.payout_method_changed")
    assert signal.subject_id == contract.freelancer.pk
    assert (signal.target_id, signal.context["replaced"]) == (str(second.pk), [first.pk])
