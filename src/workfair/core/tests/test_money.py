"""Money as integer minor units: parsing per currency exponent, refusals, formatting with signs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workfair.core.errors import InvalidInput
from workfair.core.money import Money, exponent, format_money, to_minor


@pytest.mark.parametrize(
    ("value", "currency", "minor"),
    [
        ("12.50", "USD", 1250),
        ("12.5", "EUR", 1250),
        ("0.01", "GBP", 1),
        ("1500", "JPY", 1500),
        (7, "USD", 700),
        (Decimal("3.10"), "usd", 310),
        (" 4 ", "USD", 400),
        ("-2.25", "USD", -225),
        ("1.20", "XYZ", 120),
    ],
)
def test_to_minor_uses_each_currency_s_exponent(value: object, currency: str, minor: int) -> None:
    assert to_minor(value, currency) == minor  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "currency", "message"),
    [
        ("1.005", "USD", "at most 2 decimals"),
        ("1.5", "JPY", "at most 0 decimals"),
        ("Infinity", "USD", "finite"),
        ("NaN", "USD", "finite"),
        ("-Infinity", "EUR", "finite"),
        ("lots", "USD", "not an amount"),
        ("", "USD", "not an amount"),
    ],
)
def test_to_minor_refuses_what_is_not_money(value: str, currency: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        to_minor(value, currency)


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (123456, "USD", "$1,234.56"),
        (5, "EUR", "€0.05"),
        (100, "GBP", "£1.00"),
        (1500, "JPY", "¥1,500"),
        (0, "USD", "$0.00"),
        (-42750, "USD", "-$427.50"),
        (1234, "CHF", "12.34 CHF"),
        (-1, "JPY", "-¥1"),
    ],
)
def test_format_money_places_the_symbol_sign_and_separators(amount: int, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text
    assert str(Money(amount, currency)) == text


def test_exponents() -> None:
    assert [exponent(c) for c in ("USD", "eur", "JPY", "CHF")] == [2, 2, 0, 2]


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "sNaN"])
def test_an_infinite_or_nan_amount_is_refused_with_its_own_message(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        to_minor(value, "USD")
    assert str(refused.value) == "Amount must be a finite number."


def test_too_many_decimals_says_how_many_the_currency_has() -> None:
    with pytest.raises(InvalidInput) as refused:
        to_minor("1.005", "EUR")
    assert str(refused.value) == "EUR amounts have at most 2 decimals."
    with pytest.raises(InvalidInput) as refused:
        to_minor("abc", "USD")
    assert str(refused.value) == "'abc' is not an amount of money."
