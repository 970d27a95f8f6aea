"""The double-entry ledger: the one posting function and the accounts it posts to.

Every movement of money is `post(key, kind, lines)`: one immutable `JournalEntry` whose lines sum
to zero per currency, the balances of its accounts updated in the same transaction. Rules:

- Idempotent: an entry whose `idempotency_key` exists is returned as it is and nothing moves.
- Zero-sum per currency, every line non-zero, each line in its account's currency; checked here
  (every database) and, on PostgreSQL, again at commit by a deferred constraint trigger.
- Lock order: the accounts of an entry are locked (`SELECT ... FOR UPDATE`) in ascending id, so
  two postings that share accounts wait for each other instead of deadlocking.
- No account but processor clearing goes below zero: a posting that would overdraw escrow or a
  freelancer's balance is refused (`InsufficientFunds`, 409) and changes nothing. The one
  exception is a posting that names the kinds it may take below zero (`may_owe`, only kinds in
  `MAY_OWE`): a lost chargeback recovered from a freelancer who was already paid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum

from workfair.core import clock
from workfair.core.errors import Conflict
from workfair.core.money import MINOR_UNITS
from workfair.payments.models import Account, JournalEntry, JournalLine
from workfair.payments.states import MAY_GO_NEGATIVE, MAY_OWE, AccountKind, EntryKind

# The posting's SQL: placeholders only, table names from the models; lines and accounts vary in
# number, so the VALUES rows and the CASE arms are repeated per posting.
INSERT_ENTRY = (
    f"INSERT INTO {JournalEntry._meta.db_table} (idempotency_key, kind, description, target_type, target_id, "  # noqa: S608
    "actor_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
)
INSERT_LINES = f"INSERT INTO {JournalLine._meta.db_table} (entry_id, account_id, amount, currency) VALUES "  # noqa: S608
LINE_VALUES = "(%s, %s, %s, %s)"
UPDATE_BALANCES = f"UPDATE {Account._meta.db_table} SET balance = balance + CASE id {{cases}} END WHERE id IN ({{ids}})"  # noqa: S608
BALANCE_CASE = "WHEN %s THEN %s"


class InsufficientFunds(Conflict):
    code = "insufficient_funds"


class UnbalancedEntry(ValueError):
    """A programming error: a posting whose lines do not sum to zero."""


@dataclass(frozen=True)
class Line:
    account: Account
    amount: int


def account(kind: str, currency: str, *, owner_id: int = 0, target: tuple[str, int | str] | None = None) -> Account:
    """The account of `kind` in `currency` for `owner_id` (0: the platform) and/or a target such
    as ("contracts.milestone", 7); created on first use."""
    if kind not in AccountKind.values:
        raise ValueError(f"unknown account kind {kind!r}")
    currency = currency.upper()
    if currency not in MINOR_UNITS:
        raise ValueError(f"unknown currency {currency!r}")
    target_type, target_id = (target[0], str(target[1])) if target else ("", "")
    lookup = {
        "kind": kind,
        "currency": currency,
        "owner_id": owner_id,
        "target_type": target_type,
        "target_id": target_id,
    }
    found = Account.objects.filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(**lookup, created_at=clock.now())
    except IntegrityError:  # created meanwhile by a concurrent posting
        return Account.objects.get(**lookup)


def platform(kind: str, currency: str) -> Account:
    return account(kind, currency)


def _check(lines: Sequence[Line]) -> None:
    if len(lines) < 2:
        raise UnbalancedEntry("an entry has at least two lines")
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        if not isinstance(line.amount, int) or isinstance(line.amount, bool):
            raise UnbalancedEntry(f"amount {line.amount!r} is not an integer of minor units")
        if line.amount == 0:
            raise UnbalancedEntry("a line moves a non-zero amount")
        totals[line.account.currency] += line.amount
    unbalanced = {cur: total for cur, total in totals.items() if total != 0}
    if unbalanced:
        raise UnbalancedEntry(f"lines do not sum to zero: {unbalanced}")


def post(
    key: str,
    kind: str,
    lines: Sequence[Line],
    *,
    description: str = "",
    target: tuple[str, int | str] | None = None,
    actor_id: int | None = None,
    may_owe: frozenset[str] = frozenset(),
) -> JournalEntry:
    """Post one entry (see the module's rules). Returns the entry, or the existing one for `key`.
    `may_owe`: account kinds (of `MAY_OWE`) this posting may take below zero."""
    if kind not in EntryKind.values:
        raise ValueError(f"unknown entry kind {kind!r}")
    if not may_owe <= MAY_OWE:
        raise ValueError(f"only {sorted(MAY_OWE)} may be owed, not {sorted(may_owe - MAY_OWE)}")
    negative_ok = MAY_GO_NEGATIVE | may_owe
    if not key or len(key) > 200:
        raise ValueError("an idempotency key of 1 to 200 characters is required")
    _check(lines)
    deltas: dict[int, int] = defaultdict(int)
    for line in lines:
        deltas[line.account.pk] += line.amount
    ids = sorted(deltas)
    with transaction.atomic():
        # The one lock order: ascending account id.
        locked = list(
            Account.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "balance", "kind")
        )
        for account_id, current, account_kind in locked:
            if current + deltas[account_id] < 0 and account_kind not in negative_ok:
                existing = JournalEntry.objects.filter(idempotency_key=key).first()
                if existing is not None:  # a retry of a posting that already moved the money
                    return existing
                label = AccountKind(account_kind).label.lower()
                raise InsufficientFunds(
                    f"Not enough money in {label}: this needs {-deltas[account_id]} and {current} is there."
                )
        now = clock.now()
        with connection.cursor() as cursor:
            # Insert-or-nothing on the idempotency key: a retried or concurrent posting of the same
            # key inserts no entry (it waits for the first one's commit on PostgreSQL).
            cursor.execute(
                INSERT_ENTRY,
                [
                    key,
                    kind,
                    description[:300],
                    target[0] if target else "",
                    str(target[1]) if target else "",
                    actor_id,
                    connection.ops.adapt_datetimefield_value(now),
                ],
            )
            inserted = cursor.fetchone()
            if inserted is None:
                return JournalEntry.objects.get(idempotency_key=key)
            entry_id = int(inserted[0])
            cursor.execute(
                INSERT_LINES + ", ".join([LINE_VALUES] * len(lines)),
                [value for line in lines for value in (entry_id, line.account.pk, line.amount, line.account.currency)],
            )
            cursor.execute(
                UPDATE_BALANCES.format(cases=" ".join([BALANCE_CASE] * len(ids)), ids=", ".join(["%s"] * len(ids))),
                [value for account_id in ids for value in (account_id, deltas[account_id])] + ids,
            )
        entry = JournalEntry(
            pk=entry_id,
            idempotency_key=key,
            kind=kind,
            description=description[:300],
            target_type=target[0] if target else "",
            target_id=str(target[1]) if target else "",
            actor_id=actor_id,
            created_at=now,
        )
        entry._state.adding = False
        entry._state.db = connection.alias
        return entry


def balance(acc: Account) -> int:
    """The materialised balance (one indexed row read)."""
    return int(Account.objects.filter(pk=acc.pk).values_list("balance", flat=True).get())


def verify() -> list[str]:
    """Every way the ledger could be wrong, as sentences (empty: it is right): an entry whose
    lines do not sum to zero per currency, a line in another currency than its account, an
    account whose balance is not the sum of its lines, an overdrawn account, or money created
    (all balances together not zero per currency)."""
    problems: list[str] = []
    sums = JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount")).exclude(total=0)
    problems += [f"entry {row['entry_id']} sums to {row['total']} {row['currency']}" for row in sums]
    mismatched = JournalLine.objects.exclude(currency=F("account__currency")).values_list("pk", flat=True)
    problems += [f"line {pk} is not in its account's currency" for pk in mismatched]
    per_account = JournalLine.objects.values("account_id").annotate(total=Sum("amount"))
    line_sums = {row["account_id"]: row["total"] for row in per_account}
    totals: dict[str, int] = defaultdict(int)
    for acc in Account.objects.all():
        expected = int(line_sums.get(acc.pk) or 0)
        if acc.balance != expected:
            problems.append(f"account {acc.pk} ({acc}) has balance {acc.balance}, its lines sum to {expected}")
        if acc.balance < 0 and acc.kind not in MAY_GO_NEGATIVE | MAY_OWE:
            problems.append(f"account {acc.pk} ({acc}) is overdrawn: {acc.balance}")
        totals[acc.currency] += acc.balance
    problems += [f"all balances in {cur} sum to {total}, not 0" for cur, total in totals.items() if total]
    return problems


def database_enforces_zero_sum() -> bool:
    """Whether the database itself refuses an unbalanced entry at commit (PostgreSQL)."""
    return connection.vendor == "postgresql"
