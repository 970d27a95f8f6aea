"""/healthz and /readyz: fast, no personal data, 503 naming the failed check."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from workfair.ops import health


def test_healthz_answers_without_touching_the_database() -> None:
    # no django_db mark: pytest-django makes any database access fail this test
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_cache_broker_and_migrations() -> None:
    response = Client().get("/readyz")  # the first call loads the migration graph, once per process
    started = time.perf_counter()
    Client().get("/readyz")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "not configured", "migrations": "ok"},
    }
    assert elapsed < 2.0


@pytest.mark.django_db
def test_readyz_is_503_and_names_only_the_kind_of_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def database_down() -> str:
        raise OSError("could not connect to server at db.internal as user admin@example.com")

    monkeypatch.setitem(health.READINESS_CHECKS, "database", database_down)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: OSError"
    assert "example.com" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_reports_unapplied_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pending:
        def __init__(self, connection: Any) -> None:
            self.loader = type("Loader", (), {"graph": type("Graph", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets: Any) -> list[tuple[str, bool]]:
            return [("jobs.0099_new", False)]

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "MigrationExecutor", Pending)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error: 1 unapplied"


@pytest.mark.django_db
def test_readyz_reaches_a_configured_broker_and_fails_fast_on_a_dead_one(settings: Any) -> None:
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:1//"  # nothing listens on port 1
    started = time.perf_counter()
    response = Client().get("/readyz")
    assert time.perf_counter() - started < 10
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")


def test_readyz_refuses_other_methods() -> None:
    assert Client().post("/readyz").status_code == 405


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.django_db
@pytest.mark.skipif(not _listening(5672), reason="no RabbitMQ on 127.0.0.1:5672")
def test_readyz_is_ok_with_a_live_broker(settings: Any) -> None:
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
@pytest.mark.skipif(not _listening(6379), reason="no Redis on 127.0.0.1:6379")
def test_readyz_reads_back_from_redis_and_the_cache_is_counted(settings: Any) -> None:
    from prometheus_client import REGISTRY

    settings.CACHES = {"default": {"BACKEND": "workfair.ops.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}}

    def hits() -> float:
        return REGISTRY.get_sample_value("django_cache_get_hits_total", {"backend": "redis"}) or 0.0

    before = hits()
    response = Client().get("/readyz")
    assert response.json()["checks"]["cache"] == "ok"
    assert hits() == before + 1
    assert REGISTRY.get_sample_value("workfair_cache_operation_seconds_count", {"backend": "redis", "operation": "set"})
