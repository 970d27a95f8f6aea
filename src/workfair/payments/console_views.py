"""Staff console page for money: the day's reconciliation of the ledger with the processor.

A `console_view` (signed in, a staff role, two-factor passed in this session; others get a 404 or
the two-factor step), read only."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from workfair.core import clock
from workfair.core.money import format_money
from workfair.payments.processors.base import ProcessorError
from workfair.payments.reconcile import reconcile
from workfair.trust.interface import console_view


def _money(amount: int | None, currency: str) -> str:
    return "—" if amount is None else format_money(amount, currency)


@require_GET
@console_view
def reconciliation(request: HttpRequest) -> HttpResponse:
    yesterday = timezone.localdate(clock.now()) - dt.timedelta(days=1)
    raw = (request.GET.get("date") or "").strip()
    error = ""
    day = yesterday
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            error = "Enter a day as YYYY-MM-DD."
    report = None
    if not error:
        try:
            report = reconcile(day)
        except ProcessorError:
            error = "The payment processor did not answer. Try again."
    rows = [
        {
            "label": d.label,
            "problem": d.problem,
            "kind": d.kind,
            "key": d.key,
            "ledger": _money(d.ledger_amount, d.currency),
            "processor": _money(d.processor_amount, d.currency),
            "entry_id": d.entry_id,
            "ref": d.processor_ref,
        }
        for d in (report.differences if report else [])
    ]
    return render(
        request,
        "payments/console_reconciliation.html",
        {"day": raw if error else day.isoformat(), "error": error, "report": report, "rows": rows},
        status=400 if error else 200,
    )
