"""Template tags of the hiring flow (proposals, offers, contracts): `{% money amount currency %}`."""

from __future__ import annotations

from django import template

from workfair.core.money import format_money

register = template.Library()


@register.simple_tag
def money(amount: int | None, currency: str) -> str:
    return "" if amount is None else format_money(amount, currency)
