"""Who delivers phone codes: the console provider (log + in-process outbox) and the Twilio adapter
(its client mocked: the exact API calls, and Twilio's errors turned into clear refusals)."""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from twilio.base.exceptions import TwilioRestException

from workfair.identity.phone import providers
from workfair.identity.phone.providers import (
    ConsoleProvider,
    SendFailed,
    TwilioProvider,
    clear_console_outbox,
    console_outbox,
    get_provider,
)

E164 = "+447400123456"
FROM = "+15005550006"


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    clear_console_outbox()


def twilio(client: Any = None) -> TwilioProvider:
    return TwilioProvider(account_sid="AC123", auth_token="secret", from_number=FROM, client=client or mock.Mock())


def test_console_provider_logs_the_code_and_keeps_the_last_ones(caplog: Any) -> None:
    provider = ConsoleProvider()
    with caplog.at_level(logging.INFO, logger="workfair.identity.phone"):
        provider.send_code(E164, "01234", "sms")
        provider.send_code("+33612345678", "98765", "voice")
    assert [(r.name, r.levelno) for r in caplog.records] == [("workfair.identity.phone", logging.INFO)] * 2
    assert "01234" in caplog.records[0].getMessage()
    latest, first = console_outbox()
    assert (latest.to, latest.channel, latest.code) == ("+33612345678", "voice", "98765")
    assert latest.text.count("9. 8. 7. 6. 5") == 2  # read digit by digit, twice
    assert (first.to, first.channel, first.code) == (E164, "sms", "01234")
    assert first.text.startswith("Your Workfair code is 01234.")


def test_console_outbox_keeps_only_the_last_messages() -> None:
    for n in range(providers.OUTBOX_SIZE + 5):
        ConsoleProvider().send_code(E164, f"{n:05d}", "sms")
    outbox = console_outbox()
    assert len(outbox) == providers.OUTBOX_SIZE
    assert outbox[0].code == f"{providers.OUTBOX_SIZE + 4:05d}"


def test_twilio_texts_through_the_messages_api() -> None:
    client = mock.Mock()
    client.messages.create.return_value = mock.Mock(sid="SM42")
    assert twilio(client).send_code(E164, "12345", "sms") == "SM42"
    client.messages.create.assert_called_once_with(
        to=E164,
        from_=FROM,
        body="Your Workfair code is 12345. It expires in 10 minutes. Never share it with anyone.",
    )
    client.calls.create.assert_not_called()


def test_twilio_calls_through_the_calls_api_with_twiml_say() -> None:
    client = mock.Mock()
    client.calls.create.return_value = mock.Mock(sid="CA42")
    assert twilio(client).send_code(E164, "12345", "voice") == "CA42"
    spoken = "Hello. Your Workfair code is: 1. 2. 3. 4. 5. Again, your code is: 1. 2. 3. 4. 5."
    client.calls.create.assert_called_once_with(
        to=E164,
        from_=FROM,
        twiml=f'<?xml version="1.0" encoding="UTF-8"?><Response><Say loop="2">{spoken}</Say></Response>',
    )
    client.messages.create.assert_not_called()


@pytest.mark.parametrize(
    ("status", "code", "channel", "answer", "message"),
    [
        (400, 21211, "sms", 400, "couldn't reach this number"),
        (400, 13224, "voice", 400, "couldn't reach this number"),
        (400, 21614, "sms", 400, "can't receive text messages: choose a call"),
        (400, 21610, "sms", 400, "replied STOP"),
        (400, 99999, "sms", 400, "couldn't send a code to this number"),
        (401, 20003, "sms", 503, "try again in a few minutes"),
        (429, 20429, "voice", 503, "try again in a few minutes"),
        (500, None, "sms", 503, "try again in a few minutes"),
    ],
)
def test_twilio_errors_become_clear_refusals(
    status: int, code: int | None, channel: str, answer: int, message: str
) -> None:
    client = mock.Mock()
    error = TwilioRestException(status, "https://api.twilio.com/x", msg="refused", code=code)
    client.messages.create.side_effect = error
    client.calls.create.side_effect = error
    with pytest.raises(SendFailed, match=message) as refused:
        twilio(client).send_code(E164, "12345", channel)
    assert refused.value.status_code == answer


def test_twilio_unreachable_is_a_503_not_a_500() -> None:
    client = mock.Mock()
    client.messages.create.side_effect = requests.exceptions.ConnectionError("no route to host")
    with pytest.raises(SendFailed, match="try again") as refused:
        twilio(client).send_code(E164, "12345", "sms")
    assert refused.value.status_code == 503


def test_the_setting_picks_the_provider(settings: Any, monkeypatch: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}
    assert isinstance(get_provider(), ConsoleProvider)
    client_class = mock.Mock()
    monkeypatch.setattr(providers, "Client", client_class)
    settings.WORKFAIR_IDENTITY = {
        **settings.WORKFAIR_IDENTITY,
        "PHONE_PROVIDER": "twilio",
        "TWILIO_ACCOUNT_SID": "AC123",
        "TWILIO_AUTH_TOKEN": "secret",
        "TWILIO_FROM_NUMBER": FROM,
    }
    provider = get_provider()
    assert isinstance(provider, TwilioProvider)
    client_class.assert_called_once_with("AC123", "secret")
    provider.send_code(E164, "12345", "sms")
    client_class.return_value.messages.create.assert_called_once()


def test_a_misconfigured_provider_is_an_operator_error(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "twilio", "TWILIO_AUTH_TOKEN": ""}
    with pytest.raises(ImproperlyConfigured, match="TWILIO_"):
        get_provider()
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "pigeon"}
    with pytest.raises(ImproperlyConfigured, match="Unknown PHONE_PROVIDER"):
        get_provider()
