"""JSON logs with a request id, carried into tasks, and no personal data in any line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery
from django.test import Client
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.identity.phone.providers import clear_console_outbox
from workfair.messaging.tests.factories import ConversationFactory
from workfair.ops.logs import CELERY_HEADER, JsonFormatter, RequestIdFilter, connect_celery, redact, request_id

EMAIL = "Ada.Private@Example.com"
MOBILE = "+44 7400 123456"
MESSAGE = "The launch plan for Project Zephyr is under the blue door"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every record of every logger, as the production handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_redact_blanks_addresses_and_phone_numbers_but_not_ids_or_times() -> None:
    assert redact("mail to ada@example.co.uk failed") == "mail to [email] failed"
    assert redact("Phone code for +447400123456 by sms: 123456") == "Phone code for [phone] by sms: 123456"
    assert redact("call (555) 123-4567 or 020 7946 0958") == "call [phone] or [phone]"
    assert redact("message 123456 at 2026-12-07T14:40:57 took 12.5 ms") == (
        "message 123456 at 2026-12-07T14:40:57 took 12.5 ms"
    )


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_request_id(json_log: io.StringIO) -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9")
    assert response["X-Request-ID"] == "lb-7f3a9"
    generated = Client().get("/healthz", HTTP_X_REQUEST_ID="not a valid id; drop table")["X-Request-ID"]
    assert len(generated) == 32
    assert generated.isalnum()

    access = [line for line in lines(json_log) if line["logger"] == "workfair.access"]
    assert [(a["request_id"], a["route"], a["status"], a["method"]) for a in access] == [
        ("lb-7f3a9", "healthz", 200, "GET"),
        (generated, "healthz", 200, "GET"),
    ]
    assert all({"time", "level", "duration_ms"} <= set(a) for a in access)


def test_the_request_id_rides_with_a_task_into_the_worker(json_log: io.StringIO) -> None:
    connect_celery()
    # not the process's current app: later tests in this process enqueue through the real one
    app = Celery("ops-test", broker="memory://", set_as_current=False)
    app.conf.task_always_eager = False

    @app.task(name="ops_test.note")
    def note() -> None:
        logging.getLogger("ops_test").info("task ran")

    token = request_id.set("req-123")
    try:
        note.delay()
    finally:
        request_id.reset(token)
    with app.connection() as connection:
        message = connection.SimpleQueue("celery").get(timeout=5)
        headers = dict(message.headers)
        message.ack()
    assert headers[CELERY_HEADER] == "req-123"

    note.apply(headers=headers)  # as the worker runs it: outside any request
    [ran] = [line for line in lines(json_log) if line["message"] == "task ran"]
    assert ran["request_id"] == "req-123"
    assert request_id.get() == ""


@pytest.mark.django_db
def test_no_email_phone_or_message_text_in_the_logs(
    json_log: io.StringIO, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}
    clear_console_outbox()
    browser = Client()
    signup = {
        "email": EMAIL,
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "wants_to_hire": "on",
        "wants_to_work": "on",
    }
    assert browser.post(reverse("account_signup"), signup).status_code == 302
    assert browser.post(reverse("account_login"), {"login": EMAIL, "password": "wrong"}).status_code in {200, 302}

    freelancer = FreelancerFactory()
    client_user = ClientFactory()
    conversation = ConversationFactory(client=client_user, freelancer=freelancer, subject="Landing page")
    member = Client()
    member.force_login(freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        phone = member.post(reverse("identity:phone"), {"number": MOBILE, "channel": "sms"})
    assert phone.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        sent = member.post(
            f"/api/v1/conversations/{conversation.pk}/messages", {"body": MESSAGE}, content_type="application/json"
        )
    assert sent.status_code == 201
    logging.getLogger("workfair.test").warning("e-mail to %s bounced", freelancer.email)

    output = json_log.getvalue()
    assert len(lines(json_log)) >= 5  # the requests were logged, and every line is JSON
    for secret in (EMAIL, EMAIL.lower(), freelancer.email, client_user.email, MOBILE, "7400123456", "7400 123456",
                   MESSAGE, "Project Zephyr"):  # fmt: skip
        assert secret not in output, secret
    assert "[email]" in output
    assert "[phone]" in output
