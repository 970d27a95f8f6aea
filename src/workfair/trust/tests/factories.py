"""Factories for the trust engine's tests."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from workfair.accounts.tests.factories import UserFactory
from workfair.core import clock
from workfair.trust.states import StaffRole


class StaffFactory(UserFactory):
    """A staff member with a role (moderator unless told)."""

    is_staff = True

    @factory.post_generation
    def role(obj: Any, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            group, _ = Group.objects.get_or_create(name=extracted or StaffRole.MODERATOR)
            obj.groups.add(group)


def make_signal_kwargs(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"kind": "message.sent", "surface": "message", "text": "", "created_at": clock.now()}
    base.update(overrides)
    return base


def set_standing(user: Any, level: str, *, reason: str = "Several reports of scam messages.", days: int = 7) -> None:
    """Put `user` at `level` on the ladder directly (a restriction for `days`), for other apps' tests."""
    import datetime as dt

    from workfair.trust.enforcement import forget_standing
    from workfair.trust.models import AccountStanding

    now = clock.now()
    until = now + dt.timedelta(days=days) if level == "restricted" else None
    AccountStanding.objects.update_or_create(
        user=user, defaults={"level": level, "until": until, "reason": reason, "updated_at": now, "manual": True}
    )
    forget_standing(user)
