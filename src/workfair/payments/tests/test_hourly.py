"""Hourly billing: time entries within the weekly limit, the weekly invoice, the client's review
window and dispute, the charge (and a declined one), the security period, the withdrawal. After
each step the ledger balances (`ledger.verify()`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import UserFactory
from workfair.contracts import actions as contracts
from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.notifications.models import Notification
from workfair.payments import actions, ledger, queries
from workfair.payments.models import Charge, HourlyWeek, JournalEntry, TimeEntry
from workfair.payments.queries import balances_of
from workfair.payments.states import AccountKind as K
from workfair.payments.states import ChargeStatus, EntryKind, HourlyWeekStatus
from workfair.payments.tests.factories import CHARGE_FAILS_CARD, OK_CARD, add_card, bank_account
from workfair.payments.tests.hourly import MONDAY, at, days, hourly_contract, log
from workfair.trust.models import Case, Signal

pytestmark = pytest.mark.django_db

# 3h + 2h30 = 330 minutes at 45.00: 247.50; client fee 5 % 12.38 (half up); freelancer fee 10 % 24.75.
AMOUNT, CLIENT_FEE, FREELANCER_FEE = 24_750, 1_238, 2_475
CLIENT_TOTAL, FREELANCER_NET = AMOUNT + CLIENT_FEE, AMOUNT - FREELANCER_FEE


@pytest.fixture
def contract(db: Any) -> Contract:
    return hourly_contract()


def week_of(contract: Contract) -> HourlyWeek:
    return HourlyWeek.objects.get(contract_id=contract.pk, week_start=MONDAY)


def logged_week(contract: Contract) -> HourlyWeek:
    with clock.frozen_at(at(days(0), 18)):
        log(contract, days(0), 180, "Set up the project")
    with clock.frozen_at(at(days(2), 18)):
        log(contract, days(2), 150, "Wrote the importer")
    return week_of(contract)


def invoiced_week(contract: Contract) -> HourlyWeek:
    logged_week(contract)
    with clock.frozen_at(at(days(7), 12)):
        assert actions.do_invoice_closed_weeks() == 1
    return week_of(contract)


def test_a_week_logged_invoiced_reviewed_charged_matured_withdrawn(contract: Contract, settings: Any) -> None:
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "FIRST_PAYOUT_HOLD_DAYS": 0}
    week = logged_week(contract)
    assert (week.status, week.logged_minutes) == (HourlyWeekStatus.OPEN, 330)
    assert ledger.verify() == []
    # Monday 11:59, the freelancer may still edit; the timer leaves the week alone.
    with clock.frozen_at(at(days(7), 11, 59)):
        assert actions.do_invoice_closed_weeks() == 0
        entry = TimeEntry.objects.get(date=days(2))
        actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, memo="Wrote and tested the importer")
    # Monday 12:00: invoiced, once.
    with clock.frozen_at(at(days(7), 12)):
        assert actions.do_invoice_closed_weeks() == 1
        assert actions.do_invoice_closed_weeks() == 0
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.REVIEW
    assert (week.billed_minutes, week.amount, week.client_fee, week.freelancer_fee) == (
        330,
        AMOUNT,
        CLIENT_FEE,
        FREELANCER_FEE,
    )
    assert (week.client_total, week.freelancer_net) == (CLIENT_TOTAL, FREELANCER_NET)
    assert week.review_ends_at == at(days(12), 0)  # Friday 23:59 is the last minute of the window
    titles = list(Notification.objects.filter(kind="hourly.invoiced").values_list("recipient_id", "title"))
    assert (contract.client_id, "Ongoing development: week of 02 Nov invoiced, you'll pay $259.88") in titles
    assert (contract.freelancer_id, "Ongoing development: week of 02 Nov invoiced, you'll receive $222.75") in titles
    assert not JournalEntry.objects.exists()  # an invoice moves no money
    # Friday 23:59: still in review.
    with clock.frozen_at(at(days(11), 23, 59)):
        assert actions.do_charge_due_weeks() == 0
    # Saturday 00:00: charged, into the freelancer's pending.
    with clock.frozen_at(at(days(12), 0)):
        assert actions.do_charge_due_weeks() == 1
        assert actions.do_charge_due_weeks() == 0
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.CHARGED
    charge = Charge.objects.get()
    assert (charge.amount, charge.status, charge.target_type) == (
        CLIENT_TOTAL,
        ChargeStatus.SUCCEEDED,
        "payments.hourlyweek",
    )
    assert balances_of(contract.freelancer).pending == FREELANCER_NET
    assert ledger.platform(K.PLATFORM_FEES, "USD").balance == CLIENT_FEE + FREELANCER_FEE
    assert ledger.platform(K.PROCESSOR_CLEARING, "USD").balance == -CLIENT_TOTAL
    assert ledger.account(K.CLIENT_FUNDING, "USD", owner_id=contract.client_id).balance == 0
    assert Notification.objects.filter(kind="hourly.charged").count() == 2
    assert ledger.verify() == []
    # The security period: available ten days after the week closed (Thursday 19 Nov).
    assert week.available_at == at(days(17), 0)
    with clock.frozen_at(at(days(16), 23, 59)):
        assert actions.do_mature_hourly_weeks() == 0
    with clock.frozen_at(at(days(17), 0)):
        assert actions.do_mature_hourly_weeks() == 1
        assert actions.do_mature_hourly_weeks() == 0
    freelancer = balances_of(contract.freelancer)
    assert (freelancer.pending, freelancer.available) == (0, FREELANCER_NET)
    assert ledger.verify() == []
    with clock.frozen_at(at(days(17), 9)):
        bank_account(contract.freelancer)
        payout = actions.do_request_payout(actor=contract.freelancer, amount=FREELANCER_NET)
        actions.do_send_payout(payout.pk)  # what the queued task does after commit
    assert balances_of(contract.freelancer).available == 0
    assert ledger.platform(K.PROCESSOR_CLEARING, "USD").balance == -CLIENT_TOTAL + FREELANCER_NET
    assert ledger.verify() == []
    kinds = list(JournalEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EntryKind.CHARGE, EntryKind.HOURLY, EntryKind.MATURE, EntryKind.PAYOUT, EntryKind.PAYOUT_PAID]


def test_the_weekly_limit_is_enforced_with_what_is_left(contract: Contract) -> None:
    logged_week(contract)  # 5h30 of 20h
    with clock.frozen_at(at(days(3), 20)):
        with pytest.raises(InvalidInput, match=r"weekly limit is 20 hours. You can log 14h 30m more") as refused:
            log(contract, days(3), 14 * 60 + 31)
        assert refused.value.code == "weekly_limit"
        log(contract, days(3), 14 * 60 + 30)
        with pytest.raises(InvalidInput, match="0h 00m more"):
            log(contract, days(3), 1)
        # An edit is held to the limit too (the entry itself not counted twice).
        entry = TimeEntry.objects.get(date=days(0))
        with pytest.raises(InvalidInput):
            actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, minutes=181)
        actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, minutes=120)
    assert week_of(contract).logged_minutes == 20 * 60 - 60


def test_a_lowered_limit_bills_only_the_limit(contract: Contract) -> None:
    logged_week(contract)
    Contract.objects.filter(pk=contract.pk).update(weekly_limit_hours=4)
    with clock.frozen_at(at(days(4), 9)), pytest.raises(InvalidInput, match="limit is 4 hours"):
        log(contract, days(4), 30)
    week = week_of(contract)
    week.limit_minutes = 240  # the copy refreshed by the refused entry's transaction rolled back
    week.save(update_fields=["limit_minutes"])
    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()
    week.refresh_from_db()
    assert (week.logged_minutes, week.billed_minutes, week.amount) == (330, 240, 18_000)


def test_time_is_refused_with_a_clear_reason_and_nothing_written(contract: Contract) -> None:
    with clock.frozen_at(at(days(2), 10)):
        for day, minutes, memo, error in [
            (days(3), 60, "x", "hasn't come yet"),
            (MONDAY - dt.timedelta(days=1), 60, "x", "started on"),
            (days(1), 0, "x", "1 minute to 24 hours"),
            (days(1), 24 * 60 + 1, "x", "1 minute to 24 hours"),
            (days(1), "60", "x", "whole minutes"),
            (days(1), 60, "  ", "memo"),
            (days(1), 60, "x" * 501, "at most 500"),
            ("2026-11-03", 60, "x", "YYYY-MM-DD"),
        ]:
            with pytest.raises(InvalidInput, match=error):
                log(contract, day, minutes, memo)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            actions.do_log_time(
                actor=contract.client,
                contract_type="contracts.contract",
                contract_id=contract.pk,
                date=days(1),
                minutes=60,
                memo="x",
            )
        with pytest.raises(NotFound):
            actions.do_log_time(
                actor=UserFactory(),
                contract_type="contracts.contract",
                contract_id=contract.pk,
                date=days(1),
                minutes=60,
                memo="x",
            )
        Contract.objects.filter(pk=contract.pk).update(manual_time_allowed=False)
        with pytest.raises(PermissionDenied, match="manual time"):
            log(contract, days(1), 60)
        Contract.objects.filter(pk=contract.pk).update(manual_time_allowed=True)
        contracts.do_pause_contract(actor=contract.client, contract=contract)
        with pytest.raises(Conflict, match="not active"):
            log(contract, days(1), 60)
    assert not TimeEntry.objects.exists()


def test_a_week_closes_at_monday_noon_for_new_time_edits_and_deletes(contract: Contract) -> None:
    logged_week(contract)
    entry = TimeEntry.objects.get(date=days(0))
    with clock.frozen_at(at(days(7), 11)):
        log(contract, days(6), 30)  # Sunday's time, logged Monday morning
        actions.do_delete_time_entry(actor=contract.freelancer, entry=TimeEntry.objects.get(date=days(6)))
    with clock.frozen_at(at(days(7), 12, 1)):
        with pytest.raises(Conflict, match="closed") as refused:
            log(contract, days(6), 30)
        assert refused.value.code == "week_closed"
        with pytest.raises(Conflict):
            actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, minutes=60)
        with pytest.raises(Conflict):
            actions.do_delete_time_entry(actor=contract.freelancer, entry=entry)
        actions.do_invoice_closed_weeks()
        with pytest.raises(Conflict, match="invoiced"):
            actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, minutes=60)
    entry.refresh_from_db()
    assert entry.minutes == 180
    assert week_of(contract).billed_minutes == 330


def test_only_the_freelancer_edits_and_a_move_to_another_week_is_refused(contract: Contract) -> None:
    logged_week(contract)
    entry = TimeEntry.objects.get(date=days(0))
    with clock.frozen_at(at(days(8), 10)):
        with pytest.raises(PermissionDenied):
            actions.do_edit_time_entry(actor=contract.client, entry=entry, minutes=60)
        with pytest.raises(PermissionDenied):
            actions.do_delete_time_entry(actor=contract.client, entry=entry)
    with clock.frozen_at(at(days(7), 11)), pytest.raises(InvalidInput, match="another week"):
        actions.do_edit_time_entry(actor=contract.freelancer, entry=entry, date=days(7))


def test_a_week_without_time_bills_nothing(contract: Contract) -> None:
    with clock.frozen_at(at(days(1), 9)):
        entry = log(contract, days(1), 60)
        actions.do_delete_time_entry(actor=contract.freelancer, entry=entry)
    with clock.frozen_at(at(days(7), 12)):
        assert actions.do_invoice_closed_weeks() == 1
    assert week_of(contract).status == HourlyWeekStatus.VOID
    with clock.frozen_at(at(days(12), 1)):
        assert actions.do_charge_due_weeks() == 0
    assert not Charge.objects.exists()
    assert not queries.hourly_weeks_of(contract.client).exists()


def test_a_declined_charge_retries_then_holds_new_time_and_the_client_pays_later(contract: Contract) -> None:
    week = invoiced_week(contract)
    with clock.frozen_at(at(days(8), 9)):
        add_card(contract.client, CHARGE_FAILS_CARD)  # the newest verified card is the one charged
    with clock.frozen_at(at(days(12), 0)):
        assert actions.do_charge_due_weeks() == 0
    week.refresh_from_db()
    assert (week.status, week.charge_attempts) == (HourlyWeekStatus.RETRYING, 1)
    assert week.next_charge_at == at(days(13), 0)
    assert Charge.objects.get().status == ChargeStatus.FAILED
    assert Signal.objects.filter(kind="payment.failed", subject_id=contract.client_id).count() == 1
    assert Notification.objects.filter(kind="hourly.charge_failed").count() == 2
    assert not JournalEntry.objects.exists()
    assert ledger.verify() == []
    # New time waits while the week is unpaid.
    with clock.frozen_at(at(days(12), 10)):
        with pytest.raises(Conflict, match="new time waits") as refused:
            log(contract, days(12), 60)
        assert refused.value.code == "contract_on_hold"
    with clock.frozen_at(at(days(13), 0)):
        actions.do_charge_due_weeks()
    with clock.frozen_at(at(days(14), 0)):
        actions.do_charge_due_weeks()
    week.refresh_from_db()
    assert (week.status, week.charge_attempts) == (HourlyWeekStatus.UNPAID, 3)
    assert Case.objects.filter(target_type="payments.hourlyweek", target_id=str(week.pk)).count() == 1
    with clock.frozen_at(at(days(16), 0)):
        assert actions.do_charge_due_weeks() == 0  # no more automatic tries
    assert Charge.objects.filter(status=ChargeStatus.FAILED).count() == 3
    # The client adds a working card and pays from the money page.
    with clock.frozen_at(at(days(16), 9)):
        with pytest.raises(PermissionDenied):
            actions.do_charge_hourly_week(week.pk, actor=contract.freelancer)
        add_card(contract.client, OK_CARD)
        actions.do_charge_hourly_week(week.pk, actor=contract.client)
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.CHARGED
    assert week.available_at == at(days(21), 9)  # the pending days from the late charge
    assert balances_of(contract.freelancer).pending == FREELANCER_NET
    assert ledger.verify() == []
    with clock.frozen_at(at(days(16), 10)):
        log(contract, days(16), 60)  # time again


def test_disputed_hours_hold_the_charge_until_staff_settle(contract: Contract) -> None:
    week = invoiced_week(contract)
    with clock.frozen_at(at(days(9), 9)):
        with pytest.raises(PermissionDenied):
            actions.do_dispute_hourly_week(actor=contract.freelancer, week=week, reason="no")
        with pytest.raises(InvalidInput):
            actions.do_dispute_hourly_week(actor=contract.client, week=week, reason=" ")
        actions.do_dispute_hourly_week(actor=contract.client, week=week, reason="Wednesday's 2h30 was a meeting")
    week.refresh_from_db()
    assert week.status == HourlyWeekStatus.DISPUTED
    assert Case.objects.filter(target_type="payments.hourlyweek", target_id=str(week.pk)).exists()
    assert Notification.objects.filter(kind="hourly.disputed", recipient=contract.freelancer).exists()
    with clock.frozen_at(at(days(12), 1)):
        assert actions.do_charge_due_weeks() == 0
        with pytest.raises(Conflict, match="new time waits"):
            log(contract, days(12), 60)
    assert not Charge.objects.exists()
    staff = UserFactory(is_staff=True)
    with clock.frozen_at(at(days(13), 9)):
        with pytest.raises(PermissionDenied):
            actions.do_settle_hourly_dispute(actor=contract.client, week=week, billed_minutes=180)
        with pytest.raises(InvalidInput):
            actions.do_settle_hourly_dispute(actor=staff, week=week, billed_minutes=331)
        actions.do_settle_hourly_dispute(actor=staff, week=week, billed_minutes=180, note="The meeting is not billed")
        assert actions.do_charge_due_weeks() == 1
    week.refresh_from_db()
    assert (week.status, week.amount) == (HourlyWeekStatus.CHARGED, 13_500)
    assert Charge.objects.get().amount == 13_500 + 675
    assert balances_of(contract.freelancer).pending == 13_500 - 1_350
    assert ledger.verify() == []


def test_the_review_window_closes_for_disputes(contract: Contract) -> None:
    week = invoiced_week(contract)
    with clock.frozen_at(at(days(12), 0)), pytest.raises(Conflict, match="review window"):
        actions.do_dispute_hourly_week(actor=contract.client, week=week, reason="late")


def test_what_each_side_sees_for_the_week(contract: Contract) -> None:
    logged_week(contract)
    with clock.frozen_at(at(days(3), 9)):
        terms = queries.access_hourly_contract(contract.client, "contracts.contract", contract.pk)
        view = queries.hourly_week_view(terms, days(3))
        assert (view.week_start, view.logged_minutes, view.left_minutes, view.editable) == (MONDAY, 330, 870, True)
        assert (view.quote["client_total"], view.quote["freelancer_net"]) == (CLIENT_TOTAL, FREELANCER_NET)
        with pytest.raises(NotFound):
            queries.access_hourly_contract(UserFactory(), "contracts.contract", contract.pk)
    with clock.frozen_at(at(days(7), 12)):
        actions.do_invoice_closed_weeks()
    assert list(queries.hourly_weeks_of(contract.freelancer)) == [week_of(contract)]
    with pytest.raises(NotFound):
        queries.access_hourly_week_by_id(UserFactory(), week_of(contract).pk)
