"""The browser infrastructure end to end: a new person signs up and lands on their dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.flows import sign_up, sign_up_and_confirm

pytestmark = pytest.mark.browser


def test_new_person_signs_up_confirms_email_and_sees_their_dashboard(page: Any) -> None:
    sign_up_and_confirm(page, email="ada@example.com", first_name="Ada", last_name="Lovelace", hire=True, work=True)

    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ada L."
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").is_visible()


def test_unconfirmed_person_is_not_signed_in(page: Any) -> None:
    sign_up(page, email="bob@example.com", first_name="Bob", last_name="Builder", work=True)

    page.goto("/dashboard/")

    assert "/accounts/login/" in page.url
