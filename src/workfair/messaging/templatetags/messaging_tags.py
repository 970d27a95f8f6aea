"""`{% load messaging_tags %}` then `{% unread_message_count %}` (or `... as n`) for the nav badge."""

from __future__ import annotations

from typing import Any

from django import template

from workfair.messaging.queries import unread_total

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_message_count(context: dict[str, Any]) -> int:
    """How many unread messages the signed-in person has over all conversations (0 when signed
    out). One query."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return unread_total(user)
