"""Verification badges: granted when a check passes, revoked (never deleted) when it no longer holds.

Read in bulk for lists (search, proposals) with `badges.queries.badges_for`, one query whatever the
page size."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.identity.models import Badge
from workfair.identity.states import BadgeKind


def do_grant_badge(user: Any, kind: str, *, actor: Any = None) -> Badge:
    """Give `user` the badge `kind`; granting a badge the account already has is a no-op."""
    BadgeKind(kind)
    with transaction.atomic():
        existing = Badge.objects.filter(user_id=user.pk, kind=kind, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                badge = Badge.objects.create(user_id=user.pk, kind=kind, granted_at=clock.now())
        except IntegrityError:  # granted concurrently
            return Badge.objects.get(user_id=user.pk, kind=kind, revoked_at__isnull=True)
        record_audit(actor=actor, action="identity.badge_granted", target=badge, data={"kind": kind, "user": user.pk})
    return badge


def do_revoke_badge(user: Any, kind: str, *, actor: Any = None, reason: str = "") -> bool:
    """Take the badge away (kept as history). Returns whether there was one to revoke."""
    BadgeKind(kind)
    with transaction.atomic():
        badge = Badge.objects.select_for_update().filter(user_id=user.pk, kind=kind, revoked_at__isnull=True).first()
        if badge is None:
            return False
        badge.revoked_at = clock.now()
        badge.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="identity.badge_revoked", target=badge, data={"kind": kind, "reason": reason})
    return True
