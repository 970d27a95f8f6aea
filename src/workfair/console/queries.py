"""Reads of the staff console. Every one checks the staff role first (`console_staff_role`)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.timesince import timesince, timeuntil

from workfair.core import clock
from workfair.core.errors import InvalidInput, NotFound
from workfair.core.models import AuditLogEntry
from workfair.trust.cases import ACTIVE
from workfair.trust.enforcement import standing_of
from workfair.trust.models import Appeal, Case, Decision, Report, Strike
from workfair.trust.registry import TargetView, target_view
from workfair.trust.staff import require_console_role
from workfair.trust.states import CaseStatus, Queue, StaffRole

QUEUE_PAGE_SIZE = 50


def queue_counts(actor: Any) -> dict[str, dict[str, int]]:
    """Per queue: active cases, overdue ones, escalated ones. One query."""
    require_console_role(actor)
    now = clock.now()
    rows = (
        Case.objects.filter(status__in=ACTIVE)
        .order_by()
        .values("queue")
        .annotate(
            active=Count("id"),
            overdue=Count("id", filter=Q(due_at__lt=now)),
            escalated=Count("id", filter=Q(escalated=True)),
        )
    )
    counts = {q: {"active": 0, "overdue": 0, "escalated": 0} for q in Queue.values}
    for row in rows:
        counts[row["queue"]] = {"active": row["active"], "overdue": row["overdue"], "escalated": row["escalated"]}
    return counts


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of a queue page, ready to show (no lookups left for the template)."""

    id: int
    title: str
    escalated: bool
    subject_email: str
    risk: int
    due_at: dt.datetime
    due_label: str  # "overdue by 3 hours" / "in 20 minutes"
    claimed_by_email: str


@dataclass(frozen=True)
class QueuePage:
    queue: str
    cases: list[QueueRow]
    page: int
    has_next: bool
    now: dt.datetime


def _due_label(due_at: dt.datetime, now: dt.datetime) -> str:
    if due_at < now:
        return f"overdue by {timesince(due_at, now)}"
    return f"in {timeuntil(due_at, now)}"


MAX_QUEUE_PAGE = 200  # 10,000 cases deep; past that, work the queue from the front


def _work_key(row: tuple[bool, dt.datetime, int]) -> tuple[bool, dt.datetime, int]:
    escalated, priority_at, pk = row
    return (not escalated, priority_at, pk)


def _work_order_ids(queue: str, offset: int, limit: int) -> list[int]:
    """Ids of the active cases of `queue` at [offset, offset + limit) in work order (escalated
    first, then by priority time, then id).

    One query per active status, each read in order off the (queue, status, -escalated,
    priority_at, id) index: with `status IN (open, claimed)` in one query the database sorts every
    active case of the queue (10,000 and more) for each page. Claimed cases are few (one or two per
    moderator at work): all of them up to offset + limit are read; of the open ones only the slice
    that can reach the page, [offset - claimed, offset + limit). A row's place in the merged order
    is its rank in its own run plus the rows of the other run before it; rows placed outside the
    page are dropped. (Where the slice starts after a claimed row, that row's place is counted too
    high, but it is then still before `offset`: off the page either way.)"""
    order = ("-escalated", "priority_at", "id")
    fields = ("escalated", "priority_at", "id")
    base = Case.objects.filter(queue=queue)
    claimed = [_work_key(r) for r in base.filter(status=CaseStatus.CLAIMED).order_by(*order).values_list(*fields)[
        : offset + limit
    ]]  # fmt: skip
    start = max(0, offset - len(claimed))
    opened = [_work_key(r) for r in base.filter(status=CaseStatus.OPEN).order_by(*order).values_list(*fields)[
        start : offset + limit
    ]]  # fmt: skip
    placed = [(start + i + bisect.bisect_left(claimed, key), key[2]) for i, key in enumerate(opened)]
    placed += [(q + start + bisect.bisect_left(opened, key), key[2]) for q, key in enumerate(claimed)]
    return [pk for place, pk in sorted(placed) if offset <= place < offset + limit]


