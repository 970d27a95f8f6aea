"""Minding the store in headless Chromium: a freelancer sends the same letter to two jobs and is
warned on the form before the second; the client flags it as spam in one click; a moderator tosses
it from the console's spot-review queue, and it leaves the client's list.

Each page fits the window at 1280 and 390 pixels (no sideways scrolling); screenshots are kept in
the test's temporary folder, or in MINDING_SCREENSHOTS when set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.flows import log_in, log_in_with_totp, staff_with_totp
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.minding.models import LetterCheck
from workfair.minding.states import ReviewStatus
from workfair.trust.engine import forget_active_policy

pytestmark = pytest.mark.browser

FORM_LETTER = (
    "Hello, I am a highly skilled professional with over ten years of experience. I have completed "
    "hundreds of projects successfully and my clients always leave five star reviews. I can start right "
    "away and I guarantee top quality work delivered on time and within your budget. Please message me "
    "so we can discuss the details of your project. Looking forward to working with you."
)
TOSS_REASON = "The same form letter went to several unrelated jobs; it says nothing about this one."


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> Any:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    settings.WORKFAIR_MINDING = {"SAMPLE_RATE": 0.0}
    settings.MFA_TOTP_TOLERANCE = 1
    forget_active_policy()
    yield
    forget_active_policy()


def fits(page: Any, width: int, tmp_path: Path, name: str) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
    folder = Path(os.environ.get("MINDING_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def send_proposal(page: Any, job_id: int, letter: str) -> None:
    page.goto(f"/jobs/{job_id}/apply/")
    page.fill("#id_cover_letter", letter)
    page.fill("#id_amount", "300")


def test_a_form_letter_is_warned_flagged_and_tossed(make_page: Any, tmp_path: Path) -> None:
    client = ClientFactory(first_name="Carla", last_name="Client")
    freelancer = FreelancerFactory(first_name="Fred", last_name="Form", date_joined=clock.now() - dt.timedelta(days=90))
    django = JobFactory(
        client=client,
        title="Upgrade our Django 3.2 booking app to Django 5.2",
        description="Our booking app runs on Django 3.2 with Celery and PostgreSQL 12; upgrade it to 5.2.",
    )
    bakery = JobFactory(
        client=client,
        title="Logo and brand colours for an organic bakery",
        description="We are opening an organic bakery in Lyon and need a logo and a colour palette.",
    )
    moderator = staff_with_totp()

    sender = make_page()
    log_in(sender, email=freelancer.email, password=DEFAULT_PASSWORD)
    send_proposal(sender, django.pk, FORM_LETTER)
    sender.get_by_role("button", name="Send proposal").click()
    sender.wait_for_url("**/proposals/*/", timeout=30_000)  # the first letter check loads its libraries

    send_proposal(sender, bakery.pk, FORM_LETTER)
    warning = sender.locator("#letter-quality-check")
    warning.get_by_text("This letter looks generic").wait_for()
    assert "much like a letter you sent to another job" in warning.inner_text()
    for width in (1280, 390):
        fits(sender, width, tmp_path, "minding-form-warning")
    sender.set_viewport_size({"width": 1280, "height": 900})
    sender.get_by_role("button", name="Send proposal").click()
    sender.wait_for_url("**/proposals/*/", timeout=30_000)  # the first letter check loads its libraries
    tossed = LetterCheck.objects.get(proposal__job=bakery)
    assert tossed.review_status == ReviewStatus.QUEUED

    buyer = make_page()
    log_in(buyer, email=client.email, password=DEFAULT_PASSWORD)
    buyer.goto(f"/jobs/{bakery.pk}/proposals/")
    buyer.get_by_role("button", name="Flag the cover letter of Fred").click()
    buyer.get_by_text("Flagged as spam").wait_for()
    for width in (1280, 390):
        fits(buyer, width, tmp_path, "minding-client-list")
    assert LetterCheck.objects.get(pk=tossed.pk).spam_flags == 1

    staff = make_page()
    log_in_with_totp(staff, moderator)
    staff.goto("/console/spot-review/")
    card = staff.locator("article", has_text=f"Proposal #{tossed.proposal_id} on")
    assert "Flagged by the client" in card.inner_text()
    assert "Most alike" in card.inner_text()
    for width in (1280, 390):
        fits(staff, width, tmp_path, "minding-spot-review")
    staff.set_viewport_size({"width": 1280, "height": 900})
    card.get_by_label("Reason").fill(TOSS_REASON)
    card.get_by_role("button", name="Toss").click()
    staff.get_by_text("Letter tossed").wait_for()
    assert LetterCheck.objects.get(pk=tossed.pk).review_status == ReviewStatus.TOSSED

    buyer.goto(f"/jobs/{bakery.pk}/proposals/")
    assert "No proposals yet" in buyer.locator("table").inner_text()
    sender.goto("/notifications/")
    assert "was removed" in sender.content()
