"""API shapes for payments. Money is integer minor units of `currency`; never floats."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class CardIn(Schema):
    card_number: str = Field(max_length=40, description="Sandbox: a test card number; Stripe: a pm_... id")
    exp_month: int
    exp_year: int
    cvc: str = Field("", max_length=4)


class MethodOut(Schema):
    id: int
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    status: str
    failure_message: str
    verified_at: dt.datetime | None


class VerifiedOut(Schema):
    payment_verified: bool
    methods: list[MethodOut]


class BankIn(Schema):
    routing_number: str = Field(max_length=20)
    account_number: str = Field(max_length=40)
    currency: str = Field("USD", max_length=3)


class BankOut(Schema):
    id: int
    bank_name: str
    last4: str
    currency: str


class PayoutIn(Schema):
    amount: int
    currency: str = Field("USD", max_length=3)


class PayoutOut(Schema):
    id: int
    amount: int
    currency: str
    status: str
    hold_until: dt.datetime | None
    created_at: dt.datetime


class BalancesOut(Schema):
    currency: str
    pending: int
    available: int
    in_escrow: int
    frozen: int


class LineOut(Schema):
    id: int
    entry_id: int
    kind: str
    account: str
    amount: int
    currency: str
    description: str
    target_type: str
    target_id: str
    created_at: dt.datetime


class HistoryPage(Schema):
    items: list[LineOut]
    page: int
    size: int
    count: int


class QuoteOut(Schema):
    amount: int
    client_fee: int
    client_pays: int
    freelancer_fee: int
    freelancer_receives: int
    currency: str
