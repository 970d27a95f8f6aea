"""Reconciliation of the ledger with the sandbox's books: a clean day has no difference; each kind
of injected difference is listed, by `reconcile`, the `workfair reconcile` command and the staff
console page."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.payments import actions, ledger
from workfair.payments.models import ProcessorRecord
from workfair.payments.reconcile import AMOUNT_MISMATCH, MISSING_AT_PROCESSOR, MISSING_IN_LEDGER, day_bounds, reconcile
from workfair.payments.states import AccountKind, EntryKind
from workfair.payments.tests.factories import bank_account
from workfair.payments.tests.flows import fund, make_available, milestones
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate(clock.now())


@pytest.fixture
def busy_day(contract: Contract, no_first_payout_hold: None) -> Contract:
    """Two charges, a partial refund and a paid withdrawal, all today."""
    first, second = milestones(contract)
    make_available(contract, first)
    fund(contract, second)
    actions.do_refund_escrow(actor=contract.freelancer, target=("contracts.milestone", second.pk), amount=5_000)
    bank_account(contract.freelancer)
    payout = actions.do_request_payout(actor=contract.freelancer, amount=9_000)
    actions.do_send_payout(payout.pk)
    return contract


def test_a_clean_day_has_no_difference(busy_day: Contract) -> None:
    report = reconcile(today())
    assert report.differences == []
    assert (report.matched, report.ledger_count, report.processor_count) == (4, 4, 4)
    assert sorted(ProcessorRecord.objects.values_list("kind", flat=True)) == ["charge", "charge", "payout", "refund"]
    assert reconcile(today() - dt.timedelta(days=1)).matched == 0  # another day holds none of it


def test_every_kind_of_difference_is_listed(busy_day: Contract) -> None:
    refund = ProcessorRecord.objects.get(kind="refund")
    ProcessorRecord.objects.filter(pk=refund.pk).update(amount=refund.amount + 1)
    payout = ProcessorRecord.objects.get(kind="payout")
    payout.delete()
    ProcessorRecord.objects.create(
        processor="sandbox",
        kind="charge",
        idempotency_key="charge:contracts.milestone:999:1",
        ref="ch_sbx_stray",
        amount=777,
        currency="USD",
        created_at=clock.now(),
    )
    found = {(d.problem, d.kind): d for d in reconcile(today()).differences}
    assert set(found) == {
        (AMOUNT_MISMATCH, "refund"),
        (MISSING_AT_PROCESSOR, "payout"),
        (MISSING_IN_LEDGER, "charge"),
    }
    mismatch = found[(AMOUNT_MISMATCH, "refund")]
    assert (mismatch.ledger_amount, mismatch.processor_amount) == (refund.amount, refund.amount + 1)
    assert found[(MISSING_AT_PROCESSOR, "payout")].key == payout.idempotency_key
    assert found[(MISSING_IN_LEDGER, "charge")].processor_ref == "ch_sbx_stray"


def test_a_ledger_entry_with_no_processor_movement_is_listed(contract: Contract) -> None:
    ledger.post(
        "charge:made-up:1:captured",
        EntryKind.CHARGE,
        [
            ledger.Line(ledger.platform(AccountKind.PROCESSOR_CLEARING, "USD"), -500),
            ledger.Line(ledger.account(AccountKind.CLIENT_FUNDING, "USD", owner_id=contract.client.pk), 500),
        ],
    )
    [difference] = reconcile(today()).differences
    assert (difference.problem, difference.kind, difference.key, difference.ledger_amount) == (
        MISSING_AT_PROCESSOR,
        "charge",
        "charge:made-up:1",
        500,
    )


def test_a_movement_just_across_midnight_is_matched_not_listed(contract: Contract) -> None:
    _start, end = day_bounds(today())
    with clock.frozen_at(end - dt.timedelta(microseconds=1)):
        fund(contract, milestones(contract)[0])
    ProcessorRecord.objects.update(created_at=end + dt.timedelta(seconds=1))  # the processor's clock: tomorrow
    assert reconcile(today()).differences == []
    assert reconcile(today() + dt.timedelta(days=1)).differences == []
    assert reconcile(today()).matched == 1


def test_the_command_lists_differences_and_fails(busy_day: Contract) -> None:
    out = io.StringIO()
    call_command("reconcile", "--date", today().isoformat(), stdout=out)
    assert "4 matched" in out.getvalue()
    assert "0 differences" in out.getvalue()
    ProcessorRecord.objects.filter(kind="payout").delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 differences"):
        call_command("reconcile", "--date", today().isoformat(), "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert [(d["problem"], d["kind"]) for d in body["differences"]] == [(MISSING_AT_PROCESSOR, "payout")]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reconcile", "--date", "07/12/2026")


def test_the_console_page_lists_the_differences_for_staff_only(busy_day: Contract, client: Any) -> None:
    url = "/console/payments/reconciliation/"
    client.force_login(busy_day.client)
    assert client.get(url).status_code == 404
    staff = with_totp(StaffFactory())
    log_in_with_two_factor(client, staff)
    page = client.get(url, {"date": today().isoformat()})
    assert page.status_code == 200
    assert b"no differences" in page.content
    ProcessorRecord.objects.filter(kind="refund").update(amount=1)
    page = client.get(url, {"date": today().isoformat()})
    assert b'data-problem="amount_mismatch"' in page.content
    assert b"Amounts differ" in page.content
    bad = client.get(url, {"date": "yesterday"})
    assert bad.status_code == 400
    assert b"YYYY-MM-DD" in bad.content
