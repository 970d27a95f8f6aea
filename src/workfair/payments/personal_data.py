"""Payments' part of "download my data" and of account deletion (`core.personal_data`): cards and
bank accounts (brand and last four digits, never the processor's tokens), charges, escrow, payouts
and the balances of the person's ledger accounts. On erasure the processor tokens of cards and bank
accounts are forgotten (they can no longer be charged or paid to); the ledger, charges, escrow and
payouts are kept for the law (bookkeeping) under the pseudonymised account. Money in escrow, or
money waiting to be withdrawn, stops the deletion."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.payments.models import Account, Charge, EscrowHold, PaymentMethod, Payout, PayoutMethod
from workfair.payments.states import AccountKind, EscrowStatus, MethodStatus

MONEY_IN_ESCROW = "Money is in escrow on one of your contracts: it must be released or refunded first."
MONEY_TO_WITHDRAW = "You have earnings waiting: withdraw them first."


def export_payments(user: Any) -> ExportPart:
    mine = Q(client_id=user.pk) | Q(freelancer_id=user.pk)
    return ExportPart(
        records={
            "cards": list(
                PaymentMethod.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("processor", "brand", "last4", "exp_month", "exp_year", "status", "verified_at", "created_at")
            ),
            "bank_accounts": list(
                PayoutMethod.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("processor", "bank_name", "last4", "currency", "active", "created_at")
            ),
            "charges": list(
                Charge.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("amount", "currency", "status", "failure_message", "target_type", "target_id", "created_at")
            ),
            "escrow": list(
                EscrowHold.objects.filter(mine)
                .order_by("pk")
                .values(
                    "target_type",
                    "target_id",
                    "currency",
                    "amount",
                    "client_fee",
                    "refunded",
                    "released",
                    "freelancer_fee",
                    "status",
                    "created_at",
                    "released_at",
                )
            ),
            "payouts": list(
                Payout.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("amount", "currency", "status", "created_at")
            ),
            "balances": list(
                Account.objects.filter(owner_id=user.pk).order_by("pk").values("kind", "currency", "balance")
            ),
        }
    )


def erase_payments(user: Any) -> dict[str, int]:
    return {
        "cards": PaymentMethod.objects.filter(user_id=user.pk).update(
            token="", action_ref="", status=MethodStatus.REMOVED
        ),
        "bank_accounts": PayoutMethod.objects.filter(user_id=user.pk).update(token="", active=False),
    }


def payments_blocker(user: Any) -> str:
    held = EscrowHold.objects.filter(Q(client_id=user.pk) | Q(freelancer_id=user.pk))
    if held.filter(status__in=[EscrowStatus.FUNDED, EscrowStatus.FROZEN]).exists():
        return MONEY_IN_ESCROW
    earnings = Account.objects.filter(
        owner_id=user.pk, kind__in=[AccountKind.FREELANCER_PENDING, AccountKind.FREELANCER_AVAILABLE], balance__gt=0
    )
    if earnings.exists():
        return MONEY_TO_WITHDRAW
    return ""


def register() -> None:
    register_personal_data("payments", export=export_payments, erase=erase_payments, blocker=payments_blocker)
