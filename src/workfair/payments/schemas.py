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


# --- hourly billing -----------------------------------------------------------------------------


class TimeEntryIn(Schema):
    date: dt.date
    minutes: int = Field(description="Whole minutes worked that day, 1 to 1440")
    memo: str = Field(max_length=2000, description="What you worked on (at most 500 characters)")


class TimeEntryPatch(Schema):
    date: dt.date | None = None
    minutes: int | None = None
    memo: str | None = Field(None, max_length=2000)


class TimeEntryOut(Schema):
    id: int
    week_id: int
    date: dt.date
    minutes: int
    memo: str
    source: str


class HourlyWeekOut(Schema):
    """An hourly contract's week: its invoice once it is closed. `you_pay` is what the client
    pays, `you_receive` what the freelancer receives (each side sees its own, the other 0)."""

    id: int | None
    contract_id: int
    title: str
    week_start: dt.date
    status: str
    status_label: str
    logged_minutes: int
    billed_minutes: int
    limit_minutes: int
    rate: int
    amount: int
    client_fee: int
    freelancer_fee: int
    you_pay: int
    you_receive: int
    currency: str
    editable: bool
    review_ends_at: dt.datetime | None
    dispute_reason: str
    charge_attempts: int
    next_charge_at: dt.datetime | None
    charged_at: dt.datetime | None
    available_at: dt.datetime | None
    entries: list[TimeEntryOut] = []


class DisputeIn(Schema):
    reason: str = Field(max_length=2000)


class SettleIn(Schema):
    billed_minutes: int
    note: str = Field("", max_length=1000)
