"""Every read about money that depends on who asks. `access_*` raise NotFound both for rows that
do not exist and for other people's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from workfair.core import clock
from workfair.core.errors import InvalidInput, NotFound
from workfair.payments.actions import quote_hourly, week_locks_at, week_start_of
from workfair.payments.models import (
    Account,
    EscrowHold,
    HourlyWeek,
    JournalEntry,
    JournalLine,
    PaymentMethod,
    Payout,
    PayoutMethod,
    TimeEntry,
)
from workfair.payments.registry import HourlyTerms, hourly_terms
from workfair.payments.states import AccountKind, EntryKind, EscrowStatus, HourlyWeekStatus, MethodStatus


def _uid(actor: Any) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def payment_verified(user_id: int | None) -> bool:
    """Whether the person has a verified payment method on file (the "Payment verified" badge)."""
    if not user_id:
        return False
    return PaymentMethod.objects.filter(user_id=user_id, status=MethodStatus.VERIFIED).exists()


def payment_verified_ids(user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` with a verified payment method, in one query (for lists)."""
    ids = list(user_ids)
    return set(
        PaymentMethod.objects.filter(user_id__in=ids, status=MethodStatus.VERIFIED).values_list("user_id", flat=True)
    )


def methods_of(actor: Any) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user_id=_uid(actor) or 0).exclude(status=MethodStatus.REMOVED).order_by("-id")


def access_method_by_id(actor: Any, method_id: int) -> PaymentMethod:
    method = PaymentMethod.objects.filter(pk=method_id, user_id=_uid(actor) or 0).first()
    if method is None:
        raise NotFound("Payment method not found.")
    return method


def payout_method_of(actor: Any) -> PayoutMethod | None:
    return PayoutMethod.objects.filter(user_id=_uid(actor) or 0, active=True).order_by("-id").first()


def payouts_of(actor: Any) -> QuerySet[Payout]:
    return Payout.objects.filter(user_id=_uid(actor) or 0).select_related("method").order_by("-id")


def access_payout_by_id(actor: Any, payout_id: int) -> Payout:
    payout = payouts_of(actor).filter(pk=payout_id).first()
    if payout is None:
        raise NotFound("Payout not found.")
    return payout


@dataclass(frozen=True)
class Balances:
    currency: str
    pending: int
    available: int
    in_escrow: int  # funded by this person as a client, not yet released or refunded
    frozen: int


def balances_of(actor: Any, currency: str = "USD") -> Balances:
    """The person's balances from the materialised account balances (one query)."""
    uid = _uid(actor) or 0
    rows = Account.objects.filter(owner_id=uid, currency=currency).values_list("kind", "balance")
    totals: dict[str, int] = {}
    for kind, value in rows:
        totals[kind] = totals.get(kind, 0) + value
    return Balances(
        currency=currency,
        pending=totals.get(AccountKind.FREELANCER_PENDING, 0),
        available=totals.get(AccountKind.FREELANCER_AVAILABLE, 0),
        in_escrow=totals.get(AccountKind.ESCROW, 0),
        frozen=totals.get(AccountKind.RESERVES, 0),
    )


OWN_KINDS = (
    AccountKind.FREELANCER_PENDING,
    AccountKind.FREELANCER_AVAILABLE,
    AccountKind.ESCROW,
    AccountKind.RESERVES,
    AccountKind.CLIENT_FUNDING,
)


