"""Verification badges in templates, read in bulk.

    {% load identity_badges %}
    {% badge_map proposals "freelancer_id" as verified %}      one query for the whole list
    {% for proposal in proposals %}{% badges proposal.freelancer_id verified %}{% endfor %}

`{% badges user_id %}` without a map uses the view's `identity_badges` context variable (a
`badges_for` result) if there is one, else reads that one account (one query: fine on a page about
one person, never in a loop). Nothing is rendered for an account without badges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from workfair.identity.badges.queries import badges_for
from workfair.identity.states import BadgeKind

register = template.Library()

# Strongest first; what each one means, for the tooltip and screen readers.
EXPLAINED: tuple[tuple[str, str, str], ...] = (
    (BadgeKind.IDENTITY_VERIFIED, str(BadgeKind.IDENTITY_VERIFIED.label),
     "Workfair checked this person's official ID document against their selfie."),
    (BadgeKind.PHONE_VERIFIED, str(BadgeKind.PHONE_VERIFIED.label),
     "Workfair checked this person's phone number with a code."),
)  # fmt: skip


def _attribute(item: Any, path: str) -> Any:
    value = item
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif part.isdigit() and isinstance(value, list | tuple):
            value = value[int(part)]
        else:
            value = getattr(value, part, None)
    return value


@register.simple_tag
def badge_map(items: Iterable[Any] | None, attr: str = "user_id") -> dict[int, set[str]]:
    """Badges of every account named by `attr` (a dotted path: "freelancer_id", "0.client_id")
    across `items`, in one query."""
    ids = {_attribute(item, attr) for item in items or ()}
    return badges_for(i for i in ids if isinstance(i, int))


def badge_kinds(context: Mapping[str, Any], user_id: Any, badge_map: Mapping[int, set[str]] | None) -> set[str]:
    if not isinstance(user_id, int):
        return set()
    if badge_map is None:
        badge_map = context.get("identity_badges")
    if badge_map is None:
        badge_map = badges_for([user_id])
    return set(badge_map.get(user_id, ()))


@register.simple_tag(takes_context=True)
def badges(context: Mapping[str, Any], user_id: Any, badge_map: Mapping[int, set[str]] | None = None) -> SafeString:
    """The account's verification chips ("Identity verified", "Phone verified") as a list."""
    kinds = badge_kinds(context, user_id, badge_map)
    shown = [(label, meaning) for kind, label, meaning in EXPLAINED if kind in kinds]
    if not shown:
        return SafeString("")
    chips = format_html_join(
        "",
        '<li><span class="badge badge-approved" title="{1}">{0}<span class="visually-hidden">: {1}</span></span></li>',
        shown,
    )
    return format_html('<ul class="tag-list identity-badges" aria-label="Verifications">{}</ul>', chips)


@register.simple_tag(takes_context=True)
def has_badge(
    context: Mapping[str, Any], user_id: Any, kind: str, badge_map: Mapping[int, set[str]] | None = None
) -> bool:
    """`{% has_badge user_id "identity_verified" as verified %}` for wording that depends on it."""
    return kind in badge_kinds(context, user_id, badge_map)
