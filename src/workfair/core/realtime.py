"""Live delivery: publish an event to a Channels group after the transaction commits."""

from __future__ import annotations

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
