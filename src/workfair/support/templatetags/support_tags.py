from typing import Any

from django import template

from workfair.support.queries import live_chat_of
from workfair.support.sla import first_response_hours as _hours

register = template.Library()


@register.simple_tag
def first_response_hours() -> int:
    """The hours within which a ticket gets its first answer (docs/rules.md, "Support")."""
    return _hours()


@register.inclusion_tag("support/_chat_panel.html", takes_context=True)
def chat_panel(context: dict[str, Any]) -> dict[str, Any]:
    """The live-chat panel of every page, for signed-in people (with their open chat, if any)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "chat": live_chat_of(user) if user is not None else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
