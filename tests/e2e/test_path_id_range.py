"""An id in a page's path larger than any database can hold is a 404 on every page, on SQLite as on
PostgreSQL (it was a 500 on SQLite: the number cannot be bound). Every URL pattern with an `int`
converter is tried, signed out and signed in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from workfair.accounts.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # > 2**64
JUST_OVER = str(2**63)


def _int_patterns(resolvers: list[Any], prefix: str = "") -> list[str]:
    found: list[str] = []
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if route.startswith("api/"):
            continue  # the API answers its own 400 `out_of_range` (tests/e2e/test_bad_input.py)
        if isinstance(entry, URLResolver):
            found += _int_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<int:" in route:
            found.append(route)
    return found


def _paths(value: str) -> list[str]:
    routes = _int_patterns(get_resolver().url_patterns)
    paths = []
    for route in routes:
        path = re.sub(r"<int:\w+>", value, route)
        path = re.sub(r"<(?:str|slug):\w+>", "x", path)
        path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
        if "<" not in path and "^" not in path:
            paths.append("/" + path)
    return paths


def test_there_are_many_pages_with_ids() -> None:
    assert len(_paths(HUGE)) >= 40


@pytest.mark.parametrize("value", [HUGE, JUST_OVER])
def test_a_too_large_id_is_404_on_every_page(value: str) -> None:
    signed_out, signed_in = Client(), Client()
    signed_in.force_login(ClientFactory())
    answers = {}
    for path in _paths(value):
        for who, client in (("out", signed_out), ("in", signed_in)):
            answers[(path, who)] = client.get(path).status_code
    assert {key: status for key, status in answers.items() if status != 404} == {}


def test_the_largest_possible_id_still_reaches_the_view() -> None:
    client = Client()
    client.force_login(ClientFactory())
    assert client.get(f"/jobs/{2**63 - 1}/").status_code == 404  # the view's own "no such job"


def test_a_too_large_id_is_404_for_a_post_too() -> None:
    client = Client()
    client.force_login(ClientFactory())
    answers = {path: client.post(path).status_code for path in _paths(HUGE)}
    assert {path: status for path, status in answers.items() if status != 404} == {}
