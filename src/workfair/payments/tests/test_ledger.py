"""The ledger's guarantees: balanced entries, idempotent postings, materialised balances, no overdraft."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from workfair.payments import ledger
from workfair.payments.ledger import InsufficientFunds, Line, UnbalancedEntry
from workfair.payments.models import Account, JournalEntry, JournalLine
from workfair.payments.states import AccountKind as K
from workfair.payments.states import EntryKind

pytestmark = pytest.mark.django_db


def accounts(currency: str = "USD") -> tuple[Account, Account]:
    return ledger.platform(K.PROCESSOR_CLEARING, currency), ledger.account(K.CLIENT_FUNDING, currency, owner_id=1)


def test_a_posting_moves_money_and_updates_both_balances() -> None:
    clearing, funding = accounts()
    entry = ledger.post("t:1", EntryKind.CHARGE, [Line(clearing, -1234), Line(funding, 1234)])
    assert [(line.account_id, line.amount, line.currency) for line in entry.lines.order_by("id")] == [
        (clearing.pk, -1234, "USD"),
        (funding.pk, 1234, "USD"),
    ]
    assert (ledger.balance(clearing), ledger.balance(funding)) == (-1234, 1234)
    assert ledger.verify() == []


def test_the_same_key_twice_moves_money_once() -> None:
    clearing, funding = accounts()
    first = ledger.post("same-key", EntryKind.CHARGE, [Line(clearing, -500), Line(funding, 500)])
    second = ledger.post("same-key", EntryKind.CHARGE, [Line(clearing, -500), Line(funding, 500)])
    assert first.pk == second.pk
    assert JournalEntry.objects.count() == 1
    assert JournalLine.objects.count() == 2
    assert ledger.balance(funding) == 500


@pytest.mark.parametrize(
    "amounts",
    [(-100, 99), (100, 100), (0, 0), (-1,)],
    ids=["off-by-one", "both-credits", "zero-lines", "one-line"],
)
def test_an_unbalanced_entry_is_refused_and_changes_nothing(amounts: tuple[int, ...]) -> None:
    clearing, funding = accounts()
    lines = [Line(acc, amount) for acc, amount in zip((clearing, funding), amounts, strict=False)]
    with pytest.raises(UnbalancedEntry):
        ledger.post("bad", EntryKind.CHARGE, lines)
    assert not JournalEntry.objects.exists()
    assert (ledger.balance(clearing), ledger.balance(funding)) == (0, 0)


def test_floats_and_booleans_are_not_money() -> None:
    clearing, funding = accounts()
    with pytest.raises(UnbalancedEntry):
        ledger.post("float", EntryKind.CHARGE, [Line(clearing, -1.5), Line(funding, 1.5)])  # type: ignore[arg-type]
    with pytest.raises(UnbalancedEntry):
        ledger.post("bool", EntryKind.CHARGE, [Line(clearing, -1), Line(funding, True)])


def test_zero_sum_is_per_currency() -> None:
    usd_clearing, usd_funding = accounts("USD")
    eur_clearing, eur_funding = accounts("EUR")
    with pytest.raises(UnbalancedEntry):  # sums to zero overall, not per currency
        ledger.post("mixed", EntryKind.CHARGE, [Line(usd_clearing, -100), Line(eur_funding, 100)])
    ledger.post(
        "two-currencies",
        EntryKind.CHARGE,
        [Line(usd_clearing, -100), Line(usd_funding, 100), Line(eur_clearing, -7), Line(eur_funding, 7)],
    )
    assert ledger.verify() == []


def test_jpy_has_no_minor_units_and_posts_whole_yen() -> None:
    clearing, funding = accounts("JPY")
    ledger.post("yen", EntryKind.CHARGE, [Line(clearing, -1500), Line(funding, 1500)])
    assert ledger.balance(funding) == 1500


def test_no_account_but_processor_clearing_goes_below_zero() -> None:
    clearing, funding = accounts()
    available = ledger.account(K.FREELANCER_AVAILABLE, "USD", owner_id=2)
    with pytest.raises(InsufficientFunds, match="Not enough money"):
        ledger.post("overdraw", EntryKind.PAYOUT, [Line(available, -1), Line(funding, 1)])
    assert not JournalEntry.objects.exists()
    assert ledger.balance(available) == 0
    ledger.post("ok", EntryKind.CHARGE, [Line(clearing, -1), Line(funding, 1)])  # clearing may go negative


def test_ledger_rows_are_immutable() -> None:
    clearing, funding = accounts()
    entry = ledger.post("t", EntryKind.CHARGE, [Line(clearing, -5), Line(funding, 5)])
    line = entry.lines.first()
    assert line is not None
    line.amount = 6
    with pytest.raises(ValueError, match="immutable"):
        line.save()
    with pytest.raises(ValueError, match="immutable"):
        entry.delete()


def test_verify_notices_a_balance_that_does_not_match_its_lines() -> None:
    clearing, funding = accounts()
    ledger.post("t", EntryKind.CHARGE, [Line(clearing, -5), Line(funding, 5)])
    Account.objects.filter(pk=funding.pk).update(balance=6)
    problems = ledger.verify()
    assert any("has balance 6, its lines sum to 5" in p for p in problems)
    assert any("sum to 1, not 0" in p for p in problems)


def test_an_unknown_kind_or_currency_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="account kind"):
        ledger.account("wallet", "USD")
    with pytest.raises(ValueError, match="currency"):
        ledger.account(K.ESCROW, "XYZ")
    clearing, funding = accounts()
    with pytest.raises(ValueError, match="entry kind"):
        ledger.post("k", "gift", [Line(clearing, -1), Line(funding, 1)])
    with pytest.raises(ValueError, match="idempotency key"):
        ledger.post("", EntryKind.CHARGE, [Line(clearing, -1), Line(funding, 1)])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_refuses_an_unbalanced_entry_written_behind_the_posting_function(db: Any) -> None:
    from django.db import IntegrityError, InternalError

    clearing, funding = accounts()

    def one_sided_entry() -> None:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                idempotency_key="raw", kind=EntryKind.CHARGE, created_at=clearing.created_at
            )
            JournalLine.objects.create(entry=entry, account=clearing, amount=-5, currency="USD")
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def rewrite_a_line() -> None:
        with transaction.atomic():
            entry = ledger.post("fine", EntryKind.CHARGE, [Line(clearing, -5), Line(funding, 5)])
            with connection.cursor() as cursor:
                cursor.execute("UPDATE payments_journalline SET amount = 6 WHERE entry_id = %s", [entry.pk])

    with pytest.raises((IntegrityError, InternalError), match="does not balance"):
        one_sided_entry()
    with pytest.raises((IntegrityError, InternalError), match="append-only"):
        rewrite_a_line()
