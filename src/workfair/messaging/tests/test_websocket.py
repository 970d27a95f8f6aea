"""Live delivery over websockets (Channels, in-memory layer)."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.core.realtime import conversation_group
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Participant
from workfair.messaging.routing import websocket_urlpatterns

ws_application = URLRouter(websocket_urlpatterns)


def _as(user: Any) -> Any:
    """The websocket routes with `user` in the scope, as AuthMiddlewareStack would put it."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await ws_application({**scope, "user": user}, receive, send)

    return app


async def _connect(user: Any, path: str) -> tuple[WebsocketCommunicator, bool, Any]:
    communicator = WebsocketCommunicator(_as(user), path)
    connected, code = await communicator.connect()
    return communicator, connected, code


def _path(conversation: Any) -> str:
    return f"/ws/conversations/{conversation.pk}/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_sent_message_arrives_live_on_the_other_participants_socket(conversation, client_user, freelancer_user):
    receiver, connected, _ = await _connect(freelancer_user, _path(conversation))
    assert connected
    sender, connected, _ = await _connect(client_user, _path(conversation))
    assert connected

    message = await database_sync_to_async(do_send_message)(
        actor=client_user, conversation=conversation, body="Live <hello>"
    )

    event = await receiver.receive_json_from(timeout=2)
    assert event["type"] == "message.created"
    assert event["conversation_id"] == conversation.pk
    assert event["message"]["id"] == message.pk
    assert (event["message"]["body"], event["message"]["mine"]) == ("Live <hello>", False)
    assert event["message"]["sender_name"] == client_user.public_name
    assert f'id="message-{message.pk}"' in event["html"]
    assert "Live &lt;hello&gt;" in event["html"]
    assert "message-mine" not in event["html"]
    own = await sender.receive_json_from(timeout=2)
    assert (own["message"]["id"], own["message"]["mine"]) == (message.pk, True)
    assert "message-mine" in own["html"]
    await receiver.disconnect()
    await sender.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_non_participants_and_anonymous_visitors_are_refused(conversation):
    stranger = await database_sync_to_async(ClientFactory)()

    _, connected, code = await _connect(stranger, _path(conversation))
    assert (connected, code) == (False, 4403)
    _, connected, code = await _connect(AnonymousUser(), _path(conversation))
    assert (connected, code) == (False, 4403)
    _, connected, code = await _connect(AnonymousUser(), "/ws/notifications/")
    assert (connected, code) == (False, 4403)


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_message_not_for_the_receiver_is_relayed_only_to_the_sender(conversation, client_user, freelancer_user):
    receiver, _, _ = await _connect(freelancer_user, _path(conversation))
    sender, _, _ = await _connect(client_user, _path(conversation))

    # What do_send_message publishes for a held message: nothing for the receiver.
    await get_channel_layer().group_send(
        conversation_group(conversation.pk),
        {
            "type": "message.created",
            "conversation_id": conversation.pk,
            "message_id": 99,
            "sender_id": client_user.pk,
            "for_sender": {"message": {"id": 99, "status": "held"}, "html": "<li>held</li>"},
            "for_receiver": None,
        },
    )

    assert (await sender.receive_json_from(timeout=2))["message"]["status"] == "held"
    assert await receiver.receive_nothing(timeout=0.3)
    await receiver.disconnect()
    await sender.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_receiver_gets_the_new_unread_total_on_the_notifications_socket(
    conversation, client_user, freelancer_user
):
    badges, connected, _ = await _connect(freelancer_user, "/ws/notifications/")
    assert connected

    await database_sync_to_async(do_send_message)(actor=client_user, conversation=conversation, body="Ping")

    received = [await badges.receive_json_from(timeout=2), await badges.receive_json_from(timeout=2)]
    assert {"type": "unread.messages", "total": 1} in received
    assert {"type": "unread.notifications", "total": 1} in received
    await badges.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_page_can_mark_live_messages_read_over_the_socket(conversation, client_user, freelancer_user):
    receiver, _, _ = await _connect(freelancer_user, _path(conversation))
    message = await database_sync_to_async(do_send_message)(actor=client_user, conversation=conversation, body="Hi")
    await receiver.receive_json_from(timeout=2)

    await receiver.send_json_to({"type": "read", "up_to_message_id": message.pk})
    await receiver.send_json_to({"type": "read", "up_to_message_id": "not a number"})
    await receiver.receive_nothing(timeout=0.3)

    state = await database_sync_to_async(Participant.objects.get)(conversation=conversation, user=freelancer_user)
    assert (state.last_read_message_id, state.unread_count) == (message.pk, 0)
    await receiver.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_full_asgi_stack_authenticates_the_socket_by_session_cookie(conversation, client_user, freelancer_user):
    from config.asgi import application

    browser = Client()
    await database_sync_to_async(browser.force_login)(freelancer_user)
    headers = [
        (b"cookie", f"sessionid={browser.cookies['sessionid'].value}".encode()),
        (b"origin", b"http://testserver"),
    ]
    communicator = WebsocketCommunicator(application, _path(conversation), headers=headers)
    connected, _ = await communicator.connect()
    assert connected

    await database_sync_to_async(do_send_message)(actor=client_user, conversation=conversation, body="Through it all")

    assert (await communicator.receive_json_from(timeout=2))["message"]["body"] == "Through it all"
    await communicator.disconnect()
    anonymous = WebsocketCommunicator(application, _path(conversation), headers=[(b"origin", b"http://testserver")])
    assert (await anonymous.connect())[0] is False
