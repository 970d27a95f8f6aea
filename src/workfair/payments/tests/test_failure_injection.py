"""Failure injection: the processor times out after it moved the money, a webhook arrives before
our own transaction committed (or after it, or twice), a task runs twice. After every scenario the
ledger balances (`verify()`), what the processor holds for us equals minus processor clearing, and
a reconciliation of the day finds no difference.

The processor here is the sandbox with its books outside the database (`MemoryBooks`), as a real
processor's are: our rollback does not undo what it did."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.core.errors import Conflict, WorkfairError
from workfair.payments import actions, ledger, tasks
from workfair.payments.models import Charge, EscrowHold, JournalEntry, Payout, WebhookEvent
from workfair.payments.processors.base import ProcessorError
from workfair.payments.processors.sandbox import MemoryBooks, SandboxProcessor
from workfair.payments.queries import balances_of
from workfair.payments.reconcile import MISSING_IN_LEDGER, reconcile
from workfair.payments.states import AccountKind, ChargeStatus, EntryKind, PayoutStatus
from workfair.payments.tests.factories import bank_account
from workfair.payments.tests.flows import fund, make_available, milestones, release

pytestmark = pytest.mark.django_db


class FlakyProcessor(SandboxProcessor):
    """The sandbox, but the next call of each method in `time_out` does its work and then raises
    as a timed-out network call would; and it can deliver a dispute webhook from inside a charge,
    before we have recorded the charge (as a processor's webhook may beat its own response)."""

    def __init__(self) -> None:
        super().__init__(books=MemoryBooks())
        self.time_out: set[str] = set()
        self.webhook_during_charge = False
        self.refused: list[tuple[bytes, str]] = []  # deliveries answered 4xx, to be sent again

    def _maybe_time_out(self, method: str) -> None:
        if method in self.time_out:
            self.time_out.discard(method)
            raise ProcessorError("timed out")

    def charge(self, **kwargs: Any) -> Any:
        result = super().charge(**kwargs)
        if self.webhook_during_charge:
            self.webhook_during_charge = False
            self.deliver(*self.dispute_event(result.ref))
        self._maybe_time_out("charge")
        return result

    def refund(self, **kwargs: Any) -> str:
        ref = super().refund(**kwargs)
        self._maybe_time_out("refund")
        return ref

    def payout(self, **kwargs: Any) -> Any:
        result = super().payout(**kwargs)
        self._maybe_time_out("payout")
        return result

    def deliver(self, body: bytes, signature: str) -> None:
        try:
            actions.do_handle_webhook(processor_name="sandbox", payload=body, signature=signature)
        except WorkfairError:
            self.refused.append((body, signature))

    def redeliver(self) -> None:
        pending, self.refused = self.refused, []
        for body, signature in pending:
            self.deliver(body, signature)


@pytest.fixture
def processor(monkeypatch: pytest.MonkeyPatch) -> FlakyProcessor:
    flaky = FlakyProcessor()
    for module in (actions, tasks):
        monkeypatch.setattr(module, "get_processor", lambda name=None: flaky)
    return flaky


def assert_consistent(processor: FlakyProcessor) -> None:
    """The ledger balances, matches what the processor moved, and the day reconciles."""
    assert ledger.verify() == []
    held_for_us = sum(
        r.amount if r.kind == "charge" else -r.amount
        for r in processor.books.rows
        if r.succeeded  # type: ignore[attr-defined]
    )
    assert -ledger.balance(ledger.platform(AccountKind.PROCESSOR_CLEARING, "USD")) == held_for_us
    report = reconcile(timezone.localdate(clock.now()), processor)
    assert report.differences == []


def charges_at_processor(processor: FlakyProcessor) -> int:
    return sum(1 for r in processor.books.rows if r.kind == "charge")  # type: ignore[attr-defined]


def test_a_charge_that_times_out_after_charging_is_charged_once_on_retry(
    contract: Contract, processor: FlakyProcessor
) -> None:
    milestone = milestones(contract)[0]
    processor.time_out.add("charge")
    with pytest.raises(Conflict) as timed_out:
        contracts.do_fund_milestone(actor=contract.client, milestone=milestone)
    assert timed_out.value.code == "processor_unavailable"
    assert not Charge.objects.exists()
    assert not JournalEntry.objects.exists()
    # The processor took the money and we do not know: reconciliation says so.
    differences = reconcile(timezone.localdate(clock.now()), processor).differences
    assert [(d.problem, d.kind, d.processor_amount) for d in differences] == [(MISSING_IN_LEDGER, "charge", 10_500)]
    fund(contract, milestone)  # the retry sends the same key
    assert charges_at_processor(processor) == 1
    assert balances_of(contract.client).in_escrow == 10_000
    assert_consistent(processor)


def test_a_refund_that_times_out_after_refunding_is_refunded_once_on_retry(
    contract: Contract, processor: FlakyProcessor
) -> None:
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    target = ("contracts.milestone", milestone.pk)
    processor.time_out.add("refund")
    with pytest.raises(Conflict):
        actions.do_refund_escrow(actor=contract.freelancer, target=target, amount=3_000)
    assert balances_of(contract.client).in_escrow == 10_000  # our side rolled back
    actions.do_refund_escrow(actor=contract.freelancer, target=target, amount=3_000)
    assert [r.amount for r in processor.books.rows if r.kind == "refund"] == [3_150]  # type: ignore[attr-defined]
    assert balances_of(contract.client).in_escrow == 7_000
    assert_consistent(processor)


def test_a_payout_that_times_out_is_retried_by_the_queue_and_paid_once(
    contract: Contract, processor: FlakyProcessor, no_first_payout_hold: None
) -> None:
    make_available(contract, milestones(contract)[0])
    bank_account(contract.freelancer)
    processor.time_out.add("payout")
    payout = actions.do_request_payout(actor=contract.freelancer, amount=9_000)  # the task is sent on commit
    with pytest.raises(ConnectionError):  # the queue's cue to retry
        tasks.send_payout.run(payout.pk)
    assert Payout.objects.get().status == PayoutStatus.PROCESSING
    assert tasks.send_payout.run(payout.pk) == PayoutStatus.PAID
    assert tasks.send_payout.run(payout.pk) == PayoutStatus.PAID  # and once more: nothing moves
    assert [r.amount for r in processor.books.rows if r.kind == "payout"] == [9_000]  # type: ignore[attr-defined]
    assert JournalEntry.objects.filter(kind=EntryKind.PAYOUT_PAID).count() == 1
    assert_consistent(processor)


def test_a_dispute_webhook_before_the_charge_is_recorded_is_handled_when_sent_again(
    contract: Contract, processor: FlakyProcessor
) -> None:
    milestone = milestones(contract)[0]
    processor.webhook_during_charge = True
    fund(contract, milestone)
    assert len(processor.refused) == 1
    assert not WebhookEvent.objects.exists()
    assert Charge.objects.get().status == ChargeStatus.SUCCEEDED
    processor.redeliver()  # the processor's retry, after our commit
    processor.redeliver()  # nothing left to send
    assert processor.refused == []
    assert Charge.objects.get().status == ChargeStatus.DISPUTED
    assert balances_of(contract.client).frozen == 10_000
    assert_consistent(processor)


def test_a_dispute_webhook_after_the_response_and_twice_moves_money_once(
    contract: Contract, processor: FlakyProcessor
) -> None:
    fund(contract, milestones(contract)[0])
    charge = Charge.objects.get()
    for _ in range(2):
        processor.deliver(*processor.dispute_event(charge.processor_ref))
        processor.deliver(*processor.dispute_closed_event(charge.processor_ref, won=False))
    assert processor.refused == []
    assert WebhookEvent.objects.count() == 2
    assert JournalEntry.objects.filter(kind=EntryKind.FREEZE).count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.CHARGEBACK).count() == 1
    assert [r.amount for r in processor.books.rows if r.kind == "chargeback"] == [10_500]  # type: ignore[attr-defined]
    assert_consistent(processor)


