"""Money as integer minor units plus a currency. Never floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from workfair.core.errors import InvalidInput

MINOR_UNITS = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units
    currency: str

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def exponent(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def to_minor(value: str | int | Decimal, currency: str) -> int:
    """Parse a decimal amount ("12.50") into minor units; refuse more precision than the currency has."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(f"{value!r} is not an amount of money.") from exc
    if not amount.is_finite():
        raise InvalidInput("Amount must be a finite number.")
    scaled = amount.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise InvalidInput(f"{currency} amounts have at most {exponent(currency)} decimals.")
    return int(scaled)


def format_money(amount: int, currency: str) -> str:
    """ "$1,234.50"; a negative amount as "-$1,234.50" (the sign before the symbol)."""
    if amount < 0:
        return "-" + format_money(-amount, currency)
    exp = exponent(currency)
    value = (Decimal(amount).scaleb(-exp)).quantize(Decimal(1).scaleb(-exp), rounding=ROUND_HALF_UP)
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency.upper())
    text = f"{value:,}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"
