"""JSON API of notifications, mounted at /api/v1/notifications (thin: parse, call, return)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from workfair.notifications import actions, queries
from workfair.notifications.schemas import MarkedOut, NotificationOut, NotificationPageOut, UnreadCountOut

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
