"""`{% load web_tags %}`: the site navigation and small display helpers for every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@dataclass(frozen=True, slots=True)
class NavItem:
    """One link of the main navigation. `live_count` names the unread badge it carries, if any."""

    label: str
    url: str
    current: bool = False
    live_count: str = ""


# (label, URL name, live badge). The order is the order on screen; a person with both roles gets
# the union, each link once.
FREELANCER_NAV = (
    ("Find work", "jobs:search", ""),
    ("Proposals", "proposals:list", ""),
)
CLIENT_NAV = (("My jobs", "jobs:mine", ""),)
SHARED_NAV = (
    ("Offers", "contracts:offers", ""),
    ("Contracts", "contracts:list", ""),
    ("Messages", "messaging:inbox", "messages"),
)
CLIENT_TRAILING_NAV = (("Find talent", "profiles:freelancers", ""),)
ANONYMOUS_NAV = (
    ("Find work", "jobs:search", ""),
    ("Find talent", "profiles:freelancers", ""),
)


def nav_entries(user: Any) -> list[tuple[str, str, str]]:
    """The (label, URL name, live badge) entries of the main navigation for `user`."""
    if not getattr(user, "is_authenticated", False):
        return list(ANONYMOUS_NAV)
    entries: list[tuple[str, str, str]] = [("Dashboard", "web:dashboard", "")]
    if user.is_freelancer:
        entries += FREELANCER_NAV
    if user.is_client:
        entries += CLIENT_NAV
    if not user.is_freelancer and not user.is_client:
        entries += ANONYMOUS_NAV
    entries += SHARED_NAV
    if user.is_client:
        entries += CLIENT_TRAILING_NAV
    unique: dict[str, tuple[str, str, str]] = {}
    for entry in entries:
        unique.setdefault(entry[1], entry)
    return list(unique.values())


def mark_current(items: list[NavItem], path: str) -> list[NavItem]:
    """Mark the item whose URL is the longest prefix of `path` (so /jobs/mine/ is "My jobs", not
    "Find work", and /proposals/7/ is "Proposals")."""
    matches = [item for item in items if path == item.url or (item.url != "/" and path.startswith(item.url))]
    if not matches:
        return items
    best = max(matches, key=lambda item: len(item.url))
    return [NavItem(i.label, i.url, i is best, i.live_count) for i in items]


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> list[NavItem]:
    """`{% main_nav as items %}`: the main navigation for the signed-in person (or a visitor)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    items = [NavItem(label, reverse(name), live_count=badge) for label, name, badge in nav_entries(user)]
    return mark_current(items, request.path if request is not None else "")


@register.simple_tag
def nav_photo_url(user: Any) -> str:
    """The URL of the signed-in person's profile photo for the navigation avatar, or "" (initials)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_freelancer", False):
        return ""  # only freelancers have a profile photo: no query for clients and staff
    from workfair.profiles.queries import own_photo_url

    return own_photo_url(user)


@register.filter
def initials(user: Any) -> str:
    """One or two letters for the avatar circle: "AL" for Ada Lovelace, "A" for a@example.com."""
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    letters = (first[:1] + last[:1]) or (getattr(user, "email", "") or "?")[:1]
    return letters.upper()
