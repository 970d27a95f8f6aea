"""Messaging's part of "download my data" (`core.personal_data`): the person's conversations, the
messages they sent (as written) and the messages they received (as delivered to them: masked
details stay masked, held or blocked messages are not theirs to read), and the files they sent.
Nothing is erased: a conversation is a shared record the other person keeps, and the evidence of
a dispute; it shows the erased account as "Member"."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from workfair.core.personal_data import ExportFile, ExportPart, register_personal_data
from workfair.messaging.models import Conversation, Message, MessageAttachment
from workfair.messaging.states import MessageStatus

VISIBLE_TO_RECEIVER = (MessageStatus.DELIVERED, MessageStatus.MASKED)


def export_messages(user: Any) -> ExportPart:
    conversations = list(
        Conversation.objects.filter(Q(client_id=user.pk) | Q(freelancer_id=user.pk) | Q(participants__user_id=user.pk))
        .distinct()
        .order_by("pk")
    )
    messages = (
        Message.objects.filter(conversation__in=conversations)
        .filter(Q(sender_id=user.pk) | Q(status__in=VISIBLE_TO_RECEIVER))
        .order_by("conversation_id", "created_at", "pk")
    )
    attachments = list(MessageAttachment.objects.filter(message__in=messages).order_by("pk"))
    names: dict[int, list[str]] = {}
    for a in attachments:
        names.setdefault(a.message_id, []).append(a.name)
    by_conversation: dict[int, list[dict[str, Any]]] = {c.pk: [] for c in conversations}
    for m in messages:
        sent = m.sender_id == user.pk
        by_conversation[m.conversation_id].append(
            {
                "sent_by_you": sent,
                "text": m.body if sent else m.delivered_body,
                "status": m.status if sent else "",
                "created_at": m.created_at,
                "attachments": names.get(m.pk, []),
            }
        )
    files = [
        ExportFile(path=f"{a.message.conversation_id}/{a.pk}-{a.name}", file=a.file)
        for a in attachments
        if a.file and a.message.sender_id == user.pk
    ]
    return ExportPart(
        records=[
            {
                "id": c.pk,
                "subject": c.subject,
                "kind": c.kind,
                "created_at": c.created_at,
                "messages": by_conversation[c.pk],
            }
            for c in conversations
        ],
        files=files,
    )


def register() -> None:
    register_personal_data("messages", export=export_messages)
