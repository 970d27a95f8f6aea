"""API shapes for support. Names start with Help/Ticket so they stay unique in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class HelpArticleHitOut(Schema):
    slug: str
    title: str
    summary: str
    category: str
    url: str


class TicketIn(Schema):
    subject: str = Field(max_length=150)
    category: str = Field(description="account, payments, contracts, verification, safety, technical or other")
    body: str = Field(max_length=10_000)


class TicketReplyIn(Schema):
    body: str = Field(max_length=10_000)


class TicketMessageOut(Schema):
    id: int
    from_staff: bool
    author_name: str
    body: str
    source: str
    attachment_name: str
    created_at: dt.datetime


class TicketOut(Schema):
    id: int
    subject: str
    category: str
    status: str
    opened_at: dt.datetime
    first_response_due_at: dt.datetime
    first_responded_at: dt.datetime | None
    closed_at: dt.datetime | None
    last_activity_at: dt.datetime


class TicketDetailOut(TicketOut):
    messages: list[TicketMessageOut]
