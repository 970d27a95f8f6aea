"""The live chat socket (Channels, in-memory layer): status and backlog on connect, resume after a
dropped connection with neither loss nor repeats, live delivery both ways, strangers refused."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from workfair.accounts.tests.factories import ClientFactory
from workfair.support.actions import do_send_chat_message, do_set_agent_availability, do_start_chat
from workfair.support.models import ChatMessage
from workfair.support.routing import websocket_urlpatterns
from workfair.trust.tests.factories import StaffFactory

ws_application = URLRouter(websocket_urlpatterns)


def _as(user: Any) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await ws_application({**scope, "user": user}, receive, send)

    return app


async def _connect(user: Any, path: str) -> tuple[WebsocketCommunicator, bool, Any]:
    communicator = WebsocketCommunicator(_as(user), path)
    connected, code = await communicator.connect()
    return communicator, connected, code


def _setup() -> tuple[Any, Any, Any]:
    agent = StaffFactory()
    do_set_agent_availability(actor=agent, available=True, capacity=2)
    user = ClientFactory()
    session = do_start_chat(actor=user, body="first")
    return agent, user, session


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_reconnecting_after_a_drop_gets_exactly_the_missed_messages() -> None:
    agent, user, session = await database_sync_to_async(_setup)()
    path = f"/ws/support/chat/{session.pk}/"

    person, connected, _ = await _connect(user, f"{path}?after=0")
    assert connected
    status = await person.receive_json_from(timeout=2)
    assert (status["type"], status["status"], status["agent_name"]) == ("chat.status", "active", agent.public_name)
    backlog = await person.receive_json_from(timeout=2)
    assert (backlog["message"]["seq"], backlog["message"]["body"]) == (1, "first")

    staff, connected, _ = await _connect(agent, f"{path}?after=1")
    assert connected
    await staff.receive_json_from(timeout=2)  # status; nothing after seq 1
    assert await staff.receive_nothing(timeout=0.1)

    await staff.send_json_to({"type": "send", "body": "Hello, I am here.", "client_id": "a-1"})
    live = await person.receive_json_from(timeout=2)
    assert (live["message"]["seq"], live["message"]["from_staff"]) == (2, True)
    assert (await staff.receive_json_from(timeout=2))["message"]["seq"] == 2

    # The person's connection drops; the agent writes twice meanwhile.
    await person.disconnect()
    await database_sync_to_async(do_send_chat_message)(actor=agent, session=session, body="Still there?")
    await database_sync_to_async(do_send_chat_message)(actor=agent, session=session, body="Your payout is sent.")

    person, connected, _ = await _connect(user, f"{path}?after=2")
    assert connected
    await person.receive_json_from(timeout=2)  # status
    missed = [await person.receive_json_from(timeout=2) for _ in range(2)]
    assert [(m["message"]["seq"], m["message"]["body"]) for m in missed] == [
        (3, "Still there?"),
        (4, "Your payout is sent."),
    ]
    assert await person.receive_nothing(timeout=0.1)

    # A message the person sent just before the drop is sent again with its id: stored once.
    await person.send_json_to({"type": "send", "body": "Thanks!", "client_id": "u-9"})
    await person.send_json_to({"type": "send", "body": "Thanks!", "client_id": "u-9"})
    got = await person.receive_json_from(timeout=2)
    assert got["message"]["seq"] == 5
    assert await database_sync_to_async(ChatMessage.objects.filter(session=session, client_id="u-9").count)() == 1

    await person.send_json_to({"type": "send", "body": "  "})
    assert (await person.receive_json_from(timeout=2))["type"] == "error"
    await person.disconnect()
    await staff.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_strangers_and_visitors_are_refused_and_agents_hear_of_new_chats() -> None:
    agent, _, session = await database_sync_to_async(_setup)()
    stranger = await database_sync_to_async(ClientFactory)()
    _, connected, code = await _connect(stranger, f"/ws/support/chat/{session.pk}/")
    assert (connected, code) == (False, 4403)
    _, connected, code = await _connect(AnonymousUser(), f"/ws/support/chat/{session.pk}/")
    assert (connected, code) == (False, 4403)
    _, connected, code = await _connect(stranger, "/ws/support/agent/")
    assert (connected, code) == (False, 4403)

    desk, connected, _ = await _connect(agent, "/ws/support/agent/")
    assert connected
    newcomer = await database_sync_to_async(ClientFactory)()
    second = await database_sync_to_async(do_start_chat)(actor=newcomer, body="Hi")
    assert await desk.receive_json_from(timeout=2) == {"type": "chat.assigned", "session_id": second.pk}
    await desk.disconnect()
