"""CSP violation reports: the policy names the endpoint; a report in either browser format is
logged (without query strings) and counted by directive; junk, oversized bodies and floods are
refused (and counted), never a 500."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from prometheus_client import REGISTRY

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits]

URL = "/csp-report/"
LEGACY = {
    "csp-report": {
        "document-uri": "https://workfair.example/jobs/7/?token=secret",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js?a=1",
        "source-file": "https://workfair.example/static/web/workfair.js",
        "line-number": 12,
        "disposition": "enforce",
    }
}
REPORTING_API = [
    {"type": "csp-violation", "url": "https://workfair.example/",
     "body": {"documentURL": "https://workfair.example/", "effectiveDirective": "style-src-attr",
              "blockedURL": "inline", "disposition": "enforce"}},
    {"type": "deprecation", "body": {"id": "x"}},
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _count(directive: str) -> float:
    return REGISTRY.get_sample_value("workfair_csp_violations_total", {"directive": directive}) or 0.0


def _refused(reason: str) -> float:
    return REGISTRY.get_sample_value("workfair_csp_reports_refused_total", {"reason": reason}) or 0.0


def test_the_policy_sends_reports_to_the_endpoint() -> None:
    policy = Client().get("/privacy/")["Content-Security-Policy"]
    assert "report-uri /csp-report/" in policy


def test_a_report_uri_report_is_logged_without_query_strings_and_counted(caplog: Any) -> None:
    before = _count("script-src-elem")
    with caplog.at_level(logging.WARNING, logger="workfair.csp"):
        response = Client(enforce_csrf_checks=True).post(URL, json.dumps(LEGACY), content_type="application/csp-report")
    assert response.status_code == 204
    assert _count("script-src-elem") == before + 1
    [record] = [r for r in caplog.records if r.name == "workfair.csp"]
    assert record.getMessage() == (
        "CSP violation: script-src-elem blocked https://evil.example/x.js on https://workfair.example/jobs/7/"
    )
    assert "secret" not in record.getMessage()
    assert record.csp_line == "12"  # type: ignore[attr-defined]


def test_a_reporting_api_batch_counts_only_csp_violations() -> None:
    before = _count("style-src-attr")
    response = Client().post(URL, json.dumps(REPORTING_API), content_type="application/reports+json")
    assert response.status_code == 204
    assert _count("style-src-attr") == before + 1


@pytest.mark.parametrize("body", [b"not json", b"{}", b"[1, 2]", json.dumps({"csp-report": "x"}).encode(), b"\xff"])
def test_junk_is_a_400_and_counted(body: bytes) -> None:
    before = _refused("unreadable")
    assert Client().post(URL, body, content_type="application/csp-report").status_code == 400
    assert _refused("unreadable") == before + 1


def test_a_large_body_is_refused_unread() -> None:
    before = _refused("too_large")
    response = Client().post(URL, b"{" + b" " * 20_000 + b"}", content_type="application/csp-report")
    assert response.status_code == 413
    assert _refused("too_large") == before + 1


def test_a_flood_from_one_address_is_cut_off(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"csp_report": "3/1m/ip"}
    client = Client()
    answers = [
        client.post(URL, json.dumps(LEGACY), content_type="application/csp-report").status_code for _ in range(5)
    ]
    assert answers == [204, 204, 204, 429, 429]
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(URL, json.dumps(LEGACY), content_type="application/csp-report").status_code == 204


def test_only_post() -> None:
    assert Client().get(URL).status_code == 405
