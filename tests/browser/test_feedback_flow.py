"""Double-blind feedback in headless Chromium: a contract has ended; the client leaves feedback
through the form on the contract page; the freelancer's page shows nothing of it; the freelancer
writes theirs; both reviews appear on both pages and on the freelancer's public profile. The
form and the reviews fit a phone's width (390 px) as well as a desktop's (1280 px)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.flows import DEFAULT_PASSWORD, log_in
from workfair.feedback.tests.factories import ended_paid_contract
from workfair.profiles.tests.factories import ClientProfileFactory, FreelancerProfileFactory

pytestmark = pytest.mark.browser

CLIENT_TEXT = "Delivered a careful, well documented site two days early. Would hire again."
FREELANCER_TEXT = "A clear brief, quick answers and every milestone approved the same day."
WIDTHS = (1280, 390)


def publish_nda_if_flushed() -> None:
    from importlib import import_module

    from django.utils import timezone

    from workfair.contracts.models import NdaVersion

    migration = import_module("workfair.contracts.migrations.0003_nda_version_1_0")
    NdaVersion.objects.get_or_create(
        version="1.0", defaults={"text": migration.NDA_1_0, "published_at": timezone.now()}
    )


def fits(page: Any, width: int, tmp_path: Path, name: str) -> None:
    """No sideways scrolling at this width; a screenshot for a person to look at (kept in the
    test's temporary folder, or in FEEDBACK_SCREENSHOTS when set)."""
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = Path(os.environ.get("FEEDBACK_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def leave_feedback(page: Any, *, overall: int, criteria: int, text: str, work_again: str) -> None:
    section = page.locator("#feedback")
    section.locator("fieldset.star-field-big").locator(f"label[title='{overall} stars']").click()
    for fieldset in section.locator(".criteria-grid fieldset").all():
        fieldset.locator(f"label[title='{criteria} stars']").click()
    section.get_by_label("Your feedback in words").fill(text)
    section.get_by_label(work_again, exact=True).check()
    section.get_by_label("How likely are you to recommend them?").select_option("9")
    section.get_by_role("button", name="Leave feedback").click()
    page.get_by_text("Thank you: your feedback is saved.").wait_for()


def test_both_sides_review_and_neither_sees_the_other_first(make_page: Any, tmp_path: Path) -> None:
    publish_nda_if_flushed()
    contract = ended_paid_contract()
    FreelancerProfileFactory(user=contract.freelancer)
    ClientProfileFactory(user=contract.client)
    for person in (contract.client, contract.freelancer):  # built through sub-factories: set it here
        person.set_password(DEFAULT_PASSWORD)
        person.save(update_fields=["password"])
    url = f"/contracts/{contract.pk}/"

    client_page = make_page()
    log_in(client_page, email=contract.client.email, password=DEFAULT_PASSWORD)
    client_page.goto(url)
    client_page.get_by_role("heading", name="Feedback", exact=True).wait_for()
    for width in WIDTHS:
        fits(client_page, width, tmp_path, "form")
    client_page.set_viewport_size({"width": 1280, "height": 900})
    leave_feedback(client_page, overall=5, criteria=4, text=CLIENT_TEXT, work_again="Yes")
    assert client_page.get_by_text("Your feedback stays hidden").is_visible()

    freelancer_page = make_page()
    log_in(freelancer_page, email=contract.freelancer.email, password=DEFAULT_PASSWORD)
    freelancer_page.goto(url)
    assert CLIENT_TEXT not in freelancer_page.content()
    freelancer_page.goto(f"/freelancers/{contract.freelancer_id}/")
    assert CLIENT_TEXT not in freelancer_page.content()
    assert freelancer_page.get_by_text("No reviews yet").first.is_visible()

    freelancer_page.goto(url)
    leave_feedback(freelancer_page, overall=4, criteria=5, text=FREELANCER_TEXT, work_again="Yes")
    assert freelancer_page.get_by_text(CLIENT_TEXT).is_visible()
    for width in WIDTHS:
        fits(freelancer_page, width, tmp_path, "revealed")

    client_page.reload()
    assert client_page.get_by_text(FREELANCER_TEXT).is_visible()
    client_page.goto(f"/freelancers/{contract.freelancer_id}/")
    assert client_page.get_by_text("from 1 review").first.is_visible()
    assert client_page.get_by_text(CLIENT_TEXT).is_visible()
    for width in WIDTHS:
        fits(client_page, width, tmp_path, "profile")
