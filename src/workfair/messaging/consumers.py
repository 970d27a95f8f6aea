"""Live conversation pages: `ws/conversations/<conversation_id>/`.

Only a signed-in participant may connect (else the handshake is refused with close code 4403).
The socket receives, as JSON:
    {"type": "message.created", "conversation_id": int,
     "message": {id, conversation_id, sender_id, sender_name, mine, body, status, status_note,
                 created_at, attachments: [{id, name, size, content_type, url}]},
     "html": "<li class=\\"message\\" id=\\"message-<id>\\" ...>...</li>"}
    {"type": "conversation.status", "conversation_id": int, "status": "open" | "closed"}
Each person gets the message as they may see it: the receiver gets `delivered_body` and nothing
at all for a held or blocked message; the sender gets their own text and its status note.
The page may send {"type": "read", "up_to_message_id": int} to mark messages read as they arrive.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from workfair.core.errors import WorkfairError
from workfair.core.realtime import SessionBoundSocket, conversation_group
from workfair.messaging import actions, queries
from workfair.trust.interface import websocket_refusal

CLOSE_FORBIDDEN = 4403


def _may_join(user: Any, conversation_id: int) -> bool:
    try:
        queries.access_conversation_by_id(user, conversation_id)
    except WorkfairError:
        return False
    return True


def _mark_read(user: Any, conversation_id: int, up_to_message_id: int) -> None:
    try:
        conversation = queries.access_conversation_by_id(user, conversation_id)
        actions.do_mark_read(actor=user, conversation=conversation, up_to_message_id=up_to_message_id)
    except WorkfairError:
        return  # the person lost access meanwhile; nothing to mark


class ConversationConsumer(SessionBoundSocket, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    user_id: int | None = None
    conversation_id: int = 0
    group_name: str = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        refusal = await database_sync_to_async(websocket_refusal)(user)
        if refusal is not None:
            # A suspended or banned account: say why and where to appeal, then close.
            await self.accept()
            await self.send_json(refusal)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await database_sync_to_async(_may_join)(user, conversation_id):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user_id = user.pk
        self.conversation_id = conversation_id
        self.group_name = conversation_group(conversation_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.join_session_group(user.pk)  # closed when this session logs out
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.leave_session_group()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "read":
            return
        up_to = content.get("up_to_message_id")
        if isinstance(up_to, int) and not isinstance(up_to, bool) and up_to > 0:
            await database_sync_to_async(_mark_read)(self.scope["user"], self.conversation_id, up_to)

    async def message_created(self, event: dict[str, Any]) -> None:
        half = event["for_sender"] if event["sender_id"] == self.user_id else event["for_receiver"]
        if half is None:  # held or blocked: the receiver must not learn of it
            return
        await self.send_json(
            {
                "type": "message.created",
                "conversation_id": event["conversation_id"],
                "message": half["message"],
                "html": half["html"],
            }
        )

    async def conversation_status(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "conversation.status", "conversation_id": event["conversation_id"], "status": event["status"]}
        )
