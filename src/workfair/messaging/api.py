"""JSON API of conversations, mounted at /api/v1/conversations (thin: parse, call, return).
Every endpoint is for participants only: another person's conversation answers 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from workfair.messaging import actions, queries
from workfair.messaging.models import Conversation
from workfair.messaging.schemas import (
    ConversationOut,
    ConversationPageOut,
    MarkReadIn,
    MessageOut,
    MessagePageOut,
    ReadStateOut,
    SendMessageIn,
    UnreadTotalOut,
)

router = Router(tags=["conversations"])


def _conversation_out(
    conversation: Conversation, *, viewer_id: int | None, unread_count: int, preview: str = ""
) -> Any:
    other = queries.other_participant(conversation, viewer_id)
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "status": conversation.status,
        "subject": conversation.subject,
        "other": {"id": other.pk, "name": other.public_name},
        "unread_count": unread_count,
        "last_message_at": conversation.last_message_at,
        "preview": preview,
        "job_id": conversation.job_id,
        "proposal_id": conversation.proposal_id,
        "invitation_id": conversation.invitation_id,
        "contract_id": conversation.contract_id,
    }


@router.get("/", response=ConversationPageOut)
def list_conversations(request: HttpRequest, page: int = 1, size: int = 20) -> Any:
    """My conversations, most recent activity first."""
    result = queries.conversations_for_user(request.user, page, size)
    items = [
        _conversation_out(
            item.conversation, viewer_id=request.user.pk, unread_count=item.unread_count, preview=item.preview
        )
        for item in result.items
    ]
    return {"items": items, "page": result.page, "size": result.size, "has_next": result.has_next}


@router.get("/unread", response=UnreadTotalOut)
def unread(request: HttpRequest) -> Any:
    """How many unread messages I have over all conversations."""
    return {"total": queries.unread_total(request.user)}


@router.get("/{int:conversation_id}", response=ConversationOut)
def get_conversation(request: HttpRequest, conversation_id: int) -> Any:
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    state = queries.participant_state(request.user, conversation)
    return _conversation_out(conversation, viewer_id=request.user.pk, unread_count=state.unread_count)


@router.get("/{int:conversation_id}/messages", response=MessagePageOut)
def list_messages(request: HttpRequest, conversation_id: int, before: int | None = None, size: int = 30) -> Any:
    """Messages oldest to newest, the newest page first; `before` (a message id) pages back."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    page = queries.messages_page(request.user, conversation, before_id=before, size=size)
    return {"items": page.messages, "has_older": page.has_older, "next_before": page.next_before}


@router.post("/{int:conversation_id}/messages", response={201: MessageOut})
def send_message(request: HttpRequest, conversation_id: int, payload: SendMessageIn) -> Any:
    """Send a text message (JSON body: {"body": "..."})."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    message = actions.do_send_message(actor=request.user, conversation=conversation, body=payload.body)
    return Status(201, queries.message_view(request.user, message, conversation))


@router.post("/{int:conversation_id}/messages/upload", response={201: MessageOut})
def send_message_with_files(
    request: HttpRequest,
    conversation_id: int,
    body: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    """Send a message with attachments (multipart/form-data: `body` and up to 5 `files`)."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    message = actions.do_send_message(actor=request.user, conversation=conversation, body=body, attachments=files or ())
    return Status(201, queries.message_view(request.user, message, conversation))


@router.post("/{int:conversation_id}/read", response=ReadStateOut)
def mark_read(request: HttpRequest, conversation_id: int, payload: MarkReadIn | None = None) -> Any:
    """Mark the conversation read (up to `up_to_message_id` if given)."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    up_to = payload.up_to_message_id if payload is not None else None
    state = actions.do_mark_read(actor=request.user, conversation=conversation, up_to_message_id=up_to)
    return {
        "conversation_id": conversation.pk,
        "last_read_message_id": state.last_read_message_id,
        "unread_count": state.unread_count,
        "unread_total": queries.unread_total(request.user),
    }
