"""Your data from the account settings page, in headless Chromium: a person prepares and downloads
their data export (a ZIP holding their account), then deletes their account with their password;
after the grace period the account is erased and the browser's session no longer works. The
settings pages fit 1280 and 390 px (screenshots kept in the test's temporary directory)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from typing import Any, cast

import pytest

from tests.browser.test_newcomer_pages import OVERFLOW, WIDTHS
from workfair.accounts import actions
from workfair.accounts.models import AccountDeletion, User
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, FreelancerFactory
from workfair.core import clock
from workfair.profiles.tests.factories import FreelancerProfileFactory

pytestmark = pytest.mark.browser


def _log_in(page: Any, user: User) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("form:has(input[name=password])").locator("button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _fits(page: Any, path: str, tmp_path: Any, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.get_by_role("heading", level=1).wait_for()
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        sizes = page.evaluate(OVERFLOW)
        assert sizes["scroll"] <= sizes["viewport"], (name, width, sizes)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_person_downloads_their_data_then_deletes_their_account(page: Any, tmp_path: Any) -> None:
    jane = cast(User, FreelancerFactory(email="jane.export@example.com", first_name="Jane"))
    FreelancerProfileFactory(user=jane, title="Accessible front-end work")
    _log_in(page, jane)

    page.goto("/settings/")
    page.get_by_role("button", name="Prepare my data").click()
    page.get_by_text("We are preparing your data").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("workfair-data-")
    with zipfile.ZipFile(download.path()) as archive:
        account = json.loads(archive.read("account.json"))
        profiles = json.loads(archive.read("profiles.json"))
    assert account["account"]["email"] == "jane.export@example.com"
    assert profiles["freelancer_profile"]["title"] == "Accessible front-end work"

    _fits(page, "/settings/", tmp_path, "settings")
    _fits(page, "/settings/delete/", tmp_path, "delete-account")

    page.goto("/settings/")
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your password is wrong.").wait_for()
    assert not AccountDeletion.objects.exists()

    page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_role("button", name="Keep my account").wait_for()
    page.get_by_text("Your account will be deleted on").first.wait_for()

    with clock.frozen_at(clock.now() + dt.timedelta(days=15)):
        assert actions.do_erase_due_accounts() == 1
    assert User.objects.get(pk=jane.pk).email == f"erased-{jane.pk}@erased.invalid"
    page.goto("/settings/")
    page.wait_for_url("**/accounts/login/**")  # the session ended with the account
