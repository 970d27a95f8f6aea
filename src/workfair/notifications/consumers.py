"""The per-person live channel (`ws/notifications/`): unread counts for the nav badges.

Events published to `core.realtime.user_group(user_id)` and relayed as JSON to every open page
of that person:
    {"type": "unread.notifications", "total": <int>}   (published by notifications.actions)
    {"type": "unread.messages", "total": <int>}        (published by messaging.actions)
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from workfair.core.realtime import SessionBoundSocket, user_group
from workfair.trust.interface import websocket_refusal

# Closed before the handshake completes when the visitor is not signed in (like HTTP 403).
CLOSE_FORBIDDEN = 4403


class UserEventsConsumer(SessionBoundSocket, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    group_name: str = ""

    async def connect(self) -> None:
        user = self.scope.get("user")
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
        self.group_name = user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.join_session_group(user.pk)  # closed when this session logs out
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.leave_session_group()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The channel is one-way (server to browser); anything sent by the page is ignored."""

    async def unread_notifications(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "unread.notifications", "total": int(event["total"])})

    async def unread_messages(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "unread.messages", "total": int(event["total"])})
