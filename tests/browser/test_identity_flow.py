"""Identity verification from sign-up to the badge, in headless Chromium.

A new freelancer signs up, verifies a phone number with the code the console provider "sent",
photographs both sides of an identity card and a selfie (pictures generated to pass the automatic
checks), and waits in review. A moderator signed in with TOTP opens the review in the console,
sees the three pictures side by side and approves. The agent opens a video slot, the freelancer
books it, the agent runs the call with the checklist and records a pass; the freelancer's public
profile then shows "Identity verified"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.flows import log_in_with_totp, sign_up_and_confirm, staff_with_totp
from tests.browser.identity_flows import (
    book_first_video_slot,
    jpeg,
    open_review_of,
    open_video_slot,
    record_video_pass,
    send_documents,
    start_verification,
    upload_photo,
    verify_phone,
)
from workfair.accounts.models import User
from workfair.core import clock
from workfair.core.models import AuditLogEntry
from workfair.identity.models import VideoSlot
from workfair.identity.tests import imagegen
from workfair.identity.tests.factories import sealed_root  # noqa: F401 - fixture
from workfair.trust.engine import forget_active_policy

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sealed_root")]

EMAIL = "ines.duarte@example.com"


@pytest.fixture(autouse=True)
def _defaults(settings: Any) -> Any:
    """The shipped policy, no random quality sampling, the console phone provider, and a TOTP step
    that accepts the neighbouring 30-second code (a code typed as its period ends still works)."""
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0}
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console",
                                  "VERIFICATION_PROVIDER": "workfair"}  # fmt: skip
    settings.MFA_TOTP_TOLERANCE = 1
    forget_active_policy()
    yield
    forget_active_policy()


def test_a_freelancer_goes_from_sign_up_to_identity_verified(make_page: Any) -> None:
    moderator = staff_with_totp(first_name="Mona", last_name="Reviewer")
    agent = staff_with_totp(first_name="Aldo", last_name="Agent")

    # The freelancer signs up and starts on the verification page: the phone comes first.
    person = make_page()
    sign_up_and_confirm(person, email=EMAIL, first_name="Ines", last_name="Duarte", work=True)
    person.goto("/account/verification/")
    person.get_by_role("heading", name="Verify your identity", level=1).wait_for()
    person.get_by_role("link", name="Verify your phone number").click()
    person.wait_for_url("**/account/phone/")
    verify_phone(person, "+44 7400 123456")

    # Both sides of an identity card and a selfie holding it.
    start_verification(person, document="National identity card", country="GB")
    upload_photo(person, label="Front of the document", content=jpeg(imagegen.document()), filename="front.jpg")
    upload_photo(person, label="Back of the document", content=jpeg(imagegen.document(with_face=False)),
                 filename="back.jpg")  # fmt: skip
    upload_photo(person, label="Selfie with the document", content=jpeg(imagegen.selfie_with_document()),
                 filename="selfie.jpg")  # fmt: skip
    person.wait_for_url("**/account/verification/")
    expiry = (clock.today() + dt.timedelta(days=3 * 365)).isoformat()
    send_documents(person, document_number="X1234567", expiry=expiry)
    person.get_by_role("heading", name="Your documents are with our team").wait_for()
    review_step = person.locator("li.step[data-step=review]")
    assert review_step.get_attribute("data-state") == "waiting"
    assert "Waiting for a reviewer" in review_step.inner_text()

    # The moderator reviews in the console: document front, back and selfie side by side.
    staff = make_page()
    log_in_with_totp(staff, moderator)
    open_review_of(staff, EMAIL)
    staff.get_by_role("heading", name="Document and selfie").wait_for()
    images = staff.locator("figure img")
    assert images.count() == 3
    for n in range(3):
        images.nth(n).wait_for()
        assert images.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
    boxes = [images.nth(n).bounding_box() for n in range(3)]
    assert all(b is not None for b in boxes)
    tops = {round(b["y"]) for b in boxes if b}
    lefts = [b["x"] for b in boxes if b]
    assert len(tops) == 1, f"the pictures are not side by side: {boxes}"
    assert lefts == sorted(lefts)
    assert "Ines Duarte" in staff.get_by_role("main").inner_text()
    staff.get_by_label("Reason for approving").select_option(index=0)
    staff.get_by_role("button", name="Approve").click()
    staff.get_by_text("Documents approved").wait_for()
    # Each picture shown was decrypted for this moderator, and that was written down.
    reads = AuditLogEntry.objects.filter(action="identity.sealed_read", actor_id=moderator.pk)
    assert {r.data["purpose"] for r in reads} >= {"document_front", "document_back", "selfie"}

    # The agent opens a slot for tomorrow; the freelancer books it.
    agent_page = make_page()
    log_in_with_totp(agent_page, agent)
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    open_video_slot(agent_page, day=tomorrow, start="09:00", end="09:15")
    book_first_video_slot(person)
    person.goto("/account/verification/")
    person.get_by_role("heading", name="Live video check", exact=True).wait_for()
    assert "Booked for" in person.get_by_role("main").inner_text()

    # The booked time comes (a pass cannot be recorded before the slot starts); the agent runs the
    # call with the checklist and records a pass.
    VideoSlot.objects.filter(bookings__isnull=False).update(starts_at=clock.now() - dt.timedelta(minutes=1))
    record_video_pass(agent_page, EMAIL)

    # The freelancer's public profile shows the badge.
    user = User.objects.get(email=EMAIL)
    person.goto(f"/freelancers/{user.pk}/")
    badges = person.get_by_role("list", name="Verifications").first
    badges.wait_for()
    assert "Identity verified" in badges.inner_text()
    person.goto("/account/verification/")
    person.get_by_role("heading", name="Your identity is verified").wait_for()
