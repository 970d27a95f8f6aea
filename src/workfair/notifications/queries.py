"""Reads of notifications, always for the person asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workfair.core.errors import NotFound
from workfair.core.pagination import PageRequest
from workfair.notifications.models import (
    REQUIRED_EMAIL_NOW,
    REQUIRED_IN_APP,
    EmailFrequency,
    Notification,
    NotificationCategory,
    NotificationPreference,
)


@dataclass(frozen=True, slots=True)
class NotificationPage:
    items: list[Notification]
    page: int
    size: int
    has_next: bool


def access_notification_by_id(actor: Any, notification_id: int) -> Notification:
    """The actor's own notification; NotFound for a missing id or someone else's."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=actor.pk, in_app=True).first()
    if notification is None:
        raise NotFound("Notification not found.")
    return notification


def notifications_for_user(actor: Any, page: int = 1, size: int = 20) -> NotificationPage:
    """The actor's notifications, newest first, one page (size capped at 100). One query."""
    request = PageRequest.parse(page, size)
    # One row more than asked tells whether there is a next page without a COUNT.
    rows = list(
        Notification.objects.filter(recipient_id=actor.pk, in_app=True).order_by("-id")[
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
    # A group of events is one notice, so a burst of 40 proposals counts once.
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True, in_app=True).count()


def has_unread_notification(user_id: int, *, kind: str, url: str) -> bool:
    """Whether the person already has an unread notification of `kind` pointing at `url`
    (used to avoid sending a second one about the same thing)."""
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True, kind=kind, url=url).exists()


@dataclass(frozen=True, slots=True)
class CategoryChoice:
    """One row of the preferences page: a category, what the person chose, what they may change."""

    category: NotificationCategory
    in_app: bool
    email: str
    in_app_locked: bool
    email_locked: bool


def channel_choice(user_id: int, category: NotificationCategory) -> tuple[bool, str]:
    """(shown in the app, e-mail frequency) for one person and category, with the required
    channels forced on. One query."""
    row = NotificationPreference.objects.filter(user_id=user_id, category=category).values_list("in_app", "email")
    in_app, email = row.first() or (True, EmailFrequency.NOW)
    if category in REQUIRED_IN_APP:
        in_app = True
    if category in REQUIRED_EMAIL_NOW:
        email = EmailFrequency.NOW
    return in_app, email


def notification_preferences_for(actor: Any) -> list[CategoryChoice]:
    """Every category with the actor's choice (the default where they made none). One query."""
    saved = {row.category: row for row in NotificationPreference.objects.filter(user_id=actor.pk)}
    choices = []
    for category in NotificationCategory:
        row = saved.get(category.value)
        in_app = row.in_app if row else True
        email = row.email if row else EmailFrequency.NOW
        choices.append(
            CategoryChoice(
                category=category,
                in_app=in_app or category in REQUIRED_IN_APP,
                email=EmailFrequency.NOW if category in REQUIRED_EMAIL_NOW else email,
                in_app_locked=category in REQUIRED_IN_APP,
                email_locked=category in REQUIRED_EMAIL_NOW,
            )
        )
    return choices
