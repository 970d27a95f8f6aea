"""`/metrics`: Prometheus metrics of the process and the product's own numbers.

Two kinds of series:

- Per process, kept by django-prometheus and by us as requests run: request counts and latencies
  per view, database query counts and latencies, cache hits and timings, open websocket
  connections. With several worker processes set PROMETHEUS_MULTIPROC_DIR (docs/operations.md)
  so that one scrape sums them all.
- The product's numbers, computed at scrape time by a handful of grouped queries (a few
  milliseconds on a large database, every index they use already exists): trust decisions per rule
  and outcome, open cases per queue with the oldest one's age beside the queue's SLA, guard
  findings per category over the last 24 hours, ledger entries and the money they moved.

The endpoint is refused (403) unless the request carries `Authorization: Bearer <token>` with the
token of WORKFAIR_METRICS_TOKEN or comes from a signed-in staff account.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from collections import Counter as Tally
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from workfair.core import clock
from workfair.ops import cache, websockets  # noqa: F401 - their series exist in every process, zero until used
from workfair.ops.queues import TaskQueueCollector
from workfair.payments.queries import ledger_movements
from workfair.trust.cases import sla_minutes
from workfair.trust.models import Case, Decision
from workfair.trust.states import CaseStatus, Queue

FINDINGS_WINDOW = dt.timedelta(hours=24)


class ProductCollector:
    """The product's numbers, read from the database each time Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        yield from self._trust_decisions()
        yield from self._cases()
        yield from self._guard_findings()
        yield from self._ledger()

    def describe(self) -> list[Metric]:
        return []  # computed at scrape time: nothing to check when the collector is registered

    @staticmethod
    def _trust_decisions() -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "workfair_trust_decisions",
            "Trust decisions recorded, by rule, outcome and mode (live or shadow)",
            labels=["rule", "outcome", "mode"],
        )
        rows = Decision.objects.values("rule_key", "outcome", "shadow").annotate(n=Count("id")).order_by()
        for row in rows:
            mode = "shadow" if row["shadow"] else "live"
            family.add_metric([row["rule_key"] or "manual", row["outcome"], mode], row["n"])
        yield family

    @staticmethod
    def _cases() -> Iterator[Metric]:
        now = clock.now()
        open_cases = Case.objects.filter(status__in=[CaseStatus.OPEN, CaseStatus.CLAIMED])
        rows = {
            row["queue"]: row
            for row in open_cases.values("queue")
            .annotate(n=Count("id"), oldest=Min("created_at"), overdue=Count("id", filter=Q(due_at__lt=now)))
            .order_by()
        }
        opened = GaugeMetricFamily("workfair_cases_open", "Cases open or claimed, by queue", labels=["queue"])
        overdue = GaugeMetricFamily(
            "workfair_cases_overdue", "Open cases past their due time, by queue", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "workfair_case_oldest_open_age_seconds",
            "Age of the oldest open case, by queue (0 when none is open)",
            labels=["queue"],
        )
        sla = GaugeMetricFamily(
            "workfair_case_sla_seconds", "How long a case in the queue may wait (its SLA)", labels=["queue"]
        )
        for queue in Queue.values:
            row = rows.get(queue)
            age = (now - row["oldest"]).total_seconds() if row else 0.0
            opened.add_metric([queue], row["n"] if row else 0)
            overdue.add_metric([queue], row["overdue"] if row else 0)
            oldest.add_metric([queue], max(age, 0.0))
            sla.add_metric([queue], sla_minutes(queue) * 60)
        yield from (opened, overdue, oldest, sla)

    @staticmethod
    def _guard_findings() -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "workfair_guard_findings_24h",
            "Guard findings behind trust decisions of the last 24 hours, by category",
            labels=["category"],
        )
        since = clock.now() - FINDINGS_WINDOW
        tally: Tally[str] = Tally()
        for evidence in Decision.objects.filter(created_at__gte=since).values_list("evidence", flat=True):
            for finding in evidence or []:
                if isinstance(finding, dict) and finding.get("category"):
                    tally[str(finding["category"])] += 1
        for category, n in sorted(tally.items()):
            family.add_metric([category], n)
        yield family

    @staticmethod
    def _ledger() -> Iterator[Metric]:
        entries = GaugeMetricFamily(
            "workfair_ledger_entries", "Ledger journal entries (money movements), by kind", labels=["kind"]
        )
        movements = ledger_movements()
        for kind, n in sorted(movements.entries.items()):
            entries.add_metric([kind], n)
        moved = GaugeMetricFamily(
            "workfair_ledger_moved_minor_units",
            "Money moved by ledger entries (the sum of their credit legs), by kind and currency",
            labels=["kind", "currency"],
        )
        for (kind, currency), total in sorted(movements.moved.items()):
            moved.add_metric([kind, currency], total)
        yield from (entries, moved)


def scrape() -> bytes:
    """The metrics text: the processes' series, then the product's numbers."""
    product = CollectorRegistry(auto_describe=False)
    product.register(ProductCollector())
    product.register(TaskQueueCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = REGISTRY
    return generate_latest(processes) + generate_latest(product)


def allowed(request: HttpRequest) -> bool:
    """The operator's bearer token, or a signed-in staff account."""
    token = getattr(settings, "WORKFAIR_METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.lower().startswith("bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    user: Any = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse(
            "Metrics need the operator's bearer token or a staff account.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
