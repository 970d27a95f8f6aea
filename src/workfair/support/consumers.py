"""Live chat sockets (docs/subsystems/support.md, "Live chat").

`ws/support/chat/<session_id>/?after=<seq>`: the chat's person or staff. On connect the socket
sends the chat's status, then every message numbered above `after` (0 for all): a client that lost
its connection reconnects with the last number it saw and gets exactly what it missed. The socket
joins the chat's group before reading that backlog, so a message sent meanwhile arrives twice at
most, never zero times; the client drops numbers it has already shown. It sends:
    {"type": "chat.status", "session_id", "status", "agent_name", "queue_position",
     "expected_wait_minutes", "ticket_url"}
    {"type": "chat.message", "message": {seq, from_staff, author_name, body, client_id, created_at}}
    {"type": "error", "message": str}
and receives {"type": "send", "body": str, "client_id": str} (a `client_id` sent again after a
reconnect is stored once) and {"type": "end"}.

`ws/support/agent/`: staff; receives {"type": "chat.assigned", "session_id"} when a chat is routed
to them."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from workfair.core.errors import WorkfairError
from workfair.core.realtime import SessionBoundSocket
from workfair.support import actions, queries
from workfair.trust.interface import StaffRole, has_role, websocket_refusal

CLOSE_FORBIDDEN = 4403


def _after(scope: dict[str, Any]) -> int:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("after", ["0"])
    return int(values[0]) if values[0].isdigit() and len(values[0]) < 10 else 0


def _opening(user: Any, session_id: int, after: int) -> list[dict[str, Any]] | None:
    """The status and the backlog to send on connect, or None when the user may not join."""
    try:
        session = queries.access_chat_by_id(user, session_id)
    except WorkfairError:
        return None
    events = [actions.chat_status_payload(session)]
    events += [
        {"type": "chat.message", "message": actions.chat_message_payload(m)}
        for m in queries.chat_messages_after(session, after)
    ]
    return events


def _send(user: Any, session_id: int, body: Any, client_id: Any) -> str | None:
    try:
        session = queries.access_chat_by_id(user, session_id)
        actions.do_send_chat_message(actor=user, session=session, body=body, client_id=client_id)
    except WorkfairError as exc:
        return exc.message
    return None


def _end(user: Any, session_id: int) -> str | None:
    try:
        actions.do_end_chat(actor=user, session=queries.access_chat_by_id(user, session_id))
    except WorkfairError as exc:
        return exc.message
    return None


class ChatConsumer(SessionBoundSocket, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    session_id: int = 0
    group_name: str = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        refusal = await database_sync_to_async(websocket_refusal)(user)
        if refusal is not None:
            await self.accept()
            await self.send_json(refusal)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        # Join first, read the backlog second: nothing sent in between is lost (see the module doc).
        self.group_name = actions.chat_group(session_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        opening = await database_sync_to_async(_opening)(user, session_id, _after(self.scope))
        if opening is None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            self.group_name = ""
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session_id = session_id
        await self.join_session_group(user.pk)
        await self.accept()
        for event in opening:
            await self.send_json(event)

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.leave_session_group()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not self.session_id:
            return
        user = self.scope["user"]
        if content.get("type") == "send":
            error = await database_sync_to_async(_send)(
                user, self.session_id, content.get("body"), content.get("client_id", "")
            )
        elif content.get("type") == "end":
            error = await database_sync_to_async(_end)(user, self.session_id)
        else:
            return
        if error:
            await self.send_json({"type": "error", "message": error})

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "chat.message", "message": event["message"]})

    async def chat_status(self, event: dict[str, Any]) -> None:
        await self.send_json(event)


class AgentConsumer(SessionBoundSocket, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    group_name: str = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await database_sync_to_async(has_role)(user, StaffRole.MODERATOR):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group_name = actions.agent_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.join_session_group(user.pk)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.leave_session_group()

    async def chat_assigned(self, event: dict[str, Any]) -> None:
        await self.send_json(event)
