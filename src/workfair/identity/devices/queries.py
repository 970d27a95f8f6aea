"""Reads of an account's known devices (the account's security page)."""

from __future__ import annotations

from typing import Any

from workfair.identity.models import KnownDevice


def known_devices(user: Any) -> list[KnownDevice]:
    """The account's devices, most recent first (for the account's security page)."""
    return list(KnownDevice.objects.filter(user_id=user.pk).order_by("-last_seen"))
