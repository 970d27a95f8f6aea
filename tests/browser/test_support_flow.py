"""Support in the browser: a person searches the help centre, gets suggestions while typing a
ticket, opens it; staff answer it in the console queue; the person sees the answer. Every page
fits a 390 px phone screen without sideways scrolling.

With WORKFAIR_SCREENSHOTS=<folder> the test also saves the pages at 1280 and 390 px wide."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.flows import log_in, log_in_with_totp, staff_with_totp
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory
from workfair.support.demo import load_help_centre
from workfair.support.models import Ticket

pytestmark = pytest.mark.browser


def check_widths(page: Any, name: str) -> None:
    """No horizontal overflow at 390 px; screenshots at both widths when asked for."""
    folder = os.environ.get("WORKFAIR_SCREENSHOTS")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
        if folder:
            page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_person_searches_help_opens_a_ticket_and_sees_the_staff_answer(page: Any, make_page: Any) -> None:
    load_help_centre()
    ClientFactory(email="carla@example.com")

    page.goto("/")
    page.locator("footer").get_by_role("link", name="Help centre").click()
    page.wait_for_url("**/help/")
    page.locator("#help-q").press_sequentially("when can I withdraw", delay=5)
    page.locator("#help-results").get_by_role("link", name="When can I withdraw my earnings?").wait_for()
    check_widths(page, "help")

    log_in(page, email="carla@example.com", password=DEFAULT_PASSWORD)
    page.goto("/support/tickets/new/")
    page.locator("#id_subject").press_sequentially("My phone verification code never arrives", delay=5)
    page.locator("#ticket-suggestions").get_by_role("link", name="How do I verify my phone number?").wait_for()
    page.select_option("#id_category", "verification")
    page.fill("#id_body", "I asked three times for the text message and nothing came.")
    page.get_by_role("button", name="Send to support").click()
    page.wait_for_url("**/support/tickets/*/")
    ticket = Ticket.objects.get()
    assert "a first answer is due by" in page.get_by_role("main").inner_text()
    check_widths(page, "ticket")

    staff = make_page()
    log_in_with_totp(staff, staff_with_totp())
    staff.goto("/console/support/")
    staff.get_by_role("link", name=f"#{ticket.pk} My phone verification code never arrives").wait_for()
    assert "left" in staff.locator("tbody tr").first.inner_text()
    check_widths(staff, "console-queue")
    staff.get_by_role("link", name=f"#{ticket.pk} My phone verification code never arrives").click()
    staff.get_by_role("button", name="Thanks, looking into it").click()
    assert staff.locator("#id_body").input_value().startswith("Thank you for writing to us.")
    staff.fill("#id_body", "Please ask for a voice call instead: the text route to your carrier is slow today.")
    staff.get_by_role("button", name="Send answer").click()
    staff.get_by_text("Answer sent to carla@example.com.").wait_for()
    check_widths(staff, "console-ticket")

    page.reload()
    assert "Please ask for a voice call instead" in page.get_by_role("list", name="Conversation").inner_text()
    assert "Answered" in page.get_by_role("main").inner_text()