def history_of(
    actor: Any, *, kind: str = "", since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[JournalLine]:
    """The lines of the person's own accounts, newest first, optionally of one entry kind and
    between two dates (inclusive)."""
    if kind and kind not in EntryKind.values:
        raise InvalidInput(f"Unknown kind {kind!r} (one of {', '.join(EntryKind.values)}).")
    lines = (
        JournalLine.objects.filter(account__owner_id=_uid(actor) or 0, account__kind__in=OWN_KINDS)
        .select_related("entry", "account")
        .order_by("-entry__created_at", "-id")
    )
    if kind:
        lines = lines.filter(entry__kind=kind)
    if since:
        lines = lines.filter(entry__created_at__date__gte=since)
    if until:
        lines = lines.filter(entry__created_at__date__lte=until)
    return lines


def escrow_summary(target_type: str, target_ids: Iterable[int]) -> dict[int, EscrowHold]:
    """The escrow hold of each target that has one, in one query."""
    holds = EscrowHold.objects.filter(target_type=target_type, target_id__in=[str(i) for i in target_ids])
    return {int(h.target_id): h for h in holds}


def holds_in_escrow(group_type: str, group_id: int) -> QuerySet[EscrowHold]:
    return EscrowHold.objects.filter(group_type=group_type, group_id=str(group_id), status=EscrowStatus.FUNDED)


# --- hourly billing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HourlyWeekView:
    """One week of an hourly contract as its parties see it: the entries and what it costs."""

    week_start: dt.date
    week: HourlyWeek | None
    entries: list[TimeEntry]
    logged_minutes: int
    limit_minutes: int
    editable: bool  # the freelancer may still log, change or delete time of this week
    quote: dict[str, int]  # so far: amount, client_fee, client_total, freelancer_fee, freelancer_net

    @property
    def left_minutes(self) -> int:
        return max(self.limit_minutes - self.logged_minutes, 0)


def access_hourly_contract(actor: Any, contract_type: str, contract_id: int) -> HourlyTerms:
    """The hourly terms of a contract the actor is a party to (NotFound otherwise)."""
    terms = hourly_terms(contract_type, contract_id)
    uid = _uid(actor)
    if terms is None or uid is None or uid not in (terms.client_id, terms.freelancer_id):
        raise NotFound("Hourly contract not found.")
    return terms


def hourly_week_view(terms: HourlyTerms, week_start: dt.date) -> HourlyWeekView:
    """The contract's week starting `week_start` (a Monday): its entries and totals (two queries)."""
    week_start = week_start_of(week_start)
    week = HourlyWeek.objects.filter(
        contract_type=terms.contract_type, contract_id=terms.contract_id, week_start=week_start
    ).first()
    entries = list(TimeEntry.objects.filter(week=week).order_by("date", "pk")) if week else []
    logged = sum(e.minutes for e in entries)
    limit = week.limit_minutes if week and week.status != HourlyWeekStatus.OPEN else terms.weekly_limit_hours * 60
    editable = (week is None or week.status == HourlyWeekStatus.OPEN) and clock.now() < week_locks_at(week_start)
    billed = week.billed_minutes if week and week.status != HourlyWeekStatus.OPEN else min(logged, limit)
    rate = week.rate if week and week.status != HourlyWeekStatus.OPEN else terms.rate
    return HourlyWeekView(
        week_start=week_start,
        week=week,
        entries=entries,
        logged_minutes=logged,
        limit_minutes=limit,
        editable=editable,
        quote=quote_hourly(billed, rate),
    )


def hourly_weeks_of_contract(terms: HourlyTerms) -> list[HourlyWeek]:
    """The contract's weeks, newest first (one query)."""
    return list(
        HourlyWeek.objects.filter(contract_type=terms.contract_type, contract_id=terms.contract_id).order_by(
            "-week_start"
        )
    )


def hourly_weeks_of(actor: Any) -> QuerySet[HourlyWeek]:
    """The invoiced weeks of the person's hourly contracts, as client or freelancer, newest first."""
    uid = _uid(actor) or 0
    return (
        HourlyWeek.objects.filter(Q(client_id=uid) | Q(freelancer_id=uid))
        .exclude(status__in=[HourlyWeekStatus.OPEN, HourlyWeekStatus.VOID])
        .order_by("-week_start", "-pk")
    )


def access_hourly_week_by_id(actor: Any, week_id: int) -> HourlyWeek:
    """A week of a contract the actor is a party to, or any week for staff."""
    uid = _uid(actor) or 0
    weeks = HourlyWeek.objects.all()
    if not getattr(actor, "is_staff", False):
        weeks = weeks.filter(Q(client_id=uid) | Q(freelancer_id=uid))
    week = weeks.filter(pk=week_id).first()
    if week is None:
        raise NotFound("Week not found.")
    return week


def access_time_entry_by_id(actor: Any, entry_id: int) -> TimeEntry:
    """A time entry of a contract the actor is a party to."""
    uid = _uid(actor) or 0
    entry = (
        TimeEntry.objects.select_related("week")
        .filter(Q(week__client_id=uid) | Q(week__freelancer_id=uid), pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound("Time entry not found.")
    return entry


@dataclass(frozen=True)
class LedgerMovements:
    """Platform-wide totals for the operator's metrics; nobody's own money."""

    entries: dict[str, int]  # journal entries per kind
    moved: dict[tuple[str, str], int]  # minor units moved (the credit legs) per (kind, currency)


def ledger_movements() -> LedgerMovements:
    """How many money movements of each kind the ledger holds, and how much they moved: two grouped
    queries (the `/metrics` scrape reads them)."""
    entries = {row["kind"]: row["n"] for row in JournalEntry.objects.values("kind").annotate(n=Count("id")).order_by()}
    moved = {
        (row["entry__kind"], row["currency"]): int(row["total"])
        for row in JournalLine.objects.filter(amount__gt=0)
        .values("entry__kind", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    return LedgerMovements(entries=entries, moved=moved)
