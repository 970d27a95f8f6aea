"""JSON API of notifications, mounted at /api/v1/notifications (thin: parse, call, return)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from workfair.notifications import actions, queries
from workfair.notifications.schemas import (
    MarkedOut,
    NotificationOut,
    NotificationPageOut,
    PreferenceIn,
    PreferenceOut,
    UnreadCountOut,
)

router = Router(tags=["notifications"])


@router.get("/", response=NotificationPageOut)
def list_notifications(request: HttpRequest, page: int = 1, size: int = 20) -> queries.NotificationPage:
    """My notifications, newest first."""
    return queries.notifications_for_user(request.user, page, size)


@router.get("/unread-count", response=UnreadCountOut)
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": queries.unread_notification_count(request.user)}


@router.post("/read-all", response=MarkedOut)
def read_all(request: HttpRequest) -> dict[str, int]:
    marked = actions.do_mark_all_read(actor=request.user)
    return {"marked": marked, "unread": queries.unread_notification_count(request.user)}


@router.post("/{int:notification_id}/read", response=NotificationOut)
def read_one(request: HttpRequest, notification_id: int) -> object:
    notification = queries.access_notification_by_id(request.user, notification_id)
    return actions.do_mark_notification_read(actor=request.user, notification=notification)


@router.get("/preferences", response=list[PreferenceOut])
def get_preferences(request: HttpRequest) -> list[dict[str, object]]:
    """My choice per category: shown in the app, and e-mail "now", "daily" (digest) or "off"."""
    return _preferences_out(request.user)


@router.put("/preferences", response=list[PreferenceOut])
def put_preferences(request: HttpRequest, payload: list[PreferenceIn]) -> list[dict[str, object]]:
    """Change some categories (those left out keep their choice). 400 for an unknown category or
    choice, or for switching off what cannot be; nothing is saved then."""
    actions.do_set_notification_preferences(
        actor=request.user, choices={item.category: (item.in_app, item.email) for item in payload}
    )
    return _preferences_out(request.user)


def _preferences_out(user: object) -> list[dict[str, object]]:
    return [
        {
            "category": c.category.value,
            "label": c.category.label,
            "in_app": c.in_app,
            "email": c.email,
            "in_app_locked": c.in_app_locked,
            "email_locked": c.email_locked,
        }
        for c in queries.notification_preferences_for(user)
    ]
