"""/metrics: refused without the token or a staff account; shows the product's numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import UserFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.payments import ledger
from workfair.trust.interface import do_record_signal, open_case
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests-0123456789"
SCAM = "Hello, I am a recruiter. To receive your payment you must pay a processing fee first, contact me on telegram"


@pytest.fixture
def metrics_token(settings: Any) -> str:
    settings.WORKFAIR_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(token: str = TOKEN) -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the series `name{labels}` in the exposition `text` (labels in any order)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    raise AssertionError(f"no sample {name}{labels}")


def test_metrics_are_refused_without_the_token_or_a_staff_account(metrics_token: str) -> None:
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 403
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/metrics").status_code == 403


def test_metrics_are_refused_when_no_token_is_configured(settings: Any) -> None:
    settings.WORKFAIR_METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_staff_account_may_read_metrics(settings: Any) -> None:
    settings.WORKFAIR_METRICS_TOKEN = ""
    staff = Client()
    log_in_with_two_factor(staff, with_totp(StaffFactory()))
    response = staff.get("/metrics")
    assert response.status_code == 200
    assert b"workfair_cases_open" in response.content


def test_a_staff_session_without_its_second_factor_reads_no_metrics(settings: Any) -> None:
    settings.WORKFAIR_METRICS_TOKEN = ""
    staff = Client()
    staff.force_login(with_totp(StaffFactory()))
    response = staff.get("/metrics")
    assert response.status_code == 302
    assert b"workfair_cases_open" not in response.content


def test_request_and_database_series_per_view(metrics_token: str) -> None:
    Client().get("/healthz")
    Client().get("/readyz")
    text = scrape()
    assert sample(text, "django_http_requests_total_by_view_transport_method_total", view="readyz", method="GET") >= 1
    assert sample(text, "django_http_requests_latency_seconds_by_view_method_count", view="healthz", method="GET") >= 1
    assert sample(text, "django_db_execute_total", alias="default") >= 1
    assert "django_db_query_duration_seconds_bucket" in text


@pytest.mark.usefixtures("trust_env")
def test_product_numbers_are_scraped(metrics_token: str, freelancer_user: Any) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with clock.frozen_at(start):
        open_case(queue="job_posts", title="Review job post 1", subject_id=freelancer_user.pk,
                  target_type="jobs.job", target_id=1)  # fmt: skip
        do_record_signal(actor=freelancer_user, kind="message.sent", surface="message",
                         target_type="messaging.message", target_id=7, text=SCAM,
                         context={"contract_active": True, "account_age_days": 100})  # fmt: skip
        clearing = ledger.account("processor_clearing", "USD")
        funding = ledger.account("client_funding", "USD", owner_id=freelancer_user.pk)
        ledger.post("test-charge-1", "charge", [ledger.Line(clearing, -2500), ledger.Line(funding, 2500)])
    with clock.frozen_at(start + dt.timedelta(minutes=45)):
        text = scrape()

    assert sample(text, "workfair_trust_decisions", rule="scam-hold", outcome="hold", mode="live") == 1
    assert sample(text, "workfair_cases_open", queue="job_posts") == 1
    assert sample(text, "workfair_cases_open", queue="held_messages") == 1
    assert sample(text, "workfair_cases_open", queue="appeals") == 0
    assert sample(text, "workfair_case_oldest_open_age_seconds", queue="job_posts") == 45 * 60
    assert sample(text, "workfair_case_sla_seconds", queue="job_posts") == 30 * 60
    assert sample(text, "workfair_cases_overdue", queue="job_posts") == 1
    assert sample(text, "workfair_guard_findings_24h", category="scam") >= 1
    assert sample(text, "workfair_ledger_entries", kind="charge") == 1
    assert sample(text, "workfair_ledger_moved_minor_units", kind="charge", currency="USD") == 2500
    assert sample(text, "workfair_websocket_connections") == 0


def test_product_numbers_take_a_fixed_number_of_queries(
    metrics_token: str, freelancer_user: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        open_case(queue="reports", title=f"Report {n}", subject_id=freelancer_user.pk,
                  target_type="jobs.job", target_id=n + 10)  # fmt: skip
    from workfair.ops.metrics import scrape as build

    with django_assert_max_num_queries(12):
        build()


@pytest.mark.asyncio
async def test_websocket_connections_are_counted_while_open() -> None:
    from workfair.ops.websockets import WEBSOCKET_CONNECTIONS, CountWebsocketConnections

    seen: list[float] = []

    async def consumer(scope: Any, receive: Any, send: Any) -> None:
        seen.append(WEBSOCKET_CONNECTIONS._value.get())

    before = WEBSOCKET_CONNECTIONS._value.get()
    app = CountWebsocketConnections(consumer)
    await app({"type": "websocket"}, None, None)
    await app({"type": "http"}, None, None)
    assert seen == [before + 1, before]
    assert WEBSOCKET_CONNECTIONS._value.get() == before