def queue_page(actor: Any, queue: str, page: int = 1) -> QueuePage:
    """One page of a queue's active cases in work order (escalated first, then by priority).
    Constant queries: the page's ids (one ordered index read per active status, see
    `_work_order_ids`), then its rows with subject and claimant joined. No COUNT over the queue:
    one row past the page says whether there is a next one."""
    if queue not in Queue.values:
        raise NotFound("Queue not found.")
    require_console_role(actor, StaffRole.SENIOR_MODERATOR if queue == Queue.APPEALS else StaffRole.MODERATOR)
    page = min(max(1, page), MAX_QUEUE_PAGE)
    offset = (page - 1) * QUEUE_PAGE_SIZE
    ids = _work_order_ids(queue, offset, QUEUE_PAGE_SIZE + 1)
    now = clock.now()
    fields = ("id", "title", "escalated", "subject__email", "risk", "due_at", "claimed_by__email")
    by_id = {r[0]: r for r in Case.objects.filter(pk__in=ids[:QUEUE_PAGE_SIZE]).values_list(*fields)}
    rows = [
        QueueRow(pk, title, escalated, subject or "", risk, due_at, _due_label(due_at, now), claimant or "")
        for pk, title, escalated, subject, risk, due_at, claimant in (
            by_id[i] for i in ids[:QUEUE_PAGE_SIZE] if i in by_id
        )
    ]
    return QueuePage(queue, rows, page, len(ids) > QUEUE_PAGE_SIZE, now)


def access_case_by_id(actor: Any, case_id: int) -> Case:
    case = (
        Case.objects.select_related("subject", "claimed_by", "decided_by", "decision__signal")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        require_console_role(actor)
        raise NotFound("Case not found.")
    require_console_role(actor, StaffRole.SENIOR_MODERATOR if case.queue == Queue.APPEALS else StaffRole.MODERATOR)
    return case


@dataclass(frozen=True)
class AccountHistory:
    user: Any
    standing: Any
    decisions: list[Decision]
    strikes: list[Strike]
    reports_received: int
    open_cases: list[Case]


def account_history(actor: Any, user_id: int | None) -> AccountHistory | None:
    """A person's enforcement history for the console."""
    require_console_role(actor)
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("Account not found.")
    return AccountHistory(
        user=user,
        standing=standing_of(user),
        decisions=list(Decision.objects.filter(subject_id=user_id, shadow=False).select_related("decided_by")[:30]),
        strikes=list(Strike.objects.filter(user_id=user_id).order_by("-id")[:30]),
        reports_received=Report.objects.filter(subject_id=user_id).count(),
        open_cases=list(Case.objects.filter(subject_id=user_id, status__in=ACTIVE).order_by("due_at")[:20]),
    )


def case_target(case: Case) -> TargetView | None:
    """The item the case is about as its app renders it for staff (its text, a link, what surrounds
    it); for an appeal or a quality review, the item of the decision under review. None when no app
    knows how to show it or it is gone."""
    target_type, target_id = case.target_type, case.target_id
    if target_type == "trust.decision" and case.decision is not None:
        target_type, target_id = case.decision.target_type, case.decision.target_id
    if not target_type or not target_id:
        return None
    return target_view(target_type, target_id)


def reports_of_case(case: Case) -> list[Report]:
    """Every report about the case's item (or joined to the case), oldest first, with the reporter."""
    match = Q(case_id=case.pk)
    if case.target_id and case.target_type != "trust.decision":
        match |= Q(target_type=case.target_type, target_id=case.target_id)
    return list(Report.objects.filter(match).select_related("reporter").order_by("created_at", "id"))


def appeal_of_case(case: Case) -> Appeal | None:
    return Appeal.objects.select_related("decision", "appellant").filter(case_id=case.pk).first()


def shadow_hits(actor: Any, days: int = 30) -> dict[str, dict[str, int]]:
    """Per rule, how often it matched in the last `days` days, in shadow and in enforce mode. One query."""
    require_console_role(actor)
    since = clock.now() - dt.timedelta(days=days)
    rows = (
        Decision.objects.filter(created_at__gte=since, source="automated")
        .values("rule_key")
        .order_by()
        .annotate(shadow_hits=Count("id", filter=Q(shadow=True)), enforced_hits=Count("id", filter=Q(shadow=False)))
    )
    return {r["rule_key"]: {"shadow": r["shadow_hits"], "enforced": r["enforced_hits"]} for r in rows}


def audit_search(actor: Any, *, action: str = "", target: str = "", actor_email: str = "") -> QuerySet[AuditLogEntry]:
    """Audit rows filtered by action prefix, target ("type:id" or "type") and actor e-mail; newest first.
    Admins and senior moderators only."""
    require_console_role(actor, StaffRole.SENIOR_MODERATOR)
    qs = AuditLogEntry.objects.select_related("actor").order_by("-id")
    if action:
        qs = qs.filter(action__startswith=action.strip())
    if target:
        kind, _, ident = target.strip().partition(":")
        if not kind:
            raise InvalidInput('Write the target as "type:id", e.g. "jobs.job:12".')
        qs = qs.filter(target_type=kind)
        if ident:
            qs = qs.filter(target_id=ident)
    if actor_email:
        qs = qs.filter(actor__email__iexact=actor_email.strip())
    return qs
