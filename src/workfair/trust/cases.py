"""Opening cases in review queues: due time from the queue's SLA, priority by risk and time left.
Called inside the transaction of an action or an effect handler."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.transitions import transition
from workfair.trust.config import DEFAULTS, trust_setting
from workfair.trust.models import Case, CaseEvent, Decision, QueueSLA
from workfair.trust.states import CASE_TRANSITIONS, CaseEventKind, CaseStatus, Queue

ACTIVE = (CaseStatus.OPEN, CaseStatus.CLAIMED)
# Queues whose cases are about a decision (an appeal, a quality check of it), not about the item
# itself: they never merge with the item's case, nor with each other.
DECISION_QUEUES = (Queue.APPEALS, Queue.QUALITY_REVIEW)


def same_item_cases(queue: str, target_type: str, target_id: str) -> QuerySet[Case]:
    """The active cases about one item that a case in `queue` shares with: one case per item,
    whichever queue asked first (a held job post and a report about it are one case); a decision's
    appeal or quality review stays its own."""
    active = Case.objects.filter(status__in=ACTIVE, target_type=target_type, target_id=target_id)
    if queue in DECISION_QUEUES:
        return active.filter(queue=queue)
    return active.exclude(queue__in=DECISION_QUEUES)


def sla_minutes(queue: str) -> int:
    """Minutes a case in `queue` may wait: the QueueSLA row, else the configured default."""
    row = QueueSLA.objects.filter(queue=queue).values_list("minutes", flat=True).first()
    if row is not None:
        return int(row)
    minutes = trust_setting("QUEUE_SLA_MINUTES").get(queue)
    return int(minutes if minutes is not None else DEFAULTS["QUEUE_SLA_MINUTES"][queue])


def priority_time(due_at: dt.datetime, risk: int) -> dt.datetime:
    """The time a case is worked by: its due time, earlier by its risk."""
    return due_at - dt.timedelta(minutes=risk * int(trust_setting("RISK_MINUTES_PER_POINT")))


def add_case_event(
    case: Case, kind: str, *, actor: Any = None, note: str = "", data: dict[str, Any] | None = None
) -> CaseEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor_obj, note=note, data=data or {}, created_at=clock.now()
    )


def open_or_join_case(
    *,
    queue: str,
    title: str,
    subject_id: int | None,
    target_type: str = "",
    target_id: str = "",
    risk: int = 50,
    decision: Decision | None = None,
    actor: Any = None,
) -> tuple[Case, bool]:
    """The open case about the same item (in any queue but the decision queues: one case per item),
    or about the same account in `queue` when there is no item, with its risk raised to `risk` if
    higher; else a new case due by the queue's SLA. Returns (case, created)."""
    if target_id:
        candidates = same_item_cases(queue, target_type, target_id)
    else:
        candidates = Case.objects.filter(queue=queue, status__in=ACTIVE, subject_id=subject_id, target_id="")
    existing = candidates.select_for_update().order_by("id").first()
    if existing is not None:
        if risk > existing.risk:
            Case.objects.filter(pk=existing.pk).update(
                risk=risk, priority_at=priority_time(existing.due_at, risk), updated_at=clock.now()
            )
            existing.refresh_from_db()
        add_case_event(existing, CaseEventKind.NOTE, actor=actor, note=f"Joined: {title}",
                       data={"decision_id": decision.pk if decision else None})  # fmt: skip
        return existing, False
    now = clock.now()
    due = now + dt.timedelta(minutes=sla_minutes(queue))
    case = Case.objects.create(
        queue=queue,
        title=title[:200],
        subject_id=subject_id,
        target_type=target_type,
        target_id=target_id,
        risk=risk,
        decision=decision,
        due_at=due,
        priority_at=priority_time(due, risk),
        created_at=now,
        updated_at=now,
    )
    add_case_event(
        case, CaseEventKind.OPENED, actor=actor, note=title, data={"decision_id": decision.pk if decision else None}
    )
    record_audit(actor=actor, action="trust.case.open", target=case, data={"queue": queue, "risk": risk})
    return case, True


def bump_risk(case: Case, by: int) -> None:
    """Raise a case's risk (capped at 100) and move its priority accordingly."""
    risk = min(100, case.risk + by)
    Case.objects.filter(pk=case.pk).update(risk=risk, priority_at=priority_time(case.due_at, risk))
    case.risk = risk
    case.priority_at = priority_time(case.due_at, risk)


def close_same_item_cases(case: Case, *, actor: Any, resolution: str, note: str, now: dt.datetime) -> list[int]:
    """Once `case` is decided, every other active case about the same item is decided with it (a
    duplicate opened before cases were merged must not stay open after the item was judged).
    Returns their ids."""
    if not case.target_id:
        return []
    others = list(same_item_cases(case.queue, case.target_type, case.target_id).exclude(pk=case.pk).select_for_update())
    for other in others:
        transition(other, CaseStatus.DECIDED, table=CASE_TRANSITIONS, actor=actor, reason=f"with case #{case.pk}",
                   extra_updates={"resolution": resolution, "resolution_note": note[:5000],
                                  "resolution_decision_id": case.resolution_decision_id,
                                  "decided_by_id": case.decided_by_id, "decided_at": now})  # fmt: skip
        add_case_event(other, CaseEventKind.DECIDED, actor=actor, note=f"Decided with case #{case.pk}",
                       data={"resolution": resolution, "with_case": case.pk})  # fmt: skip
    return [o.pk for o in others]
