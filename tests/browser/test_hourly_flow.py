"""Hourly billing in headless Chromium: the freelancer logs time on an hourly contract's page
and sees what they'll receive; the week closes and is invoiced (the timer); the client sees the
week's invoice and what they'll pay, on the contract page and the money page. Every page fits a
phone's width (390 px) as well as a desktop's (1280 px)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.flows import DEFAULT_PASSWORD, log_in
from tests.browser.test_feedback_flow import publish_nda_if_flushed
from workfair.core import clock
from workfair.payments import actions
from workfair.payments.tests.hourly import at, days, hourly_contract

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def fits(page: Any, width: int, tmp_path: Path, name: str) -> None:
    """No sideways scrolling at this width; a screenshot for a person to look at (kept in the
    test's temporary folder, or in HOURLY_SCREENSHOTS when set)."""
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = Path(os.environ.get("HOURLY_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"hourly-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_freelancer_logs_time_and_the_client_sees_the_weeks_invoice(make_page: Any, tmp_path: Path) -> None:
    publish_nda_if_flushed()
    contract = hourly_contract()  # 45.00 an hour, 20 hours a week, manual time allowed
    for person in (contract.client, contract.freelancer):
        person.set_password(DEFAULT_PASSWORD)
        person.save(update_fields=["password"])
    url = f"/contracts/{contract.pk}/"

    with clock.frozen_at(at(days(2), 17)):  # Wednesday of the contract's first week
        freelancer = make_page()
        log_in(freelancer, email=contract.freelancer.email)
        freelancer.goto(url)
        time = freelancer.locator(f"form[action='/contracts/{contract.pk}/time/']")
        time.get_by_label("Day").fill(str(days(2)))
        time.get_by_label("Hours").fill("3")
        time.get_by_label("Minutes").fill("15")
        time.get_by_label("What you worked on").fill("Checkout flow and its tests")
        time.get_by_role("button", name="Log time").click()
        freelancer.get_by_text("Logged 3h 15m on Wed 04 Nov.").wait_for()
        # 3h15m at 45.00 = 146.25, less the 10 % service fee (14.63, rounded half up).
        assert freelancer.get_by_test_id("you-receive").inner_text() == "$131.62"
        assert freelancer.get_by_role("cell", name="Checkout flow and its tests").is_visible()
        too_much = freelancer.locator(f"form[action='/contracts/{contract.pk}/time/']")
        too_much.get_by_label("Hours").fill("17")
        too_much.get_by_label("What you worked on").fill("More")
        too_much.get_by_role("button", name="Log time").click()
        freelancer.get_by_text("weekly limit is 20 hours").wait_for()
        freelancer.goto(url)
        for width in WIDTHS:
            fits(freelancer, width, tmp_path, "freelancer")

    with clock.frozen_at(at(days(7), 12)):  # Monday noon: the week is invoiced
        actions.do_invoice_closed_weeks()
        client = make_page()
        log_in(client, email=contract.client.email)
        client.goto(url)
        invoices = client.locator("#time table").last
        # 146.25 plus the 5 % marketplace fee (7.31): 153.56.
        assert invoices.get_by_role("cell", name="$153.56").is_visible()
        assert invoices.get_by_text("Invoiced: in the client's review window").is_visible()
        assert client.get_by_text("Dispute the hours").is_visible()
        for width in WIDTHS:
            fits(client, width, tmp_path, "client")
        client.goto("/money/")
        assert client.get_by_text("You pay $153.56").is_visible()
        for width in WIDTHS:
            fits(client, width, tmp_path, "money")
