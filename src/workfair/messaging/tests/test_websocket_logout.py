"""Log-out closes the live sockets the session opened (issue 10, item 10): a signed-out browser
stops receiving messages and unread counts at once; the person's other sessions keep theirs."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from workfair.core.realtime import CLOSE_SESSION_ENDED
from workfair.messaging.actions import do_send_message


async def _socket(browser: Client, path: str) -> WebsocketCommunicator:
    from config.asgi import application

    headers = [
        (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode()),
        (b"origin", b"http://testserver"),
    ]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_logout_closes_the_sessions_sockets_and_only_those(
    conversation: Any, client_user: Any, freelancer_user: Any
) -> None:
    laptop, phone = Client(), Client()
    await database_sync_to_async(laptop.force_login)(freelancer_user)
    await database_sync_to_async(phone.force_login)(freelancer_user)
    conversation_path = f"/ws/conversations/{conversation.pk}/"
    laptop_conversation = await _socket(laptop, conversation_path)
    laptop_badges = await _socket(laptop, "/ws/notifications/")
    phone_conversation = await _socket(phone, conversation_path)

    logged_out = await database_sync_to_async(laptop.post)("/accounts/logout/")
    assert logged_out.status_code == 302

    for socket in (laptop_conversation, laptop_badges):
        closed = await socket.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}
    # The phone's session is still signed in: its socket stays and still gets messages.
    assert await phone_conversation.receive_nothing(timeout=0.2)
    await database_sync_to_async(do_send_message)(actor=client_user, conversation=conversation, body="Still here?")
    assert (await phone_conversation.receive_json_from(timeout=2))["message"]["body"] == "Still here?"
    await phone_conversation.disconnect()
