"""Reports: anyone can report what they can see; a report is a signal and may open a case."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from workfair.core import clock, ratelimits
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, PermissionDenied, RateLimited
from workfair.trust.actions.signals import do_record_signal
from workfair.trust.cases import add_case_event, bump_risk, open_or_join_case
from workfair.trust.config import trust_setting
from workfair.trust.models import (
    Report,
)
from workfair.trust.states import (
    CaseEventKind,
    Queue,
    ReportReason,
    ReportTarget,
    SignalKind,
)

logger = logging.getLogger(__name__)


def _resolve_target(actor: Any, target_type: str, target_id: int) -> tuple[str, Any]:
    """(stored target type, the account it belongs to), checking that `actor` can see it."""
    from workfair.trust.targets import resolve_report_target

    return resolve_report_target(actor, target_type, target_id)


def do_file_report(*, actor: Any, target_type: str, target_id: int, reason: str, note: str = "") -> Report:
    """File a report by a signed-in person against a message, job, proposal, profile or review.

    Refusals (nothing written): unknown reason or target type (InvalidInput), a target the actor
    cannot see (NotFound), reporting oneself (InvalidInput), the same target twice (Conflict),
    more than REPORTS_PER_HOUR reports in an hour (RateLimited). The report joins the open case
    about the same target in the reports queue (or opens one), then a `report.filed` signal lets
    the repeated-reports rule act on the reported account."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to report.")
    if reason not in ReportReason.values:
        raise InvalidInput(f"Choose a reason: {', '.join(ReportReason.values)}.")
    if target_type not in ReportTarget.values:
        raise InvalidInput(f"You can report: {', '.join(ReportTarget.values)}.")
    note = (note or "").strip()
    if len(note) > 2000:
        raise InvalidInput("The note can be at most 2,000 characters.")
    stored_type, subject = _resolve_target(actor, target_type, int(target_id))
    if subject.pk == actor.pk:
        raise InvalidInput("You cannot report yourself.")
    ratelimits.consume("report", user_id=actor.pk)  # bursts, in the shared cache; the hour is counted below
    now = clock.now()
    with transaction.atomic(durable=True):
        # The reporter's row lock makes the hourly count exact under concurrent reports (PostgreSQL;
        # SQLite writes one at a time anyway): the limit is counted in the database every process shares.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
        if Report.objects.filter(reporter_id=actor.pk, target_type=stored_type, target_id=str(target_id)).exists():
            raise Conflict("You already reported this; our team is looking at it.", code="already_reported")
        limit = int(trust_setting("REPORTS_PER_HOUR"))
        if Report.objects.filter(reporter_id=actor.pk, created_at__gte=now - dt.timedelta(hours=1)).count() >= limit:
            raise RateLimited(f"You can file at most {limit} reports an hour. Please try again later.")
        case, created = open_or_join_case(
            queue=Queue.REPORTS,
            title=f"Reported {target_type}: {ReportReason(reason).label}",
            subject_id=subject.pk,
            target_type=stored_type,
            target_id=str(target_id),
            risk=60 if reason in (ReportReason.SCAM, ReportReason.ABUSE, ReportReason.IMPERSONATION) else 40,
            actor=actor,
        )
        try:
            with transaction.atomic():
                report = Report.objects.create(reporter=actor, subject=subject, target_type=stored_type,
                                               target_id=str(target_id), reason=reason, note=note, case=case,
                                               created_at=now)  # fmt: skip
        except IntegrityError as exc:  # a double click racing the check above
            raise Conflict("You already reported this; our team is looking at it.", code="already_reported") from exc
        if not created:
            bump_risk(case, 10)
            add_case_event(case, CaseEventKind.REPORT_ADDED, actor=actor, note=note[:500], data={"reason": reason})
        record_audit(actor=actor, action="trust.report.file", target=report,
                     data={"target": f"{stored_type}:{target_id}", "reason": reason})  # fmt: skip
        do_record_signal(actor=actor, kind=SignalKind.REPORT_FILED, surface="", target_type=stored_type,
                         target_id=target_id, subject=subject)  # fmt: skip
    return report
