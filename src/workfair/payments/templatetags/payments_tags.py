"""`{% load payments_tags %}`: what each side pays and receives, shown before anyone commits."""

from __future__ import annotations

from typing import Any

from django import template

from workfair.core.money import format_money
from workfair.payments.config import setting
from workfair.payments.queries import payment_verified

register = template.Library()


@register.simple_tag
def funding_quote(amount: int, currency: str) -> dict[str, str]:
    """{"amount", "fee", "total"} formatted: what the client pays to fund `amount`."""
    from workfair.payments.actions import quote_funding

    q = quote_funding(amount)
    return {
        "amount": format_money(q["amount"], currency),
        "fee": format_money(q["client_fee"], currency),
        "total": format_money(q["total"], currency),
    }


@register.simple_tag
def release_quote(amount: int, currency: str) -> dict[str, str]:
    """{"amount", "fee", "net"} formatted: what the freelancer receives when `amount` is released."""
    from workfair.payments.actions import quote_release

    q = quote_release(amount)
    return {
        "amount": format_money(q["amount"], currency),
        "fee": format_money(q["freelancer_fee"], currency),
        "net": format_money(q["net"], currency),
    }


def _percent(bps: int) -> str:
    whole, rest = divmod(bps, 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


@register.simple_tag
def fee_rates() -> dict[str, str]:
    return {
        "client": _percent(int(setting("CLIENT_FEE_BPS"))),
        "freelancer": _percent(int(setting("FREELANCER_FEE_BPS"))),
    }


@register.filter
def is_payment_verified(user: Any) -> bool:
    return payment_verified(getattr(user, "pk", None))


@register.simple_tag
def payment_verified_badge(user_id: int | None) -> str:
    """The "Payment verified" badge of a client with a verified payment method (one query)."""
    from django.utils.html import format_html

    if not payment_verified(user_id):
        return ""
    return format_html(
        '<span class="badge badge-payment-verified" title="{}">Payment verified</span>',
        "This client has a verified payment method on file.",
    )


@register.filter
def hours_minutes(minutes: int | None) -> str:
    """330 -> "5h 30m"."""
    value = int(minutes or 0)
    return f"{value // 60}h {value % 60:02d}m"


@register.filter
def hours_part(minutes: int | None) -> int:
    return int(minutes or 0) // 60


@register.filter
def minutes_part(minutes: int | None) -> int:
    return int(minutes or 0) % 60
