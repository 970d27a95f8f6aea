"""`/healthz` and `/readyz`: what a load balancer or an orchestrator asks a web process.

- `/healthz`: the process is alive and answers. It touches nothing else, so a database outage
  does not make an orchestrator restart every web process at once.
- `/readyz`: the process can serve: the database answers, the cache answers, the broker answers
  (when one is configured) and no migration is left to apply. 503 otherwise.

Both answer in milliseconds, name only the checks and their state (never an error text, which may
carry a host, a user name or a query), and are open to anyone.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0
_migrations_applied = False  # once seen applied they stay applied for the life of the process


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the process answers requests."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every dependency answers, else 503; the body names each check and its state."""
    checks = {name: _run(name, check) for name, check in READINESS_CHECKS.items()}
    ready = all(state in {"ok", "not configured"} for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503)


def _run(name: str, check: Callable[[], str]) -> str:
    started = time.perf_counter()
    try:
        state = check()
    except Exception as exc:  # any failure means not ready; the kind of failure is enough to say
        logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
        state = f"error: {type(exc).__name__}"
    elapsed = time.perf_counter() - started
    if elapsed > 1:
        logger.warning("readiness check %s took %.2f s", name, elapsed)
    return state


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"workfair:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return "ok" if found == "1" else "error: value not read back"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured"
    from kombu import Connection

    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    return "ok"


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"error: {len(pending)} unapplied"
    _migrations_applied = True
    return "ok"


READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "migrations": check_migrations,
}
