"""A property test: random sequences of fund / submit+approve / refund / time passing / withdraw /
end on a five-milestone contract. After every step the ledger balances (every entry zero-sum,
every materialised balance equal to its lines, nothing overdrawn), a refused step changed
nothing, and no money was created or lost: what the processor took in, less what it paid back
out, is exactly what the platform holds for people plus its fees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workfair.contracts import actions as contracts
from workfair.contracts.queries import current_nda
from workfair.contracts.tests.factories import fixed_offer, proposal_for
from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.payments import actions, ledger
from workfair.payments.models import Account, Charge, JournalLine
from workfair.payments.states import AccountKind as K
from workfair.payments.states import ChargeStatus, EntryKind
from workfair.payments.tests.factories import bank_account

pytestmark = pytest.mark.django_db

OPS = st.lists(
    st.tuples(
        st.sampled_from(["fund", "approve", "refund", "wait", "withdraw", "end", "auto"]),
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=1, max_value=40_000),
    ),
    min_size=1,
    max_size=25,
)
AMOUNTS = st.lists(st.integers(min_value=500, max_value=50_000), min_size=5, max_size=5)


def snapshot() -> tuple[int, list[tuple[int, int]]]:
    return JournalLine.objects.count(), list(Account.objects.order_by("pk").values_list("pk", "balance"))


def outside_money() -> int:
    """What the processor took in from cards less what it paid back (refunds) and out (payouts)."""
    charged = Charge.objects.filter(status=ChargeStatus.SUCCEEDED).aggregate(s=Sum("amount"))["s"] or 0
    paid_back = (
        JournalLine.objects.filter(
            entry__kind__in=[EntryKind.REFUND_PAID, EntryKind.PAYOUT_PAID], account__kind=K.PROCESSOR_CLEARING
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    return int(charged - paid_back)


def held_by_platform() -> int:
    return int(Account.objects.exclude(kind=K.PROCESSOR_CLEARING).aggregate(s=Sum("balance"))["s"] or 0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(amounts=AMOUNTS, ops=OPS)
def test_random_money_sequences_keep_the_ledger_whole(
    db: Any, amounts: list[int], ops: list[tuple[str, int, int]]
) -> None:
    with transaction.atomic():
        run(amounts, ops)
        transaction.set_rollback(True)


def run(amounts: list[int], ops: list[tuple[str, int, int]]) -> None:
    now = clock.now()
    with clock.frozen_at(now):
        proposal = proposal_for()
        offer = fixed_offer(proposal, amounts=tuple(amounts))
        contract = contracts.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)
        bank_account(contract.freelancer)
    milestones = list(contract.milestones.order_by("position"))
    for op, index, amount in ops:
        milestone = milestones[index]
        milestone.refresh_from_db()
        before = snapshot()
        with clock.frozen_at(now):
            try:
                with transaction.atomic():
                    step(op, contract, milestone, amount)
            except WorkfairError:
                assert snapshot() == before, f"refused {op} changed the ledger"
        if op == "wait":
            now += dt.timedelta(days=amount % 16)
        assert ledger.verify() == []
        assert outside_money() == held_by_platform()


def step(op: str, contract: Any, milestone: Any, amount: int) -> None:
    if op == "fund":
        result = contracts.do_fund_milestone(actor=contract.client, milestone=milestone)
        assert result.ok
    elif op == "approve":
        if milestone.status in ("funded", "changes_requested"):
            contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
        contracts.do_approve_milestone(actor=contract.client, milestone=milestone)
    elif op == "refund":
        contracts.do_refund_milestone(actor=contract.freelancer, milestone=milestone, amount=amount)
    elif op == "wait":
        actions.do_mature_pending()
        actions.do_refund_due_holds()
        actions.do_send_held_payouts()
    elif op == "auto":
        if milestone.status == "funded":
            contracts.do_submit_milestone(actor=contract.freelancer, milestone=milestone)
        actions.do_auto_release_due()
    elif op == "withdraw":
        actions.do_request_payout(actor=contract.freelancer, amount=amount)
    elif op == "end":
        contracts.do_end_contract(actor=contract.client, contract=contract)


# --- with hourly weeks --------------------------------------------------------------------------
# The same sequences with an hourly contract between the same two people beside the fixed one:
# time logged (some of it refused by the weekly limit), the hours of an invoiced week disputed
# and settled by staff, and every wait running the hourly timers too (invoice, charge, mature).

HOURLY_OPS = st.lists(
    st.tuples(
        st.sampled_from(["fund", "approve", "wait", "withdraw", "log", "log", "dispute", "settle"]),
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=1, max_value=40_000),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(amounts=AMOUNTS, ops=HOURLY_OPS)
@example(  # a week logged, invoiced and charged, then matured and withdrawn
    amounts=[1_000] * 5, ops=[("log", 0, 300), ("wait", 0, 15), ("wait", 0, 11), ("wait", 0, 1), ("withdraw", 0, 1_000)]
)
@example(  # a week disputed, settled by staff, then charged
    amounts=[1_000] * 5,
    ops=[("log", 0, 300), ("wait", 0, 8), ("wait", 0, 1), ("dispute", 0, 1), ("settle", 0, 100), ("wait", 0, 1)],
)
def test_random_sequences_with_hourly_weeks_keep_the_ledger_whole(
    db: Any, amounts: list[int], ops: list[tuple[str, int, int]]
) -> None:
    with transaction.atomic():
        run_with_hourly(amounts, ops)
        transaction.set_rollback(True)


def run_with_hourly(amounts: list[int], ops: list[tuple[str, int, int]]) -> None:
    from workfair.accounts.tests.factories import UserFactory
    from workfair.contracts.tests.factories import hourly_offer

    now = clock.now()
    with clock.frozen_at(now):
        proposal = proposal_for()
        offer = fixed_offer(proposal, amounts=tuple(amounts))
        contract = contracts.do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)
        bank_account(contract.freelancer)
        second = hourly_offer(proposal_for(contract.client, freelancer=contract.freelancer))
        hourly = contracts.do_accept_offer(actor=second.freelancer, offer=second, nda_version_id=current_nda().pk)
        staff = UserFactory(is_staff=True)
    milestones = list(contract.milestones.order_by("position"))
    for op, index, amount in ops:
        milestone = milestones[index]
        milestone.refresh_from_db()
        before = snapshot()
        with clock.frozen_at(now):
            try:
                with transaction.atomic():
                    if op in ("log", "dispute", "settle"):
                        hourly_step(op, hourly, staff, amount)
                    else:
                        step(op, contract, milestone, amount)
                        if op == "wait":
                            actions.do_invoice_closed_weeks()
                            actions.do_charge_due_weeks()
                            actions.do_mature_hourly_weeks()
            except WorkfairError:
                assert snapshot() == before, f"refused {op} changed the ledger"
        if op == "wait":
            now += dt.timedelta(days=amount % 16)
        assert ledger.verify() == []
        assert outside_money() == held_by_platform()
    hourly_run_counts.append(Charge.objects.filter(target_type="payments.hourlyweek").count())


hourly_run_counts: list[int] = []  # hourly charges per example: the examples above charge one


def hourly_step(op: str, hourly: Any, staff: Any, amount: int) -> None:
    from workfair.payments.models import HourlyWeek
    from workfair.payments.states import HourlyWeekStatus

    weeks = HourlyWeek.objects.filter(contract_id=hourly.pk).order_by("-week_start")
    if op == "log":
        actions.do_log_time(
            actor=hourly.freelancer,
            contract_type="contracts.contract",
            contract_id=hourly.pk,
            date=clock.today(),
            minutes=amount % 480 + 1,
            memo="Work",
        )
    elif op == "dispute":
        week = weeks.filter(status=HourlyWeekStatus.REVIEW).first()
        if week is not None:
            actions.do_dispute_hourly_week(actor=hourly.client, week=week, reason="Too many hours")
    elif op == "settle":
        week = weeks.filter(status=HourlyWeekStatus.DISPUTED).first()
        if week is not None:
            actions.do_settle_hourly_dispute(actor=staff, week=week, billed_minutes=amount % (week.billed_minutes + 1))


def test_the_hourly_examples_reach_a_charge(db: Any) -> None:
    hourly_run_counts.clear()
    monday = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    with transaction.atomic(), clock.frozen_at(monday):
        run_with_hourly([1_000] * 5, [("log", 0, 300), ("wait", 0, 15), ("wait", 0, 11), ("wait", 0, 1)])
        run_with_hourly(
            [1_000] * 5, [("log", 0, 300), ("wait", 0, 8), ("dispute", 0, 1), ("settle", 0, 100), ("wait", 0, 1)]
        )
        transaction.set_rollback(True)
    assert hourly_run_counts == [1, 1]
