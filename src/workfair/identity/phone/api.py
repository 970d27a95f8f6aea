"""JSON API of phone verification, mounted at /api/v1/identity/phone (token or session auth, like
every router of the API). Thin: parse, call the actions of `workfair.identity.phone`, answer.

    GET  ""         where the account stands: verified number (masked), the code waiting
    POST ""         {number, channel: "sms"|"voice", region?}  send a code
    POST "/resend"  {channel?}                                   send a fresh code, or call instead
    POST "/confirm" {code, challenge_id?}                        verify the number

Refusals are the API's usual JSON 4xx ({"detail", "code"}): 400 bad number or code (with the
attempts left), 403 blocked for review, 409 number in use, 429 too many codes or too soon.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from workfair.core import clock
from workfair.identity.models import PhoneChallenge
from workfair.identity.phone import actions as phone
from workfair.identity.phone import queries as phone_queries
from workfair.identity.states import PhoneChannel

router = Router(tags=["identity"])


class PhoneStartIn(Schema):
    number: str = Field(max_length=40, description="With the country code (+44 7400 123456), or national with region")
    channel: PhoneChannel = PhoneChannel.SMS
    region: str | None = Field(default=None, max_length=2, description="Two-letter country for a national number")


class ResendIn(Schema):
    channel: PhoneChannel | None = Field(default=None, description="'voice' to be called instead of texted")
    challenge_id: int | None = None


class ConfirmIn(Schema):
    code: str = Field(max_length=12)
    challenge_id: int | None = Field(default=None, description="Default: the latest code sent")


class ChallengeOut(Schema):
    challenge_id: int
    number: str = Field(description="Masked: +44 •••• ••12 34")
    channel: str
    expires_at: dt.datetime
    expired: bool
    attempts_left: int
    sends_left: int
    resend_available_at: dt.datetime | None

    @staticmethod
    def of(challenge: PhoneChallenge) -> ChallengeOut:
        return ChallengeOut(
            challenge_id=challenge.pk,
            number=phone.mask_e164(challenge.e164),
            channel=challenge.channel,
            expires_at=challenge.expires_at,
            expired=challenge.expires_at <= clock.now(),
            attempts_left=phone_queries.attempts_left(challenge),
            sends_left=phone_queries.sends_left(challenge),
            resend_available_at=phone_queries.resend_available_at(challenge),
        )


class PhoneStatusOut(Schema):
    verified: bool
    number: str | None = Field(description="The verified number, masked")
    verified_at: dt.datetime | None
    pending: ChallengeOut | None


def _status(user: Any) -> PhoneStatusOut:
    verified = phone_queries.verified_phone(user)
    waiting = phone_queries.waiting_challenge(user)
    return PhoneStatusOut(
        verified=verified is not None,
        number=phone.mask_e164(verified.e164) if verified else None,
        verified_at=verified.verified_at if verified else None,
        pending=ChallengeOut.of(waiting) if waiting else None,
    )


@router.get("", response=PhoneStatusOut, summary="My phone verification")
def status(request: HttpRequest) -> PhoneStatusOut:
    return _status(request.user)


@router.post("", response={201: ChallengeOut}, summary="Send a code to a number")
def start(request: HttpRequest, payload: PhoneStartIn) -> Status[ChallengeOut]:
    challenge = phone.do_start_phone_verification(
        request.user, payload.number, channel=payload.channel, region=payload.region
    )
    return Status(201, ChallengeOut.of(challenge))


@router.post("/resend", response=ChallengeOut, summary="Send the code again, or call instead")
def resend(request: HttpRequest, payload: ResendIn | None = None) -> ChallengeOut:
    payload = payload or ResendIn()
    challenge = phone.do_resend_phone_code(request.user, payload.challenge_id, channel=payload.channel)
    return ChallengeOut.of(challenge)


@router.post("/confirm", response=PhoneStatusOut, summary="Verify the number with the code")
def confirm(request: HttpRequest, payload: ConfirmIn) -> PhoneStatusOut:
    phone.do_confirm_phone_code(request.user, payload.challenge_id, payload.code)
    return _status(request.user)
