"""Builders for payment methods and money flows (through the real actions where money moves)."""

from __future__ import annotations

from typing import Any

from workfair.core import clock
from workfair.payments import actions
from workfair.payments.models import PaymentMethod, PayoutMethod
from workfair.payments.states import MethodStatus

OK_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
THREE_DS_CARD = "4000000000003220"
DISPUTED_CARD = "4000000000000259"
CHARGE_FAILS_CARD = "4000000000000341"


def verified_card(user: Any, *, behaviour: str = "ok") -> PaymentMethod:
    """A verified sandbox card on file, without going through the processor (fast, no signal)."""
    now = clock.now()
    return PaymentMethod.objects.create(
        user=user,
        processor="sandbox",
        token=f"pm_sbx_{behaviour}_{user.pk:08x}{PaymentMethod.objects.count()}",
        brand="Visa",
        last4="4242",
        exp_month=12,
        exp_year=now.year + 3,
        status=MethodStatus.VERIFIED,
        verified_at=now,
        created_at=now,
        updated_at=now,
    )


def add_card(user: Any, number: str = OK_CARD) -> PaymentMethod:
    """A card added through the real action (processor, audit, trust signal)."""
    return actions.do_add_card(actor=user, card=number, exp_month=12, exp_year=clock.today().year + 2, cvc="123")


def bank_account(user: Any) -> PayoutMethod:
    return actions.do_add_payout_method(actor=user, routing_number="110000000", account_number="000123456789")
