"""The pages a newcomer meets in the trust flows, in headless Chromium at 1280 and 390 px: the
dashboard's getting-started checklist, an offer that cannot be accepted yet (what to do, with its
link), a held proposal as its freelancer sees it, and a reported message's case in the console.
Each fits the viewport (no element wider than the window), and a screenshot of each is kept in the
test's temporary directory."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.flows import OVERFLOW, log_in, log_in_with_totp, staff_with_totp
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.contracts.tests.factories import fixed_offer
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory
from workfair.proposals.actions import do_submit_proposal
from workfair.proposals.tests.factories import COVER_LETTER, ProposalFactory
from workfair.trust.actions import do_file_report
from workfair.trust.engine import forget_active_policy
from workfair.trust.models import AccountStanding

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


@pytest.fixture(autouse=True)
def _trust_defaults(settings: Any) -> Any:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    settings.MFA_TOTP_TOLERANCE = 1
    forget_active_policy()
    yield
    forget_active_policy()


def _fits_at_each_width(page: Any, path: str, name: str, tmp_path: Any, heading: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.get_by_role("heading", name=heading).first.wait_for()
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        sizes = page.evaluate(OVERFLOW)
        assert sizes["scroll"] <= sizes["viewport"], (name, width, sizes)
        assert sizes["widest"] <= sizes["viewport"], (name, width, sizes)


def test_a_freelancer_meets_the_checklist_the_offer_requirement_and_a_held_proposal(page: Any, tmp_path: Any) -> None:
    freelancer = FreelancerFactory()
    AccountStanding.objects.create(user=freelancer, verification_required=True, updated_at=clock.now())
    client = ClientFactory()
    offer = fixed_offer(ProposalFactory(job=JobFactory(client=client), freelancer=freelancer))
    letter = COVER_LETTER + " Mail me at jane.smith@gmail.com or call +44 7700 900123."
    held = do_submit_proposal(actor=freelancer, job=JobFactory(client=client), amount=10_000, cover_letter=letter)
    log_in(page, email=freelancer.email, password=DEFAULT_PASSWORD)

    _fits_at_each_width(page, "/dashboard/", "dashboard-checklist", tmp_path, "Getting started")
    assert page.locator("#checklist-identity").get_by_text("Needed now").is_visible()

    _fits_at_each_width(page, f"/offers/{offer.pk}/", "offer-requirement", tmp_path, "Before you can accept this offer")
    page.get_by_label("I accept the NDA v1.0").check()
    page.get_by_role("button", name="Accept the offer").click()
    page.get_by_role("heading", name="Before you can accept this offer").wait_for()
    assert page.get_by_role("link", name="/account/verification/").is_visible()

    _fits_at_each_width(page, f"/proposals/{held.pk}/", "held-proposal", tmp_path, "Proposal:")
    assert page.locator("#proposal-hold").is_visible()


def test_a_moderator_reads_a_reported_message_in_its_thread(page: Any, tmp_path: Any) -> None:
    conversation = ConversationFactory()
    for n in range(6):
        MessageFactory(conversation=conversation, body=f"Earlier message {n} about the logo and its colours.")
    reported = MessageFactory(conversation=conversation, sender=conversation.freelancer,
                              body="Send the deposit to my own account first, then I start.")  # fmt: skip
    report = do_file_report(actor=conversation.client, target_type="message", target_id=reported.pk,
                            reason="scam", note="He wants money before any contract.")  # fmt: skip
    log_in_with_totp(page, staff_with_totp())
    _fits_at_each_width(page, f"/console/cases/{report.case.pk}/", "console-case", tmp_path, "Reports (1)")
    assert page.get_by_text("He wants money before any contract.").is_visible()
    assert page.locator("#case-target").get_by_text("Send the deposit to my own account first").first.is_visible()
