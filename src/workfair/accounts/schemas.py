"""Request and response bodies of the accounts API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class SignupIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    first_name: str = Field(max_length=60)
    last_name: str = Field(max_length=60)
    wants_to_hire: bool = False
    wants_to_work: bool = False


class SignupOut(Schema):
    """The same answer for a new address and for one that already has an account (whose owner
    gets an e-mail saying so): the answer never tells whether an address is registered."""

    email: str
    verification_sent: bool
    detail: str


class VerifyEmailIn(Schema):
    key: str = Field(max_length=500)


class VerifyEmailOut(Schema):
    email: str
    verified: bool


class TokenRequestIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    name: str = Field(default="API login", max_length=80)
    code: str | None = Field(
        default=None,
        max_length=64,
        description="Required when the account has two-factor authentication on: the current code from "
        "its authenticator app, or one of its unused recovery codes (used up by this). Ignored otherwise.",
    )


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret. Shown once: store it now.")


class TokenCreateIn(Schema):
    name: str = Field(default="API token", max_length=80)


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    public_name: str
    name_display: str
    is_client: bool
    is_freelancer: bool
    date_joined: dt.datetime


class MePatchIn(Schema):
    first_name: str | None = Field(default=None, max_length=60)
    last_name: str | None = Field(default=None, max_length=60)
    name_display: str | None = None
    is_client: bool | None = None
    is_freelancer: bool | None = None
