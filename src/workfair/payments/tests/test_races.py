"""Races on PostgreSQL: two requests at once, each in its own thread with its own connection.
Approve twice, withdraw twice, fund and end the contract, approve and auto-release: in each, at
most one side moves money, the other is refused, and the ledger balances. SQLite serialises
writers for the whole database, so there is no race to test there."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract, Milestone
from workfair.contracts.tests.factories import started_contract
from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.core.models import StateChange
from workfair.payments import actions, ledger
from workfair.payments.models import Charge, EscrowHold, JournalEntry, Payout
from workfair.payments.queries import balances_of
from workfair.payments.states import EntryKind
from workfair.payments.tests.factories import bank_account
from workfair.payments.tests.flows import fund, make_available

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks); SQLite serialises all writers. Set DATABASE_URL to run them.",
    ),
]


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run `calls` in threads released together; each result is its return value or its exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def first(contract: Contract) -> Milestone:
    return contract.milestones.order_by("position").first()  # type: ignore[return-value]


def refusals(results: list[Any]) -> list[Any]:
    for result in results:
        if isinstance(result, Exception) and not isinstance(result, WorkfairError):
            raise result
    return [r for r in results if isinstance(r, WorkfairError)]


def test_approve_twice_at_once_releases_once() -> None:
    contract = started_contract()
    milestone = fund(contract, first(contract))
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)

    def approve() -> Any:
        return contracts.do_approve_milestone(actor=contract.client, milestone=Milestone.objects.get(pk=milestone.pk))

    assert len(refusals(at_once(approve, approve))) == 1
    assert JournalEntry.objects.filter(kind=EntryKind.RELEASE).count() == 1
    assert balances_of(contract.freelancer).pending == 9_000
    assert ledger.verify() == []


def test_withdraw_twice_at_once_never_overdraws(settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "FIRST_PAYOUT_HOLD_DAYS": 0}
    contract = started_contract()
    make_available(contract, first(contract))  # 9,000
    bank_account(contract.freelancer)

    def withdraw() -> Any:
        return actions.do_request_payout(actor=contract.freelancer, amount=6_000)

    assert len(refusals(at_once(withdraw, withdraw))) == 1
    assert Payout.objects.count() == 1
    assert balances_of(contract.freelancer).available == 3_000
    assert ledger.verify() == []


def test_fund_and_end_at_once_never_leaves_money_in_a_cancelled_milestone() -> None:
    contract = started_contract()
    milestone = first(contract)

    def fund_it() -> Any:
        return contracts.do_fund_milestone(actor=contract.client, milestone=Milestone.objects.get(pk=milestone.pk))

    def end_it() -> Any:
        return contracts.do_end_contract(actor=contract.client, contract=Contract.objects.get(pk=contract.pk))

    results = at_once(fund_it, end_it)
    refusals(results)
    milestone.refresh_from_db()
    if milestone.status == "cancelled":  # the end came first: nothing was charged
        assert not Charge.objects.exists()
        assert not EscrowHold.objects.exists()
    else:  # funded first: the money is in escrow with its refund scheduled
        assert milestone.status == "funded"
        hold = EscrowHold.objects.get()
        assert hold.refund_due_at is not None
    assert ledger.verify() == []


def test_approve_and_auto_release_at_once_release_once() -> None:
    contract = started_contract()
    milestone = fund(contract, first(contract))
    contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
    later = clock.now() + dt.timedelta(days=15)

    def approve() -> Any:
        return contracts.do_approve_milestone(actor=contract.client, milestone=Milestone.objects.get(pk=milestone.pk))

    def auto() -> Any:
        with clock.frozen_at(later):
            return actions.do_auto_release_due()

    refusals(at_once(approve, auto))
    assert JournalEntry.objects.filter(kind=EntryKind.RELEASE).count() == 1
    assert balances_of(contract.freelancer).pending == 9_000
    assert ledger.verify() == []


# --- hourly billing -----------------------------------------------------------------------------


def test_two_invoice_runs_at_once_invoice_the_week_once() -> None:
    from workfair.payments.models import HourlyWeek
    from workfair.payments.states import HourlyWeekStatus
    from workfair.payments.tests.hourly import at, days, hourly_contract, log

    contract = hourly_contract()
    with clock.frozen_at(at(days(1), 9)):
        log(contract, days(1), 120)
    with clock.frozen_at(at(days(7), 12)):
        results = at_once(actions.do_invoice_closed_weeks, actions.do_invoice_closed_weeks)
    assert sorted(results) == [0, 1]
    week = HourlyWeek.objects.get()
    assert (week.status, week.billed_minutes) == (HourlyWeekStatus.REVIEW, 120)
    assert StateChange.objects.filter(model="payments.hourlyweek", object_id=str(week.pk)).count() == 1
    with clock.frozen_at(at(days(12), 0)):
        charged = at_once(actions.do_charge_due_weeks, actions.do_charge_due_weeks)
    assert sorted(charged) == [0, 1]
    assert Charge.objects.count() == 1
    assert JournalEntry.objects.filter(kind=EntryKind.HOURLY).count() == 1
    assert ledger.verify() == []


def test_editing_an_entry_while_the_week_is_invoiced_is_billed_or_refused_never_lost(monkeypatch: Any) -> None:
    """The edit starts at 11:59:59 (allowed), the invoice run at 12:00: both lock the week row, so
    either the edit lands first and is billed, or it finds the week invoiced and is refused."""
    from workfair.payments.models import HourlyWeek, TimeEntry
    from workfair.payments.tests.hourly import at, days, hourly_contract, log

    own = threading.local()
    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: getattr(own, "now", None) or real_now())
    for _ in range(3):
        contract = hourly_contract()
        own.now = at(days(1), 9)
        entry = log(contract, days(1), 120)
        own.now = None

        def edit(contract: Contract = contract, entry_id: int = entry.pk) -> Any:
            own.now = at(days(7), 11, 59) + dt.timedelta(seconds=59)
            return actions.do_edit_time_entry(
                actor=contract.freelancer, entry=TimeEntry.objects.get(pk=entry_id), minutes=180
            )

        def invoice() -> Any:
            own.now = at(days(7), 12)
            return actions.do_invoice_closed_weeks()

        results = at_once(edit, invoice)
        week = HourlyWeek.objects.get(contract_id=contract.pk)
        entry.refresh_from_db()
        assert week.billed_minutes == entry.minutes  # what is billed is what the entry says
        refused = isinstance(results[0], WorkfairError)
        assert refused == (entry.minutes == 120)
    assert ledger.verify() == []
