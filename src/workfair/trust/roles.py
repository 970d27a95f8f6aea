"""Staff roles: Django groups named after `StaffRole` values; a superuser is an admin."""

from __future__ import annotations

from typing import Any

from workfair.core.errors import PermissionDenied
from workfair.trust.states import STAFF_ROLE_RANK, StaffRole


def staff_role(user: Any) -> str | None:
    """The highest staff role of `user` (None for everyone else). Remembered on the user object."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return None
    cached = getattr(user, "_trust_role", "unset")
    if cached != "unset":
        return cached  # type: ignore[no-any-return]
    if user.is_superuser:
        role: str | None = StaffRole.ADMIN
    else:
        names = set(user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True))
        role = max(names, key=lambda n: STAFF_ROLE_RANK[n]) if names else None
    user._trust_role = role
    return role


def has_role(user: Any, role: str) -> bool:
    """Whether `user` holds `role` or a higher one."""
    held = staff_role(user)
    return held is not None and STAFF_ROLE_RANK[held] >= STAFF_ROLE_RANK[role]


def require_role(user: Any, role: str) -> None:
    if not has_role(user, role):
        raise PermissionDenied(f"Only a {StaffRole(role).label.lower()} can do this.")
