"""Countries by their ISO 3166-1 alpha-2 codes, from django-countries: what forms offer as a list
and what actions accept (a person picks "Poland", the record keeps "PL")."""

from __future__ import annotations

from django_countries import countries


def country_choices(blank_label: str = "Choose a country") -> list[tuple[str, str]]:
    """Every country as (code, name), by name, after a blank choice."""
    return [("", blank_label), *((str(code), str(name)) for code, name in countries)]


def is_country(code: str) -> bool:
    """`code` is an assigned two-letter country code (upper case)."""
    return bool(code) and code in countries


def country_name(code: str) -> str:
    """The country's English name, or the code itself when it is not one."""
    return str(countries.name(code)) or code
