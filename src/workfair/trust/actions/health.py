"""Escalation of overdue cases and account health (sources other apps register)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.trust.cases import ACTIVE, add_case_event, open_or_join_case
from workfair.trust.config import trust_setting
from workfair.trust.models import (
    Case,
    Report,
)
from workfair.trust.registry import notify
from workfair.trust.states import (
    CaseEventKind,
    Queue,
    StaffRole,
)

logger = logging.getLogger(__name__)


def on_duty_staff() -> list[Any]:
    """Staff on duty: members of the "on_duty" group, else every moderator."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    on_duty = list(users.filter(groups__name="on_duty").distinct())
    return on_duty or list(users.filter(groups__name__in=StaffRole.values).distinct())


def do_escalate_overdue_cases() -> int:
    """Escalate every undecided case past its due time: it rises to the top of its queue and the
    on-duty staff are told (once per run). Idempotent: an escalated case is not escalated again."""
    now = clock.now()
    with transaction.atomic(durable=True):
        overdue = list(
            Case.objects.select_for_update()
            .filter(status__in=ACTIVE, due_at__lt=now, escalated=False)
            .order_by("due_at")[:500]
        )
        if not overdue:
            return 0
        Case.objects.filter(pk__in=[c.pk for c in overdue]).update(escalated=True, escalated_at=now, updated_at=now)
        for case in overdue:
            add_case_event(case, CaseEventKind.ESCALATED, note="Past its due time")
            record_audit(actor=None, action="trust.case.escalate", target=case, data={"queue": case.queue})
        queues = sorted({c.queue for c in overdue})
        for person in on_duty_staff():
            notify(person, kind="trust.escalation", title=f"{len(overdue)} overdue case(s) need attention",
                      body=f"Overdue in: {', '.join(queues)}. They are now at the top of their queues.",
                      url=f"/console/queues/{queues[0]}/", email=True)  # fmt: skip
    return len(overdue)


HEALTH_SOURCES: list[Any] = []


def register_health_source(source: Any) -> Any:
    """Add a function `(user_id, since) -> dict` that supplies `contracts_ended`,
    `negative_feedback`, `disputes` counts (feedback and disputes register theirs when they exist)."""
    HEALTH_SOURCES.append(source)
    return source


def do_refresh_account_health(user_id: int) -> Any:
    """Recompute an account's health figures and open an account_health case when a threshold is
    crossed (and none is open). Idempotent."""
    from workfair.trust.models import AccountHealth

    thresholds = trust_setting("HEALTH_THRESHOLDS")
    now = clock.now()
    since = now - dt.timedelta(days=int(thresholds["reports_window_days"]))
    totals = {"contracts_ended": 0, "negative_feedback": 0, "disputes": 0}
    for source in HEALTH_SOURCES:
        for name, value in source(user_id, since).items():
            totals[name] = totals.get(name, 0) + int(value)
    reports = Report.objects.filter(subject_id=user_id, created_at__gte=since).values("reporter_id").distinct().count()
    ended = totals["contracts_ended"]
    neg = totals["negative_feedback"] / ended if ended else 0.0
    disputes = totals["disputes"] / ended if ended else 0.0
    flagged = []
    if ended >= thresholds["min_contracts"] and neg >= thresholds["negative_feedback_share"]:
        flagged.append("negative_feedback_share")
    if ended >= thresholds["min_contracts"] and disputes >= thresholds["dispute_share"]:
        flagged.append("dispute_share")
    if reports >= thresholds["reports_received"]:
        flagged.append("reports_received")
    with transaction.atomic():
        health, _ = AccountHealth.objects.update_or_create(
            user_id=user_id,
            defaults={"contracts_ended": ended, "negative_feedback_share": neg, "dispute_share": disputes,
                      "reports_received": reports, "flagged": flagged, "computed_at": now},
        )  # fmt: skip
        if flagged:
            open_or_join_case(queue=Queue.ACCOUNT_HEALTH, title=f"Account health: {', '.join(flagged)}",
                              subject_id=user_id, risk=60 + 10 * len(flagged))  # fmt: skip
    return health
