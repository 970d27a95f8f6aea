"""Live events of the messaging app (sent over Channels after the transaction commits).

Conversation group (`core.realtime.conversation_group(id)`), one event per new message:
    {"type": "message.created", "conversation_id": int, "message_id": int, "sender_id": int,
     "for_sender": {"message": {...}, "html": str},
     "for_receiver": {"message": {...}, "html": str} | None}   # None: held/blocked, not for the receiver
and when a conversation is closed or reopened:
    {"type": "conversation.status", "conversation_id": int, "status": "open" | "closed"}
The consumer picks the half that belongs to the person on the socket (see consumers.py).

User group (`core.realtime.user_group(id)`): {"type": "unread.messages", "total": int}.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.template.loader import render_to_string

from workfair.core.realtime import conversation_group, send_now, user_group
from workfair.messaging.models import Message, MessageAttachment
from workfair.messaging.queries import MessageView, build_message_view, unread_total_for_user_id


def message_json(view: MessageView) -> dict[str, Any]:
    """The JSON fields of a message as one viewer sees it (same fields as the API's MessageOut)."""
    return {
        "id": view.id,
        "conversation_id": view.conversation_id,
        "sender_id": view.sender_id,
        "sender_name": view.sender_name,
        "mine": view.mine,
        "body": view.body,
        "status": view.status,
        "status_note": view.status_note,
        "created_at": view.created_at.isoformat(),
        "attachments": [
            {"id": a.id, "name": a.name, "size": a.size, "content_type": a.content_type, "url": a.url}
            for a in view.attachments
        ],
    }


def render_message_html(view: MessageView) -> str:
    """The `<li>` fragment of one message, as appended to the conversation page."""
    return render_to_string("messaging/_message.html", {"m": view})


def _half(message: Message, *, viewer_id: int, sender: Any, attachments: Sequence[MessageAttachment]) -> dict[str, Any]:
    view = build_message_view(message, viewer_id=viewer_id, sender=sender, attachments=attachments)
    return {"message": message_json(view), "html": render_message_html(view)}


def message_created_event(
    message: Message,
    *,
    sender: Any,
    receiver_id: int,
    attachments: Sequence[MessageAttachment],
    visible_to_receiver: bool,
) -> dict[str, Any]:
    return {
        "type": "message.created",
        "conversation_id": message.conversation_id,
        "message_id": message.pk,
        "sender_id": message.sender_id,
        "for_sender": _half(message, viewer_id=sender.pk, sender=sender, attachments=attachments),
        "for_receiver": (
            _half(message, viewer_id=receiver_id, sender=sender, attachments=attachments)
            if visible_to_receiver
            else None
        ),
    }


logger = logging.getLogger(__name__)


def fan_out_new_message(event: dict[str, Any], *, receiver_id: int | None) -> None:
    """Deliver a "message.created" event to the conversation group and, when the receiver can see
    the message (`receiver_id` given), their new unread total to their user group. Call it after
    commit. Both sends share one trip into the channel layer's event loop: from plain synchronous
    code (workers, scripts) each `async_to_sync` call costs a thread start, which this halves."""
    layer = get_channel_layer()
    if layer is None:
        return
    sends = [(conversation_group(event["conversation_id"]), event)]
    if receiver_id is not None:
        sends.append(
            (user_group(receiver_id), {"type": "unread.messages", "total": unread_total_for_user_id(receiver_id)})
        )

    async def deliver() -> None:
        for group, payload in sends:
            await layer.group_send(group, payload)

    try:
        async_to_sync(deliver)()
    except Exception:  # live delivery is best effort; the message is already committed
        logger.exception("live delivery of message %s failed", event.get("message_id"))


def publish_unread_total(user_id: int) -> None:
    """Push the person's unread message total to their open pages (call after commit)."""
    send_now(user_group(user_id), {"type": "unread.messages", "total": unread_total_for_user_id(user_id)})
