"""JSON shapes of the conversations API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class PersonOut(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    kind: str
    status: str
    subject: str
    other: PersonOut
    unread_count: int
    last_message_at: dt.datetime | None
    preview: str = ""
    job_id: int | None
    proposal_id: int | None
    invitation_id: int | None
    contract_id: int | None


class ConversationPageOut(Schema):
    items: list[ConversationOut]
    page: int
    size: int
    has_next: bool


class MessageAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender_id: int
    sender_name: str
    mine: bool
    body: str
    status: str
    status_note: str
    created_at: dt.datetime
    attachments: list[MessageAttachmentOut]


class MessagePageOut(Schema):
    """Oldest to newest; pass `next_before` as `before` to get the page before this one."""

    items: list[MessageOut]
    has_older: bool
    next_before: int | None


class SendMessageIn(Schema):
    body: str


class MarkReadIn(Schema):
    up_to_message_id: int | None = None


class ReadStateOut(Schema):
    conversation_id: int
    last_read_message_id: int
    unread_count: int
    unread_total: int


class UnreadTotalOut(Schema):
    total: int
