"""Factories for the trust engine's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from workfair.accounts.tests.factories import UserFactory
from workfair.core import clock
from workfair.trust.states import StaffRole


class StaffFactory(UserFactory):
    """A staff member with a role (moderator unless told)."""

    is_staff = True

    @factory.post_generation
    def role(obj, create: bool, extracted: str | None, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
        if create:
            group, _ = Group.objects.get_or_create(name=extracted or StaffRole.MODERATOR)
            obj.groups.add(group)


def make_signal_kwargs(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"kind": "message.sent", "surface": "message", "text": "", "created_at": clock.now()}
    base.update(overrides)
    return base
