"""Reconciliation: the ledger against the processor's own records for one day.

Every movement of money at the processor has one entry in the ledger that touches processor
clearing, and both carry the idempotency key we sent the processor:

| processor movement | ledger entry | ledger key |
|---|---|---|
| charge | `charge` | `<key>:captured` |
| refund | `refund_paid` | `<key>:paid` |
| payout | `payout_paid` | `<key>:paid` |
| chargeback (dispute lost) | `chargeback` | `<key>` (`chargeback:<charge ref>`) |

`reconcile(day)` pairs them by (movement, key) and lists every difference: a movement the
processor made that the ledger lacks, an entry the processor has no movement for, and a pair whose
amount or currency differ. The day runs midnight to midnight in the platform's time zone; a
movement near midnight whose other half falls within an hour on the other side of it is matched,
not listed (the two are written moments apart).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from workfair.payments.models import JournalLine
from workfair.payments.processors import get_processor
from workfair.payments.processors.base import Movement, Processor
from workfair.payments.states import AccountKind, EntryKind

SLACK = dt.timedelta(hours=1)

# ledger entry kind -> (processor movement kind, suffix of the ledger key after the processor's key)
ENTRY_MOVEMENTS: dict[str, tuple[str, str]] = {
    EntryKind.CHARGE: ("charge", ":captured"),
    EntryKind.REFUND_PAID: ("refund", ":paid"),
    EntryKind.PAYOUT_PAID: ("payout", ":paid"),
    EntryKind.CHARGEBACK: ("chargeback", ""),
}

MISSING_IN_LEDGER = "missing_in_ledger"
MISSING_AT_PROCESSOR = "missing_at_processor"
AMOUNT_MISMATCH = "amount_mismatch"
LABELS = {
    MISSING_IN_LEDGER: "At the processor, not in the ledger",
    MISSING_AT_PROCESSOR: "In the ledger, not at the processor",
    AMOUNT_MISMATCH: "Amounts differ",
}


@dataclass(frozen=True)
class LedgerMovement:
    kind: str
    key: str
    amount: int
    currency: str
    entry_id: int
    at: dt.datetime


@dataclass(frozen=True)
class Difference:
    problem: str  # MISSING_IN_LEDGER | MISSING_AT_PROCESSOR | AMOUNT_MISMATCH
    kind: str  # charge | refund | payout | chargeback
    key: str
    ledger_amount: int | None
    processor_amount: int | None
    currency: str
    entry_id: int | None = None
    processor_ref: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.problem]


@dataclass
class Report:
    day: dt.date
    processor: str
    matched: int = 0
    ledger_count: int = 0
    processor_count: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Midnight to midnight of `day` in the platform's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def ledger_movements(start: dt.datetime, end: dt.datetime) -> list[LedgerMovement]:
    """The ledger's side: every entry from `start` to `end` that moved money at the processor,
    with the amount of its processor-clearing line (one query)."""
    rows = (
        JournalLine.objects.filter(
            account__kind=AccountKind.PROCESSOR_CLEARING,
            entry__created_at__gte=start,
            entry__created_at__lt=end,
            entry__kind__in=list(ENTRY_MOVEMENTS),
        )
        .values_list("entry_id", "entry__kind", "entry__idempotency_key", "amount", "currency", "entry__created_at")
        .order_by("entry_id")
    )
    found = []
    for entry_id, kind, key, amount, currency, at in rows:
        movement, suffix = ENTRY_MOVEMENTS[kind]
        if suffix and key.endswith(suffix):
            key = key[: -len(suffix)]
        found.append(LedgerMovement(movement, key, abs(amount), currency, entry_id, at))
    return found


def reconcile(day: dt.date, processor: Processor | None = None) -> Report:
    """Compare the ledger with the processor's records for `day` (see the module)."""
    processor = processor or get_processor()
    start, end = day_bounds(day)
    ours = {(m.kind, m.key): m for m in ledger_movements(start - SLACK, end + SLACK)}
    theirs: dict[tuple[str, str], Movement] = {}
    for movement in processor.movements(start - SLACK, end + SLACK):
        theirs.setdefault((movement.kind, movement.key), movement)
    report = Report(day=day, processor=processor.name)

    def today(at: dt.datetime) -> bool:
        return start <= at < end

    for pair, mine in ours.items():
        if not today(mine.at):
            continue
        report.ledger_count += 1
        other = theirs.get(pair)
        if other is None:
            report.differences.append(
                Difference(MISSING_AT_PROCESSOR, mine.kind, mine.key, mine.amount, None, mine.currency, mine.entry_id)
            )
        elif (other.amount, other.currency.upper()) != (mine.amount, mine.currency):
            report.differences.append(
                Difference(
                    AMOUNT_MISMATCH,
                    mine.kind,
                    mine.key,
                    mine.amount,
                    other.amount,
                    mine.currency,
                    mine.entry_id,
                    other.ref,
                )
            )
        else:
            report.matched += 1
    for pair, other in theirs.items():
        if not today(other.at):
            continue
        report.processor_count += 1
        mine_or_none = ours.get(pair)
        if mine_or_none is None:
            report.differences.append(
                Difference(
                    MISSING_IN_LEDGER,
                    other.kind,
                    other.key,
                    None,
                    other.amount,
                    other.currency.upper(),
                    None,
                    other.ref,
                )
            )
        elif not today(mine_or_none.at) and (other.amount, other.currency.upper()) != (
            mine_or_none.amount,
            mine_or_none.currency,
        ):  # paired across midnight: the ledger's day did not see this pair
            report.differences.append(
                Difference(
                    AMOUNT_MISMATCH,
                    other.kind,
                    other.key,
                    mine_or_none.amount,
                    other.amount,
                    mine_or_none.currency,
                    mine_or_none.entry_id,
                    other.ref,
                )
            )
    return report
