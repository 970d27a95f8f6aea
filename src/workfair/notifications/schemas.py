"""JSON shapes of the notifications API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    read: bool
    read_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_read(obj: object) -> bool:
        return getattr(obj, "read_at", None) is not None


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    page: int
    size: int
    has_next: bool


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int
    unread: int
