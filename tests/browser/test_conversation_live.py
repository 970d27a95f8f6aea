"""The conversation page in a real browser: a message sent by one person appears live for the other."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.flows import log_in
from workfair.accounts.tests.factories import DEFAULT_PASSWORD
from workfair.core.realtime import conversation_group

pytestmark = pytest.mark.browser


@pytest.fixture
def client_user(transactional_db: None) -> Any:
    from workfair.accounts.tests.factories import ClientFactory

    return ClientFactory(first_name="Carla", last_name="Client")


@pytest.fixture
def freelancer_user(transactional_db: None) -> Any:
    from workfair.accounts.tests.factories import FreelancerFactory

    return FreelancerFactory(first_name="Fred", last_name="Lancer")


@pytest.fixture
def conversation(client_user: Any, freelancer_user: Any) -> Any:
    from workfair.messaging.tests.factories import ConversationFactory

    return ConversationFactory(client=client_user, freelancer=freelancer_user, subject="Landing page for Acme")


def _wait_for_socket(conversation_id: int, count: int, timeout: float = 5.0) -> None:
    from channels.layers import get_channel_layer

    groups = getattr(get_channel_layer(), "groups", {})
    deadline = time.monotonic() + timeout
    while len(groups.get(conversation_group(conversation_id), {})) < count:
        if time.monotonic() > deadline:
            raise AssertionError("the conversation page did not open its websocket")
        time.sleep(0.05)


def test_message_appears_live_for_the_other_person_and_refusals_show_above_the_form(
    make_page: Any,
    conversation: Any,
    client_user: Any,
    freelancer_user: Any,
) -> None:
    freelancer_page = make_page()
    log_in(freelancer_page, email=freelancer_user.email, password=DEFAULT_PASSWORD)
    freelancer_page.goto(f"/messages/{conversation.pk}/")
    client_page = make_page()
    log_in(client_page, email=client_user.email, password=DEFAULT_PASSWORD)
    client_page.goto(f"/messages/{conversation.pk}/")
    _wait_for_socket(conversation.pk, 2)

    client_page.get_by_label("Message", exact=True).fill("Hello Fred,\nare you free on Monday?")
    client_page.get_by_role("button", name="Send").click()

    mine = client_page.locator("#message-list .message-mine")
    mine.wait_for()
    assert "are you free on Monday?" in mine.inner_text()
    assert client_page.get_by_label("Message", exact=True).input_value() == ""
    theirs = freelancer_page.locator("#message-list .message")
    theirs.wait_for()
    assert "Hello Fred," in theirs.inner_text()
    assert client_user.public_name in theirs.inner_text()
    # The page marked it read as it arrived: the freelancer has nothing unread.
    deadline = time.monotonic() + 5
    from workfair.messaging.queries import unread_total

    while unread_total(freelancer_user) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert unread_total(freelancer_user) == 0
    # One copy only on the sender's page, though it came back over the websocket too.
    assert client_page.locator("#message-list .message").count() == 1

    client_page.get_by_role("button", name="Send").click()

    client_page.locator("#send-errors .flash-error").wait_for()
    assert "Write a message" in client_page.locator("#send-errors").inner_text()
    assert client_page.locator("#message-list .message").count() == 1
