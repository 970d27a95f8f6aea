"""Live chat in the browser: a person opens the chat panel and writes; the agent on shift in the
console gets the chat, answers, transfers it to a colleague, who answers and ends it; the person
sees the answers live, the new agent's name and the end, and gets the transcript by e-mail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.flows import log_in, log_in_with_totp, staff_with_totp
from tests.browser.test_support_flow import check_widths
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory

pytestmark = pytest.mark.browser


def test_a_person_chats_with_an_agent_who_answers_and_ends_it(page: Any, make_page: Any, mailoutbox: Any) -> None:
    ClientFactory(email="carla@example.com")
    agent = make_page()
    log_in_with_totp(agent, staff_with_totp(first_name="Agnes"))
    agent.goto("/console/support/chat/")
    agent.check("input[name=available]")
    agent.get_by_role("button", name="Save").click()
    agent.get_by_text("No chat is with you now.").wait_for()

    log_in(page, email="carla@example.com", password=DEFAULT_PASSWORD)
    page.get_by_text("Chat with support").click()
    page.fill("#chat-input", "My withdrawal is pending, why?")
    page.locator(".chat-box").get_by_role("button", name="Send").click()
    page.locator(".chat-box [data-chat-status]").filter(has_text="You are chatting with").wait_for()
    page.locator(".chat-log .message-mine").filter(has_text="My withdrawal is pending, why?").wait_for()

    # The agent's page reloads when the chat is routed to them.
    chat = agent.locator("[data-chat]").first
    chat.locator(".chat-log .message").filter(has_text="My withdrawal is pending, why?").wait_for()
    assert "carla@example.com" in chat.inner_text()
    chat.locator("textarea").fill("A first withdrawal is held 3 days as a safety check.")
    chat.get_by_role("button", name="Send").click()

    page.locator(".chat-log .message:not(.message-mine)").filter(has_text="held 3 days").wait_for()
    check_widths(page, "chat-panel")
    check_widths(agent, "agent-workspace")

    colleague = make_page()
    log_in_with_totp(colleague, staff_with_totp(first_name="Boris"))
    colleague.goto("/console/support/chat/")
    colleague.check("input[name=available]")
    colleague.get_by_role("button", name="Save").click()
    colleague.get_by_text("No chat is with you now.").wait_for()
    agent.reload()
    agent.locator("[data-chat]").first.get_by_role("button", name="Transfer").click()
    agent.get_by_text("Chat handed to Boris").wait_for()
    page.locator(".chat-box [data-chat-status]").filter(has_text="You are chatting with Boris").wait_for()
    chat = colleague.locator("[data-chat]").first  # the colleague's workspace reloads with it
    chat.locator(".chat-log .message").filter(has_text="held 3 days").wait_for()
    chat.locator("textarea").fill("Boris here: it leaves on Thursday.")
    chat.get_by_role("button", name="Send").click()
    page.locator(".chat-log .message:not(.message-mine)").filter(has_text="Boris here").wait_for()
    chat.get_by_role("button", name="End chat").click()
    page.locator(".chat-box [data-chat-status]").filter(has_text="This chat has ended").wait_for()
    assert any("held 3 days" in m.body and "Boris here" in m.body for m in mailoutbox)
