"""Notifications' part of "download my data" and of the erasure (`core.personal_data`): every
notification the person got; all of them are deleted with the account."""

from __future__ import annotations

from typing import Any

from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.notifications.models import Notification


def export_notifications(user: Any) -> ExportPart:
    rows = Notification.objects.filter(recipient_id=user.pk).order_by("pk")
    return ExportPart(records=list(rows.values("kind", "title", "body", "url", "created_at", "read_at")))


def erase_notifications(user: Any) -> dict[str, int]:
    return {"notifications": Notification.objects.filter(recipient_id=user.pk).delete()[0]}


def register() -> None:
    register_personal_data("notifications", export=export_notifications, erase=erase_notifications)
