"""Receipts, statements and the reconciliation page in headless Chromium: the client follows the
money page's history link to the receipt of a charge, the freelancer to the statement of a release,
each downloads its PDF; staff with two-factor compare a day on the console. Each page fits a
phone's width (390 px) as well as a desktop's (1280 px)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.flows import log_in_with_totp, staff_with_totp
from tests.browser.test_feedback_flow import publish_nda_if_flushed

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def fits(page: Any, tmp_path: Path, name: str) -> None:
    """No sideways scrolling at either width; screenshots for a person to look at (in the test's
    temporary folder, or in MONEY_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("MONEY_SCREENSHOTS") or tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in_as(page: Any, user: Any) -> None:
    from workfair.accounts.tests.factories import DEFAULT_PASSWORD

    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("form:has(input[name=password])").locator("button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_receipt_statement_and_reconciliation_pages(make_page: Any, tmp_path: Path) -> None:
    from workfair.contracts.tests.factories import started_contract
    from workfair.payments.models import ProcessorRecord
    from workfair.payments.tests.flows import fund, milestones, release

    publish_nda_if_flushed()
    contract = started_contract()
    milestone = milestones(contract)[0]
    fund(contract, milestone)
    release(contract, milestone)

    client_page = make_page()
    log_in_as(client_page, contract.client)
    client_page.goto("/money/")
    client_page.get_by_role("link", name="Receipt").first.click()
    client_page.wait_for_url("**/money/receipts/*/")
    assert client_page.get_by_role("heading", name="Payment receipt").is_visible()
    assert client_page.get_by_text("$105.00").is_visible()
    fits(client_page, tmp_path, "receipt")
    with client_page.expect_download() as download:
        client_page.get_by_role("link", name="Download PDF").click(modifiers=["Alt"])
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    freelancer_page = make_page()
    log_in_as(freelancer_page, contract.freelancer)
    freelancer_page.goto("/money/")
    freelancer_page.get_by_role("link", name="Statement").first.click()
    freelancer_page.wait_for_url("**/money/statements/*/")
    assert freelancer_page.get_by_role("heading", name="Earnings statement").is_visible()
    assert freelancer_page.get_by_text("$90.00").is_visible()
    fits(freelancer_page, tmp_path, "statement")

    ProcessorRecord.objects.filter(kind="charge").update(amount=1)  # a difference to list
    staff_page = make_page()
    log_in_with_totp(staff_page, staff_with_totp())
    staff_page.goto("/console/")
    staff_page.get_by_role("link", name="Money").click()
    staff_page.wait_for_url("**/console/payments/reconciliation/")
    staff_page.get_by_role("button", name="Compare").click()  # yesterday: nothing
    assert staff_page.get_by_text("no differences").is_visible()
    from django.utils import timezone

    from workfair.core import clock

    staff_page.goto(f"/console/payments/reconciliation/?date={timezone.localdate(clock.now()).isoformat()}")
    assert staff_page.get_by_role("cell", name="Amounts differ").is_visible()
    fits(staff_page, tmp_path, "reconciliation")
