"""Live delivery: publish an event to a Channels group after the transaction commits."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def send_now(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # live delivery is best effort; the data is already committed
        logger.exception("live delivery to %s failed", group)


def publish_on_commit(group: str, event: dict[str, Any]) -> None:
    """Send `event` (a dict with a "type" key naming the consumer handler) to `group` after commit."""
    transaction.on_commit(lambda: send_now(group, event))


# --- Ending live sockets with the session ---------------------------------------------------------
# Every websocket of a signed-in person also joins `sockets_group(user_id)`. When a session ends
# (log-out), `close_sockets_of_session` sends one event there; each socket opened by that session
# closes itself, so a signed-out browser stops receiving live events at once. The session key is
# never sent: sockets compare a hash of it.

CLOSE_SESSION_ENDED = 4401


def sockets_group(user_id: int) -> str:
    return f"sockets.{user_id}"


def session_tag(session_key: str | None) -> str:
    """A short one-way tag of a session key, to name a session in channel-layer events."""
    if not session_key:
        return ""
    return hashlib.sha256(f"workfair-socket:{session_key}".encode()).hexdigest()[:32]


def close_sockets_of_session(user_id: int, session_key: str | None) -> None:
    """Close, now, every live socket of `user_id` that was opened by the session `session_key`
    (every socket of the person when the key is unknown)."""
    send_now(sockets_group(user_id), {"type": "sockets.close", "session": session_tag(session_key)})


class SessionBoundSocket:
    """Mix into a Channels consumer (before the consumer class): after `join_session_group(user)`
    in `connect`, the socket closes when its session ends. Call `leave_session_group()` in
    `disconnect`."""

    channel_layer: Any
    channel_name: str
    scope: dict[str, Any]
    _sockets_group: str = ""
    _session_tag: str = ""

    async def join_session_group(self, user_id: int) -> None:
        session = self.scope.get("session")
        self._session_tag = session_tag(getattr(session, "session_key", None))
        self._sockets_group = sockets_group(user_id)
        await self.channel_layer.group_add(self._sockets_group, self.channel_name)

    async def leave_session_group(self) -> None:
        if self._sockets_group:
            await self.channel_layer.group_discard(self._sockets_group, self.channel_name)

    async def sockets_close(self, event: dict[str, Any]) -> None:
        ended = event.get("session", "")
        if not ended or ended == self._session_tag:
            await self.close(code=CLOSE_SESSION_ENDED)  # type: ignore[attr-defined]
