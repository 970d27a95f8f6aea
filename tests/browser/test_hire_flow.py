"""The whole hiring path in headless Chromium, as two new people walk it in their own browsers.

The client signs up, adds a sandbox card and posts a job; the freelancer signs up, finds it by searching and sends a
proposal; the client opens the proposal, messages the freelancer (the interview) and makes a
fixed-price offer; the freelancer ticks the NDA and accepts; both see the active contract, and a
message sent by one appears on the other's open conversation page without a reload.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.browser.flows import sign_up_and_confirm
from workfair.contracts.models import NdaAcceptance
from workfair.contracts.queries import current_nda
from workfair.core.realtime import conversation_group
from workfair.jobs.tests.factories import CategoryFactory
from workfair.skills.actions import do_ensure_skills

pytestmark = pytest.mark.browser

JOB_TITLE = "Lighthouse tour booking site in Django"
JOB_DESCRIPTION = (
    "We run boat tours to a lighthouse and need online booking with a calendar, payments and "
    "reminders. Tell us how you would build it and what you would need from us."
)


def publish_nda_if_flushed() -> None:
    """Make sure NDA 1.0 is published. Its row comes from a data migration, and a transactional
    test that ran earlier on the same test worker may have flushed it."""
    from importlib import import_module

    from django.utils import timezone

    from workfair.contracts.models import NdaVersion

    migration = import_module("workfair.contracts.migrations.0003_nda_version_1_0")
    NdaVersion.objects.get_or_create(
        version="1.0", defaults={"text": migration.NDA_1_0, "published_at": timezone.now()}
    )


def wait_for_conversation_pages(conversation_id: int, count: int, timeout: float = 10.0) -> None:
    """Wait until `count` pages listen on the conversation's live channel (in-memory layer: the
    server shares this process, so its groups are visible here)."""
    from channels.layers import get_channel_layer

    groups = getattr(get_channel_layer(), "groups", None)
    if groups is None:  # another layer: give the pages a moment instead
        time.sleep(1.0)
        return
    deadline = time.monotonic() + timeout
    while len(groups.get(conversation_group(conversation_id), {})) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"fewer than {count} pages listen on conversation {conversation_id}")
        time.sleep(0.05)


def conversation_id_of(page: Any) -> int:
    match = re.search(r"/messages/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def send_message(page: Any, text: str) -> None:
    page.get_by_label("Message", exact=True).fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("#message-list .message-mine", has_text=text).wait_for()


def test_client_hires_a_freelancer_from_sign_up_to_a_live_contract_conversation(make_page: Any) -> None:
    CategoryFactory(name="Web Development", slug="web-development")
    do_ensure_skills(["Django", "PostgreSQL"])
    publish_nda_if_flushed()

    # The client signs up and posts a fixed-price job.
    client = make_page()
    sign_up_and_confirm(client, email="carmen@example.com", first_name="Carmen", last_name="Ortega", hire=True)
    # Offers need a verified payment method: the client adds the sandbox's test card.
    client.goto("/payments/cards/")
    client.get_by_label("Card number").fill("4242 4242 4242 4242")
    client.get_by_label("Expiry month").fill("12")
    client.get_by_label("Expiry year").fill("2040")
    client.get_by_label("Security code (CVC)").fill("123")
    client.get_by_role("button", name="Add and verify").click()
    client.get_by_text("Payment verified").first.wait_for()
    client.goto("/jobs/new/")
    client.get_by_label("Title").fill(JOB_TITLE)
    client.get_by_label("Description").fill(JOB_DESCRIPTION)
    client.get_by_label("Category").select_option(label="Web Development")
    client.get_by_label("Skills").select_option(label="Django")
    client.get_by_label("Fixed price").check()
    client.get_by_label("Fixed budget, or lowest hourly rate").fill("1500")
    client.get_by_label("Duration").select_option(label="1 to 3 months")
    client.get_by_role("button", name="Post job").click()
    client.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert client.get_by_role("heading", level=1).inner_text() == JOB_TITLE

    # The freelancer signs up, finds the job by searching and sends a proposal.
    freelancer = make_page()
    sign_up_and_confirm(freelancer, email="tomas@example.com", first_name="Tomas", last_name="Rivera", work=True)
    freelancer.goto("/jobs/")
    search = freelancer.get_by_role("search", name="Search jobs")
    search.get_by_role("textbox", name="Search").fill("lighthouse")
    search.get_by_role("button", name="Search").click()
    freelancer.get_by_role("link", name=JOB_TITLE).click()
    freelancer.wait_for_url(re.compile(r"/jobs/\d+/$"))
    freelancer.get_by_role("link", name="Apply").click()
    freelancer.get_by_label("Cover letter").fill(
        "I have built three booking systems in Django with payments and reminders; "
        "I would start with the calendar and show you a first version within a week."
    )
    freelancer.get_by_label("Your bid").fill("1400")
    freelancer.get_by_role("button", name=re.compile(r"^Send proposal")).click()
    freelancer.wait_for_url(re.compile(r"/proposals/\d+/$"))

    # The client opens the proposal and messages the freelancer: the interview.
    client.get_by_role("link", name="Proposals").click()
    client.get_by_role("link", name="Tomas R.").click()
    client.get_by_role("button", name="Message Tomas R.").click()
    client.wait_for_url(re.compile(r"/messages/\d+/$"))
    interview_id = conversation_id_of(client)
    send_message(client, "Hello Tomas, are you free for a short interview on Monday?")

    # The freelancer answers from their inbox; the client's open page shows it live.
    freelancer.goto("/messages/")
    freelancer.get_by_role("link", name="Carmen O.").click()
    freelancer.wait_for_url(f"**/messages/{interview_id}/")
    wait_for_conversation_pages(interview_id, 2)
    send_message(freelancer, "Yes, Monday at ten works for me.")
    client.locator("#message-list .message", has_text="Monday at ten").wait_for()

    # The client makes a fixed-price offer with one milestone.
    client.go_back()
    client.wait_for_url(re.compile(r"/proposals/\d+/$"))
    client.get_by_role("link", name="Make an offer").click()
    client.get_by_label("Fixed price").check()
    client.get_by_label("Milestone 1 title").fill("Booking calendar and payments")
    client.get_by_label("Milestone 1 amount").fill("1400")
    client.get_by_role("button", name="Send offer").click()
    client.wait_for_url(re.compile(r"/offers/\d+/$"))

    # The freelancer reads the NDA, ticks it and accepts: the contract starts.
    freelancer.goto("/offers/")
    freelancer.get_by_role("link", name=re.compile(JOB_TITLE)).first.click()
    nda = current_nda()
    freelancer.get_by_role("heading", name=f"Platform NDA, version {nda.version}").wait_for()
    freelancer.get_by_label(f"I accept the NDA v{nda.version}").check()
    freelancer.get_by_role("button", name="Accept the offer").click()
    freelancer.wait_for_url(re.compile(r"/contracts/\d+/$"))
    contract_path = re.search(r"/contracts/\d+/$", freelancer.url).group(0)  # type: ignore[union-attr]
    assert freelancer.get_by_role("heading", level=1).inner_text() == f"Contract: {JOB_TITLE}"
    assert "Active" in freelancer.get_by_role("main").inner_text()

    acceptance = NdaAcceptance.objects.select_related("user", "nda_version", "contract").get()
    assert acceptance.user.email == "tomas@example.com"
    assert acceptance.nda_version == nda
    assert acceptance.contract.status == "active"
    assert acceptance.accepted_at is not None

    # The client sees the same active contract in their list.
    client.goto("/contracts/")
    client.get_by_role("link", name=JOB_TITLE).first.click()
    client.wait_for_url(f"**{contract_path}")
    assert "Active" in client.get_by_role("main").inner_text()

    # Both open the contract conversation; a message from one appears live for the other.
    client.get_by_role("link", name="Open the contract conversation").click()
    client.wait_for_url(re.compile(r"/messages/\d+/$"))
    contract_conversation_id = conversation_id_of(client)
    freelancer.get_by_role("link", name="Open the contract conversation").click()
    freelancer.wait_for_url(f"**/messages/{contract_conversation_id}/")
    wait_for_conversation_pages(contract_conversation_id, 2)

    send_message(freelancer, "Thanks for the contract! I will share the first calendar on Thursday.")
    client.locator("#message-list .message", has_text="first calendar on Thursday").wait_for()
    send_message(client, "Great, looking forward to it.")
    freelancer.locator("#message-list .message", has_text="looking forward to it").wait_for()

    # Money: the client funds the milestone (the fees shown first), the freelancer submits, the
    # client approves, and the freelancer sees the money pending on the money page.
    client.goto(contract_path)
    assert "You'll pay $1,470.00" in client.get_by_role("main").inner_text()
    client.get_by_role("button", name="Fund $1,400.00 into escrow").click()
    client.get_by_text("is funded: the money is in escrow").wait_for()
    freelancer.goto(contract_path)
    assert "You'll receive $1,260.00" in freelancer.get_by_role("main").inner_text()
    freelancer.get_by_role("button", name="Submit work").click()
    freelancer.get_by_text("Your work was submitted.").wait_for()
    client.goto(contract_path)
    client.get_by_role("button", name="Approve and release").click()
    client.get_by_text("The milestone is approved.").wait_for()
    freelancer.goto("/money/")
    assert "$1,260.00" in freelancer.locator(".stats").inner_text()
