"""The operator's files stay true to the code: every setting documented, every dashboard series
exposed, the compose file complete."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

REPO = Path(__file__).resolve().parents[4]
# Variables read outside config/settings.py (the `workfair` command, the metrics exporter).
READ_ELSEWHERE = {"HOST", "PORT", "WEB_CONCURRENCY", "PROMETHEUS_MULTIPROC_DIR"}


def settings_variables() -> set[str]:
    source = (REPO / "config" / "settings.py").read_text()
    return set(re.findall(r"(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*\"([A-Z][A-Z0-9_]+)\"", source))


def test_operations_guide_lists_every_environment_variable() -> None:
    guide = (REPO / "docs" / "operations.md").read_text()
    variables = settings_variables() | READ_ELSEWHERE
    assert len(variables) > 40
    missing = sorted(name for name in variables if f"`{name}`" not in guide)
    assert missing == []


def test_compose_brings_up_the_services_web_and_worker() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "rabbitmq", "web", "worker", "migrate"} <= set(services)
    for name in ("web", "worker"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis")
        assert env["CELERY_BROKER_URL"].startswith("amqp://")
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert (REPO / services["web"]["build"]["dockerfile"]).is_file()


@pytest.mark.django_db
def test_every_series_the_dashboard_queries_is_exposed(settings: Any) -> None:
    settings.WORKFAIR_METRICS_TOKEN = "dashboard-test-token"
    dashboard = json.loads((REPO / "deploy" / "grafana" / "workfair.json").read_text())
    Client().get("/healthz")
    exposed = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer dashboard-test-token").content.decode()
    queried = set()
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            queried |= set(re.findall(r"\b((?:django|workfair)_[a-z0-9_]+)", target["expr"]))
    assert len(queried) >= 15
    # histograms are queried through their _bucket series; families announce themselves in # HELP
    missing = sorted(n for n in queried if f"# HELP {n.removesuffix('_bucket')} " not in exposed and n not in exposed)
    assert missing == []
