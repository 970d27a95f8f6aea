"""The conversation guard seen through the browser: warn as you type, mask before a contract,
deliver as written once the contract has started."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.flows import log_in
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.contracts.tests.factories import proposal_for, started_contract
from workfair.core import clock
from workfair.messaging.tests.factories import ConversationFactory

pytestmark = pytest.mark.browser

PHONE_IN_WORDS = "Call me on nine two two six six four one zero eight two"
WARNING = "This looks like a phone number. Sharing contact details before a contract starts is not allowed"


def test_phone_in_words_warns_is_masked_before_a_contract_and_goes_through_after(page: Any, make_page: Any) -> None:
    month_ago = clock.now() - dt.timedelta(days=30)
    client = ClientFactory(email="carla@example.com", date_joined=month_ago)
    freelancer = FreelancerFactory(email="fred@example.com", date_joined=month_ago)
    conversation = ConversationFactory(client=client, freelancer=freelancer)

    log_in(page, email="fred@example.com", password=DEFAULT_PASSWORD)
    page.goto(f"/messages/{conversation.pk}/")
    page.locator("#message-body").press_sequentially(PHONE_IN_WORDS, delay=5)
    warning = page.locator("#message-check")
    warning.filter(has_text=WARNING).wait_for()  # before sending
    assert warning.get_attribute("role") == "status"
    page.get_by_role("button", name="Send").click()
    note = page.locator(".message-mine .message-status-note").last
    note.wait_for()
    assert note.inner_text() == "Contact details were hidden: sharing them before a contract starts is not allowed."
    assert warning.inner_text() == ""  # the warning goes with the sent text

    other = make_page()
    log_in(other, email="carla@example.com", password=DEFAULT_PASSWORD)
    other.goto(f"/messages/{conversation.pk}/")
    received = other.locator(".message:not(.message-mine)")
    assert received.last.inner_text().count("Call me on [contact details hidden]") == 1
    assert "nine two two" not in other.content()

    started_contract(proposal_for(client=client, freelancer=freelancer))
    page.goto(f"/messages/{conversation.pk}/")
    page.locator("#message-body").press_sequentially(PHONE_IN_WORDS, delay=5)
    page.get_by_role("button", name="Send").click()
    page.locator(".message-mine").nth(1).wait_for()

    other.goto(f"/messages/{conversation.pk}/")
    assert PHONE_IN_WORDS in other.locator(".message:not(.message-mine)").last.inner_text()


PAYPAL_OFFER = "Can I pay you with PayPal instead? My paypal is jane.doe@gmail.com, we save the fee"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_warning_box_says_one_sentence_per_problem(page: Any, width: int, tmp_path: Any) -> None:
    # Issue 13 item 6: a PayPal offer with its account showed four contradictory lines
    month_ago = clock.now() - dt.timedelta(days=30)
    client = ClientFactory(email="carla@example.com", date_joined=month_ago)
    freelancer = FreelancerFactory(email="fred@example.com", date_joined=month_ago)
    conversation = ConversationFactory(client=client, freelancer=freelancer)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, email="fred@example.com", password=DEFAULT_PASSWORD)
    page.goto(f"/messages/{conversation.pk}/")
    page.locator("#message-body").fill(PAYPAL_OFFER)
    page.locator("#message-body").dispatch_event("change")
    warning = page.locator("#message-check")
    warning.filter(has_text="offer to pay outside Workfair").wait_for()
    lines = warning.locator("p").all_inner_texts()
    assert lines == [
        "This looks like an offer to pay outside Workfair. Payments happen only through Workfair, even during "
        "a contract; it will be held for review.",
        "This looks like payment details. Payments happen only through Workfair, even during a contract; "
        "it will be held for review.",
    ]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"warning-{width}.png"), full_page=False)
