"""The dispute's outcome at the processor (won: back to escrow; lost: the processor keeps the
money and the ledger takes it from reserves, fees and, for released money, the freelancer, whose
balance may go below zero), events out of order, and refunds as trust signals."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput
from workfair.payments import actions, ledger
from workfair.payments.models import Account, Charge, EscrowHold, JournalEntry, ProcessorRecord, WebhookEvent
from workfair.payments.processors import get_processor
from workfair.payments.processors.sandbox import DISPUTE_LOST, DISPUTE_WON, SandboxProcessor
from workfair.payments.queries import balances_of
from workfair.payments.states import AccountKind, ChargeStatus, EntryKind, EscrowStatus
from workfair.payments.tests.factories import add_card, bank_account
from workfair.payments.tests.flows import fund, make_available, milestones, release
from workfair.trust.models import Signal

pytestmark = pytest.mark.django_db


def sandbox() -> SandboxProcessor:
    processor = get_processor("sandbox")
    assert isinstance(processor, SandboxProcessor)
    return processor


def deliver(body: bytes, signature: str) -> WebhookEvent:
    return actions.do_handle_webhook(processor_name="sandbox", payload=body, signature=signature)


def open_dispute(charge: Charge) -> None:
    deliver(*sandbox().dispute_event(charge.processor_ref))


def close_dispute(charge: Charge, *, won: bool) -> None:
    deliver(*sandbox().dispute_closed_event(charge.processor_ref, won=won))


def clearing() -> int:
    return ledger.balance(ledger.platform(AccountKind.PROCESSOR_CLEARING, "USD"))


def fees() -> int:
    return ledger.balance(ledger.platform(AccountKind.PLATFORM_FEES, "USD"))


def processor_net() -> int:
    """What the processor holds for us by its own books: charges in, refunds, payouts and lost
    chargebacks out (the ledger's processor clearing is minus this)."""
    total = 0
    for record in ProcessorRecord.objects.filter(succeeded=True):
        total += record.amount if record.kind == "charge" else -record.amount
    return total


def funded_with(contract: Contract, card: str, captured: Any) -> Contract:
    contract.client.payment_methods.all().delete()
    add_card(contract.client, card)
    with captured(execute=True):
        fund(contract, milestones(contract)[0])
    return contract


def test_a_won_dispute_puts_the_money_back_in_escrow(
    contract: Contract, django_capture_on_commit_callbacks: Any
) -> None:
    funded_with(contract, DISPUTE_WON, django_capture_on_commit_callbacks)
    charge = Charge.objects.get()
    assert charge.status == ChargeStatus.DISPUTE_WON
    hold = EscrowHold.objects.get()
    assert hold.status == EscrowStatus.FUNDED
    assert (balances_of(contract.client).in_escrow, balances_of(contract.client).frozen) == (10_000, 0)
    assert list(JournalEntry.objects.filter(kind=EntryKind.UNFREEZE).values_list("idempotency_key", flat=True)) == [
        f"unfreeze:contracts.milestone:{milestones(contract)[0].pk}"
    ]
    release(contract, milestones(contract)[0])  # and it can be released now
    assert balances_of(contract.freelancer).pending == 9_000
    assert ledger.verify() == []
    assert -clearing() == processor_net() == 10_500


def test_a_lost_dispute_on_frozen_money_gives_the_processor_the_whole_charge(
    contract: Contract, django_capture_on_commit_callbacks: Any
) -> None:
    funded_with(contract, DISPUTE_LOST, django_capture_on_commit_callbacks)
    charge = Charge.objects.get()
    assert charge.status == ChargeStatus.DISPUTE_LOST
    assert EscrowHold.objects.get().status == EscrowStatus.CHARGED_BACK
    client = balances_of(contract.client)
    assert (client.in_escrow, client.frozen) == (0, 0)
    assert fees() == 0  # the client fee went back with the charge
    entry = JournalEntry.objects.get(kind=EntryKind.CHARGEBACK)
    assert entry.idempotency_key == f"chargeback:{charge.processor_ref}"
    assert sorted(entry.lines.values_list("amount", flat=True)) == [-10_000, -500, 10_500]
    assert ProcessorRecord.objects.get(kind="chargeback").amount == 10_500
    assert clearing() == 0 == processor_net()
    assert ledger.verify() == []


def test_a_lost_dispute_after_release_takes_the_pending_money(contract: Contract) -> None:
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    release(contract, milestone)
    charge = Charge.objects.get()
    open_dispute(charge)
    assert balances_of(contract.freelancer).pending == 9_000  # nothing moves while it is open
    close_dispute(charge, won=False)
    assert balances_of(contract.freelancer).pending == 0
    assert fees() == 0
    with clock.frozen_at(clock.now() + dt.timedelta(days=6)):
        actions.do_mature_pending()
    assert balances_of(contract.freelancer).available == 0  # never became available
    assert EscrowHold.objects.get().status == EscrowStatus.RELEASED
    assert ledger.verify() == []
    assert -clearing() == processor_net() == 0


def test_a_lost_dispute_after_payout_leaves_a_negative_balance_that_blocks_withdrawals_until_earned_back(
    contract: Contract, no_first_payout_hold: None
) -> None:
    first, second = milestones(contract)
    make_available(contract, first)
    bank_account(contract.freelancer)
    actions.do_request_payout(actor=contract.freelancer, amount=9_000)
    charge = Charge.objects.get()
    open_dispute(charge)
    close_dispute(charge, won=False)
    assert balances_of(contract.freelancer).available == -9_000
    assert ledger.verify() == []  # an owed balance is allowed, not an overdraft
    with pytest.raises(Conflict) as refused:
        actions.do_request_payout(actor=contract.freelancer, amount=1_000)
    assert refused.value.code == "balance_negative"
    make_available(contract, second)  # 20,000 less 10 %: 18,000, of which 9,000 covers the debt
    assert balances_of(contract.freelancer).available == 9_000
    payout = actions.do_request_payout(actor=contract.freelancer, amount=9_000)
    assert payout.amount == 9_000
    with pytest.raises(ledger.InsufficientFunds):
        actions.do_request_payout(actor=contract.freelancer, amount=1_000)
    assert ledger.verify() == []
    assert -clearing() == processor_net()


def test_only_postings_that_say_so_may_owe() -> None:
    freelancer = ledger.account(AccountKind.FREELANCER_AVAILABLE, "USD", owner_id=7)
    clearing_account = ledger.platform(AccountKind.PROCESSOR_CLEARING, "USD")
    lines = [ledger.Line(freelancer, -100), ledger.Line(clearing_account, 100)]
    with pytest.raises(ledger.InsufficientFunds):
        ledger.post("k1", EntryKind.CHARGEBACK, lines)
    with pytest.raises(ValueError, match="owed"):
        ledger.post("k1", EntryKind.CHARGEBACK, lines, may_owe=frozenset({AccountKind.ESCROW}))
    ledger.post("k1", EntryKind.CHARGEBACK, lines, may_owe=frozenset({AccountKind.FREELANCER_AVAILABLE}))
    assert ledger.balance(freelancer) == -100
    assert ledger.verify() == []
    escrow = Account.objects.create(kind=AccountKind.ESCROW, currency="USD", balance=-5, created_at=clock.now())
    assert any(f"account {escrow.pk}" in problem and "overdrawn" in problem for problem in ledger.verify())


def test_a_dispute_event_before_the_charge_is_recorded_is_refused_then_handled_when_delivered_again(
    contract: Contract,
) -> None:
    milestone = milestones(contract)[0]
    body, signature = sandbox().dispute_event("ch_sbx_not_yet")
    with pytest.raises(Conflict) as refused:
        deliver(body, signature)
    assert refused.value.code == "unknown_charge"
    assert not WebhookEvent.objects.exists()  # not stored: the redelivery is handled
    fund(contract, milestone)
    charge = Charge.objects.get()
    payload = json.loads(body)
    payload["data"]["charge"] = charge.processor_ref
    body = json.dumps(payload).encode()
    from workfair.payments.processors.sandbox import sign

    deliver(body, sign(body))
    deliver(body, sign(body))
    assert Charge.objects.get().status == ChargeStatus.DISPUTED
    assert WebhookEvent.objects.count() == 1
    assert balances_of(contract.client).frozen == 10_000
    assert ledger.verify() == []


def test_a_closing_event_before_the_opening_one_opens_and_closes_once(contract: Contract) -> None:
    fund(contract, milestones(contract)[0])
    charge = Charge.objects.get()
    close_dispute(charge, won=False)
    close_dispute(charge, won=False)
    open_dispute(charge)  # late: the dispute is over
    assert Charge.objects.get().status == ChargeStatus.DISPUTE_LOST
    assert JournalEntry.objects.filter(kind=EntryKind.CHARGEBACK).count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.FREEZE).count() == 1
    assert Signal.objects.filter(kind="payment.chargeback").count() == 1
    assert ledger.verify() == []
    assert -clearing() == processor_net() == 0


