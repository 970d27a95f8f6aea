"""Optional error reporting (SENTRY_DSN): off by default; when on, what is sent carries the request
id and no personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from workfair.ops.errors import before_send, start_error_reporting
from workfair.ops.logs import request_id

EMAIL, PHONE = "ana.silva@example.com", "+44 20 7946 0958"


class CapturingTransport(Transport):
    """Keeps what would have been sent, instead of sending it."""

    sent: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event" and item.payload.json is not None:
                CapturingTransport.sent.append(item.payload.json)


@pytest.fixture
def reporting() -> Iterator[list[dict[str, Any]]]:
    CapturingTransport.sent = []
    start_error_reporting(dsn="https://public@errors.example.invalid/1", environment="test",
                          transport=CapturingTransport)  # fmt: skip
    try:
        yield CapturingTransport.sent
    finally:
        sentry_sdk.get_client().flush()
        sentry_sdk.init()  # off again: no DSN


def test_error_reporting_is_off_without_a_dsn() -> None:
    assert not sentry_sdk.get_client().is_active()


def test_a_reported_error_carries_the_request_id_and_no_email_or_phone(reporting: list[dict[str, Any]]) -> None:
    token = request_id.set("edge-42")
    try:
        sentry_sdk.add_breadcrumb(category="phone", message=f"code sent to {PHONE} for {EMAIL}")
        try:
            raise ValueError(f"no account for {EMAIL}, phone {PHONE}")
        except ValueError as error:
            sentry_sdk.capture_exception(error)
        sentry_sdk.get_client().flush()
    finally:
        request_id.reset(token)
    assert len(reporting) == 1
    event = reporting[0]
    text = json.dumps(event)
    assert EMAIL not in text
    assert PHONE not in text
    assert "no account for [email], phone [phone]" in text
    assert "code sent to [phone] for [email]" in text  # the breadcrumb, scrubbed too
    assert event["tags"]["request_id"] == "edge-42"


def test_the_scrubber_drops_the_user_and_blanks_every_string() -> None:
    event = {
        "user": {"email": EMAIL, "ip_address": "203.0.113.9"},
        "request": {"url": "https://workfair.example/jobs/", "headers": {"Referer": f"mailto:{EMAIL}"}},
        "extra": {"numbers": [PHONE, 7]},
    }
    scrubbed = before_send(event, {})
    assert "user" not in scrubbed
    assert scrubbed["request"]["headers"]["Referer"] == "mailto:[email]"
    assert scrubbed["extra"]["numbers"] == ["[phone]", 7]
