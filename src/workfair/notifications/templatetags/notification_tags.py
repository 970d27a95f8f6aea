"""`{% load notification_tags %}` then `{% unread_notification_count %}` (or `... as n`) for the nav badge."""

from __future__ import annotations

from typing import Any

from django import template

from workfair.notifications.queries import unread_notification_count as count_unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: dict[str, Any]) -> int:
    """How many unread notifications the signed-in person has (0 when signed out). One query."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return count_unread(user)
