"""`ledger.post`'s checks word for word (a mutation run showed the wording could change unseen),
and that each refusal writes nothing."""

from __future__ import annotations

import pytest

from workfair.payments import ledger
from workfair.payments.ledger import Line, UnbalancedEntry
from workfair.payments.models import JournalEntry
from workfair.payments.states import AccountKind as K
from workfair.payments.states import EntryKind

pytestmark = pytest.mark.django_db


def test_each_refusal_says_what_is_wrong_and_writes_nothing() -> None:
    clearing = ledger.platform(K.PROCESSOR_CLEARING, "USD")
    funding = ledger.account(K.CLIENT_FUNDING, "USD", owner_id=1)
    euros = ledger.account(K.CLIENT_FUNDING, "EUR", owner_id=1)
    cases = [
        ([Line(clearing, 5)], "an entry has at least two lines"),
        ([], "an entry has at least two lines"),
        ([Line(clearing, -1.5), Line(funding, 1.5)], "amount -1.5 is not an integer of minor units"),  # type: ignore[arg-type]
        ([Line(clearing, True), Line(funding, -1)], "amount True is not an integer of minor units"),
        ([Line(clearing, 0), Line(funding, 0)], "a line moves a non-zero amount"),
        ([Line(clearing, -5), Line(funding, 4)], "lines do not sum to zero: {'USD': -1}"),
        ([Line(clearing, -5), Line(euros, 5)], "lines do not sum to zero: {'USD': -5, 'EUR': 5}"),
    ]
    for lines, message in cases:
        with pytest.raises(UnbalancedEntry) as refused:
            ledger.post("k", EntryKind.CHARGE, lines)
        assert str(refused.value) == message
    assert not JournalEntry.objects.exists()
    assert ledger.balance(clearing) == 0


def test_a_balanced_entry_of_two_currencies_posts() -> None:
    usd = (ledger.platform(K.PROCESSOR_CLEARING, "USD"), ledger.account(K.CLIENT_FUNDING, "USD", owner_id=2))
    eur = (ledger.platform(K.PROCESSOR_CLEARING, "EUR"), ledger.account(K.CLIENT_FUNDING, "EUR", owner_id=2))
    ledger.post("two", EntryKind.CHARGE, [Line(usd[0], -3), Line(usd[1], 3), Line(eur[0], -7), Line(eur[1], 7)])
    assert [ledger.balance(a) for a in (*usd, *eur)] == [-3, 3, -7, 7]
    assert ledger.verify() == []
