"""The operator's payment settings (`WORKFAIR_PAYMENTS` in config/settings.py), read in one place.

Fees are in basis points (1/100 of a percent: 1000 = 10 %); amounts in minor units of the
platform currency; periods in days. docs/rules.md ("Fixed price") gives the defaults."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PROCESSOR": "sandbox",
    "FREELANCER_FEE_BPS": 1000,
    "CLIENT_FEE_BPS": 500,
    "MIN_ESCROW": 500,
    "MIN_PAYOUT": 1000,
    "AUTO_RELEASE_DAYS": 14,
    "PENDING_DAYS": 5,
    "END_DISPUTE_DAYS": 7,
    "FIRST_PAYOUT_HOLD_DAYS": 3,
    "MAX_FAILED_CARDS_PER_DAY": 5,
    "STRIPE_SECRET_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    "SANDBOX_WEBHOOK_SECRET": "sandbox-webhook-secret",
}


def setting(name: str) -> Any:
    """One payment setting: the operator's value, else the default."""
    configured = getattr(settings, "WORKFAIR_PAYMENTS", {}) or {}
    if name in configured:
        return configured[name]
    return DEFAULTS[name]


def fee(amount: int, bps: int) -> int:
    """The fee of `bps` basis points on `amount` minor units, rounded half up, in minor units."""
    if amount < 0 or bps < 0:
        raise ValueError("amount and fee rate are not negative")
    return (amount * bps + 5000) // 10000


def client_fee(amount: int) -> int:
    return fee(amount, int(setting("CLIENT_FEE_BPS")))


def freelancer_fee(amount: int) -> int:
    return fee(amount, int(setting("FREELANCER_FEE_BPS")))


# Hourly billing (docs/rules.md "Work week"): the week closes Sunday 24:00 in the platform's time
# zone; the freelancer may edit until HOURLY_EDIT_HOURS after it closes, then the invoice is made;
# the client may dispute until HOURLY_REVIEW_DAYS after the close (Friday 23:59); then the card is
# charged; the money is available HOURLY_AVAILABLE_DAYS after the close. A declined charge is
# tried HOURLY_CHARGE_ATTEMPTS times, HOURLY_RETRY_HOURS apart.
DEFAULTS.update(
    {
        "HOURLY_EDIT_HOURS": 12,
        "HOURLY_REVIEW_DAYS": 5,
        "HOURLY_AVAILABLE_DAYS": 10,
        "HOURLY_CHARGE_ATTEMPTS": 3,
        "HOURLY_RETRY_HOURS": 24,
    }
)