def test_timer_tasks_run_twice_move_money_once(contract: Contract, processor: FlakyProcessor) -> None:
    first, second = milestones(contract)
    fund(contract, first)
    fund(contract, second)
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=first)
    release(contract, second)
    later = clock.now() + dt.timedelta(days=15)
    with clock.frozen_at(later):
        assert tasks.auto_release.run() == 1
        tasks.auto_release.run()
        tasks.mature_pending.run()
        tasks.mature_pending.run()
    with clock.frozen_at(later + dt.timedelta(days=6)):
        tasks.mature_pending.run()
        tasks.mature_pending.run()
    assert JournalEntry.objects.filter(kind=EntryKind.RELEASE).count() == 2
    assert JournalEntry.objects.filter(kind=EntryKind.MATURE).count() == 2
    assert balances_of(contract.freelancer).available == 27_000
    assert all(hold.matured for hold in EscrowHold.objects.all())
    assert_consistent(processor)


def test_the_sandbox_dispute_task_run_twice_freezes_once(contract: Contract, processor: FlakyProcessor) -> None:
    fund(contract, milestones(contract)[0])
    charge = Charge.objects.get()
    tasks.deliver_sandbox_dispute.run(charge.pk)
    tasks.deliver_sandbox_dispute.run(charge.pk)
    assert JournalEntry.objects.filter(kind=EntryKind.FREEZE).count() == 1
    assert balances_of(contract.client).frozen == 10_000
    assert_consistent(processor)
