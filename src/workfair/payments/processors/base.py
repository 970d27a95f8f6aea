"""The one interface every payment processor implements. Amounts are integer minor units.

A processor never gives us a card number to keep: `add_card` turns what the client entered (a
card number for the sandbox; a payment-method id from the processor's own form for Stripe) into
a token, brand and last four digits, and verifies the card (an authorisation, perhaps with a
3-D Secure step that `confirm_card` completes). Every money-moving call takes an idempotency key
that the processor honours: the same key twice charges, refunds or pays out once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol


class ProcessorError(Exception):
    """The processor could not be reached or answered with an error that is not a decline."""


class WebhookRejected(Exception):
    """A webhook whose signature does not verify."""


@dataclass(frozen=True)
class CardResult:
    status: str  # "verified" | "requires_action" | "failed"
    token: str = ""
    brand: str = ""
    last4: str = ""
    action_ref: str = ""
    message: str = ""


@dataclass(frozen=True)
class ChargeResult:
    succeeded: bool
    ref: str = ""
    message: str = ""


@dataclass(frozen=True)
class BankResult:
    token: str
    bank_name: str
    last4: str


@dataclass(frozen=True)
class PayoutResult:
    succeeded: bool
    ref: str = ""
    message: str = ""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    kind: str  # "charge.disputed", ...
    charge_ref: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Movement:
    """One money movement as the processor reports it (for reconciliation): `kind` is charge,
    refund, payout or chargeback; `key` the idempotency key we sent; `amount` positive minor units."""

    kind: str
    key: str
    ref: str
    amount: int
    currency: str
    at: datetime.datetime


class Processor(Protocol):
    name: str

    def add_card(
        self, *, customer_ref: str, card: str, exp_month: int, exp_year: int, cvc: str, idempotency_key: str
    ) -> CardResult: ...

    def confirm_card(self, *, token: str, action_ref: str) -> CardResult: ...

    def charge(
        self, *, token: str, amount: int, currency: str, idempotency_key: str, description: str
    ) -> ChargeResult: ...

    def refund(self, *, charge_ref: str, amount: int, idempotency_key: str) -> str: ...

    def add_bank_account(
        self, *, customer_ref: str, routing_number: str, account_number: str, currency: str
    ) -> BankResult: ...

    def payout(self, *, destination: str, amount: int, currency: str, idempotency_key: str) -> PayoutResult: ...

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent: ...

    def movements(self, start: datetime.datetime, end: datetime.datetime) -> list[Movement]:
        """Every succeeded charge, refund, payout and lost chargeback from `start` to `end`."""
        ...
