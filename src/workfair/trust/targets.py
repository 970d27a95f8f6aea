"""What can be reported, and whose it is. Each resolver checks, through the owning app's
queries, that the reporter can see the target, and returns the account it belongs to. Raises
NotFound for anything the reporter cannot see. Apps register their own targets from their
`trust_hooks.py` (jobs, proposals, messages); a profile is an account, the engine's own subject."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workfair.core.errors import InvalidInput, NotFound

Resolver = Callable[[Any, int], Any]
_RESOLVERS: dict[str, tuple[str, Resolver]] = {}


def register_report_target(name: str, stored_type: str, resolver: Resolver) -> None:
    """Let people report `name` targets (e.g. the feedback app registers "review")."""
    _RESOLVERS[name] = (stored_type, resolver)


def resolve_report_target(actor: Any, name: str, target_id: int) -> tuple[str, Any]:
    """(stored target type, owning account) of a target the actor can see."""
    if name not in _RESOLVERS:
        raise InvalidInput(f"{name.capitalize()}s cannot be reported yet.")
    stored_type, resolver = _RESOLVERS[name]
    return stored_type, resolver(actor, target_id)


def _profile_owner(actor: Any, user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound("Profile not found.")
    return user


register_report_target("profile", "accounts.user", _profile_owner)
