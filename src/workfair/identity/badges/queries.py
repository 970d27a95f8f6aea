"""Reads of badges: in bulk for lists (one query whatever the page size) and one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workfair.identity.models import Badge


def badges_for(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """Active badges of each account, in one query (accounts without a badge are left out)."""
    found: dict[int, set[str]] = {}
    rows = Badge.objects.filter(user_id__in=set(user_ids), revoked_at__isnull=True).values_list("user_id", "kind")
    for user_id, kind in rows:
        found.setdefault(user_id, set()).add(kind)
    return found


def has_badge(user: Any, kind: str) -> bool:
    return (
        bool(getattr(user, "pk", None))
        and Badge.objects.filter(user_id=user.pk, kind=kind, revoked_at__isnull=True).exists()
    )
