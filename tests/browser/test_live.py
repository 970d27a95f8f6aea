"""The live server speaks websockets: pages connect, and events reach other people's open pages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.flows import log_in, wait_until_live
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.messaging.tests.factories import ConversationFactory

pytestmark = pytest.mark.browser

OPEN_NOTIFICATIONS_SOCKET = """() => new Promise((resolve) => {
  const socket = new WebSocket(`ws://${location.host}/ws/notifications/`);
  socket.onopen = () => { socket.close(); resolve("open"); };
  socket.onclose = () => resolve("closed");
})"""


def test_signed_in_page_opens_a_websocket_and_a_visitor_cannot(page: Any, make_page: Any) -> None:
    ClientFactory(email="carla@example.com")
    log_in(page, email="carla@example.com", password=DEFAULT_PASSWORD)
    visitor = make_page()
    visitor.goto("/")

    assert page.evaluate(OPEN_NOTIFICATIONS_SOCKET) == "open"
    assert visitor.evaluate(OPEN_NOTIFICATIONS_SOCKET) == "closed"


def test_message_sent_by_one_person_updates_the_others_unread_badge_without_reload(page: Any, make_page: Any) -> None:
    client = ClientFactory(email="carla@example.com")
    freelancer = FreelancerFactory(email="fred@example.com")
    conversation = ConversationFactory(client=client, freelancer=freelancer)
    log_in(page, email="carla@example.com", password=DEFAULT_PASSWORD)
    badge = page.get_by_role("navigation", name="Main").locator('[data-live-count="messages"]')
    assert badge.is_hidden()
    wait_until_live(client.pk)

    other = make_page()
    log_in(other, email="fred@example.com", password=DEFAULT_PASSWORD)
    other.goto(f"/messages/{conversation.pk}/")
    other.fill("#message-body", "Hello Carla, I can start on Monday.")
    other.get_by_role("button", name="Send").click()

    badge.wait_for(state="visible")
    assert badge.inner_text() == "1"
