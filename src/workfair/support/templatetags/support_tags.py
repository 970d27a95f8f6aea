from django import template

from workfair.support.sla import first_response_hours as _hours

register = template.Library()


@register.simple_tag
def first_response_hours() -> int:
    """The hours within which a ticket gets its first answer (docs/rules.md, "Support")."""
    return _hours()