def test_an_unknown_outcome_is_refused(contract: Contract) -> None:
    fund(contract, milestones(contract)[0])
    charge = Charge.objects.get()
    from workfair.payments.processors.sandbox import sign

    body = json.dumps(
        {"id": "evt_x", "type": "charge.dispute_closed", "data": {"charge": charge.processor_ref, "status": "maybe"}}
    ).encode()
    with pytest.raises(InvalidInput):
        deliver(body, sign(body))
    assert Charge.objects.get().status == ChargeStatus.SUCCEEDED
    assert not WebhookEvent.objects.exists()


def test_a_dispute_on_a_partly_refunded_charge_takes_only_what_is_left(contract: Contract) -> None:
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    target = ("contracts.milestone", milestone.pk)
    actions.do_refund_escrow(actor=contract.freelancer, target=target, amount=4_000)  # and 200 of the fee
    charge = Charge.objects.get()
    open_dispute(charge)
    close_dispute(charge, won=False)
    assert ProcessorRecord.objects.get(kind="chargeback").amount == 10_500 - 4_200
    assert fees() == 0
    assert ledger.verify() == []
    assert -clearing() == processor_net() == 0


def test_a_refund_is_a_trust_signal_about_the_freelancer(contract: Contract) -> None:
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    actions.do_refund_escrow(actor=contract.freelancer, target=("contracts.milestone", milestone.pk), amount=1_000)
    signal = Signal.objects.get(kind="payment.refund")
    assert signal.subject_id == contract.freelancer.pk
    assert signal.context["by"] == "freelancer"
    assert signal.context["amount"] == 1_000
