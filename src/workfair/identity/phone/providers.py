"""Who delivers phone codes: the console (development, tests) or Twilio (production).

    get_provider().send_code("+447400123456", "12345", "sms")

`WORKFAIR_IDENTITY["PHONE_PROVIDER"]` picks one ("console" by default, or "twilio"). A provider
returns its reference for the message or call, or raises `SendFailed` (a refusal the person sees:
a 400 when the number cannot take the code, a 503 when the provider is unreachable). Codes are
never written anywhere else: the console provider keeps them in memory only, for developers.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.identity.states import PhoneChannel

logger = logging.getLogger("workfair.identity.phone")

OUTBOX_SIZE = 50


class SendFailed(WorkfairError):
    """The code could not be delivered. 400 when the number cannot receive it, 503 otherwise."""

    status_code = 503
    code = "send_failed"

    def __init__(self, message: str, *, status_code: int = 503) -> None:
        super().__init__(message)
        self.status_code = status_code


def sms_text(code: str) -> str:
    minutes = settings.WORKFAIR_IDENTITY.get("PHONE_CODE_MINUTES", 10)
    return f"Your Workfair code is {code}. It expires in {minutes} minutes. Never share it with anyone."


def voice_text(code: str) -> str:
    # Digits one by one, with pauses, so that speech synthesis does not read "twelve thousand...".
    spoken = ". ".join(code)
    return f"Hello. Your Workfair code is: {spoken}. Again, your code is: {spoken}."


class PhoneProvider(ABC):
    """Sends a verification code by text message or voice call."""

    name = ""

    @abstractmethod
    def send_code(self, e164: str, code: str, channel: str) -> str:
        """Deliver `code` to `e164` by `channel` ("sms" or "voice"); return the provider's reference
        or raise `SendFailed`."""


# --- console -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    to: str
    channel: str
    code: str
    text: str
    sent_at: datetime


_outbox: deque[OutboxMessage] = deque(maxlen=OUTBOX_SIZE)
_outbox_lock = threading.Lock()


def console_outbox() -> list[OutboxMessage]:
    """The console provider's last messages in this process, newest first."""
    with _outbox_lock:
        return list(reversed(_outbox))


def clear_console_outbox() -> None:
    with _outbox_lock:
        _outbox.clear()


class ConsoleProvider(PhoneProvider):
    """Development and tests: nothing leaves the machine. The code goes to the log (INFO) and to an
    in-process outbox that tests and the DEBUG-only /account/phone/dev-outbox/ page read."""

    name = "console"

    def send_code(self, e164: str, code: str, channel: str) -> str:
        text = sms_text(code) if channel == PhoneChannel.SMS else voice_text(code)
        message = OutboxMessage(to=e164, channel=channel, code=code, text=text, sent_at=clock.now())
        with _outbox_lock:
            _outbox.append(message)
            reference = f"console-{len(_outbox)}"
        logger.info("Phone code for %s by %s: %s", e164, channel, code)
        return reference


# --- Twilio --------------------------------------------------------------------------------------

# Twilio error codes that mean "this number cannot take this code": answered with a 400 that says so.
# https://www.twilio.com/docs/api/errors
_CANNOT_TEXT = {21614, 21408, 21612, 21606}  # not a mobile, region not enabled, unreachable by SMS
_BAD_NUMBER = {21211, 21217, 21401, 21421, 13223, 13224}  # invalid "To" number (messages and calls)
_OPTED_OUT = {21610}  # the person replied STOP


class TwilioProvider(PhoneProvider):
    """Twilio's Messages API for texts, its Calls API with TwiML <Say> for voice calls."""

    name = "twilio"

    def __init__(self, *, account_sid: str, auth_token: str, from_number: str, client: Any = None) -> None:
        if not (account_sid and auth_token and from_number):
            raise ImproperlyConfigured(
                "PHONE_PROVIDER is 'twilio' but TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_FROM_NUMBER is empty."
            )
        self.from_number = from_number
        self.client = client if client is not None else Client(account_sid, auth_token)

    def send_code(self, e164: str, code: str, channel: str) -> str:
        try:
            if channel == PhoneChannel.VOICE:
                twiml = VoiceResponse()
                twiml.say(voice_text(code), loop=2)
                call = self.client.calls.create(to=e164, from_=self.from_number, twiml=str(twiml))
                return str(call.sid)
            message = self.client.messages.create(to=e164, from_=self.from_number, body=sms_text(code))
            return str(message.sid)
        except TwilioRestException as exc:
            logger.warning("Twilio refused a %s to a number: status %s, code %s: %s", channel, exc.status, exc.code,
                           exc.msg)  # fmt: skip
            raise _refusal_for(exc, channel) from exc
        except (TwilioException, OSError) as exc:  # network failures (requests' errors are OSErrors)
            logger.warning("Twilio unreachable for a %s: %s", channel, exc)
            raise SendFailed("We couldn't send the code right now. Please try again in a few minutes.") from exc


def _refusal_for(exc: TwilioRestException, channel: str) -> SendFailed:
    if exc.code in _CANNOT_TEXT and channel == PhoneChannel.SMS:
        return SendFailed("This number can't receive text messages: choose a call instead.", status_code=400)
    if exc.code in _BAD_NUMBER:
        return SendFailed("We couldn't reach this number: check it and try again.", status_code=400)
    if exc.code in _OPTED_OUT:
        return SendFailed(
            "This number has blocked our text messages (replied STOP): reply START to us, or choose a call.",
            status_code=400,
        )
    if 400 <= exc.status < 500 and exc.status not in (401, 403, 429):
        return SendFailed("We couldn't send a code to this number: check it, or choose a call.", status_code=400)
    return SendFailed("We couldn't send the code right now. Please try again in a few minutes.")


# --- choosing one --------------------------------------------------------------------------------


def get_provider() -> PhoneProvider:
    """The provider named by `WORKFAIR_IDENTITY["PHONE_PROVIDER"]`, built from the current settings."""
    config = settings.WORKFAIR_IDENTITY
    name = config.get("PHONE_PROVIDER", "console") or "console"
    if name == ConsoleProvider.name:
        return ConsoleProvider()
    if name == TwilioProvider.name:
        return TwilioProvider(
            account_sid=str(config.get("TWILIO_ACCOUNT_SID") or ""),
            auth_token=str(config.get("TWILIO_AUTH_TOKEN") or ""),
            from_number=str(config.get("TWILIO_FROM_NUMBER") or ""),
        )
    raise ImproperlyConfigured(f"Unknown PHONE_PROVIDER {name!r}: use 'console' or 'twilio'.")
