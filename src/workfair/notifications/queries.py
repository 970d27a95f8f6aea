"""Reads of notifications, always for the person asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workfair.core.errors import NotFound
from workfair.core.pagination import PageRequest
from workfair.notifications.models import Notification


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: list[Notification]
    page: int
    size: int
    has_next: bool


def access_notification_by_id(actor: Any, notification_id: int) -> Notification:
    """The actor's own notification; NotFound for a missing id or someone else's."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=actor.pk).first()
    if notification is None:
        raise NotFound("Notification not found.")
    return notification


def notifications_for_user(actor: Any, page: int = 1, size: int = 20) -> NotificationPage:
    """The actor's notifications, newest first, one page (size capped at 100). One query."""
    request = PageRequest.parse(page, size)
    # One row more than asked tells whether there is a next page without a COUNT.
    rows = list(
        Notification.objects.filter(recipient_id=actor.pk).order_by("-id")[
            request.offset : request.offset + request.size + 1
        ]
    )
    return NotificationPage(
        items=rows[: request.size], page=request.page, size=request.size, has_next=len(rows) > request.size
    )


def unread_notification_count(user: Any) -> int:
    """How many unread notifications `user` has (0 for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_notification_count_for_user_id(user.pk)


def unread_notification_count_for_user_id(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def has_unread_notification(user_id: int, *, kind: str, url: str) -> bool:
    """Whether the person already has an unread notification of `kind` pointing at `url`
    (used to avoid sending a second one about the same thing)."""
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True, kind=kind, url=url).exists()
