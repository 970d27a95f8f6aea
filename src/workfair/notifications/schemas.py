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
    count: int

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


class PreferenceOut(Schema):
    category: str
    label: str
    in_app: bool
    email: str
    in_app_locked: bool
    email_locked: bool


class PreferenceIn(Schema):
    category: str
    in_app: bool = True
    email: str = "now"
