"""The enforcement ladder and the one place that says what an account may do.

    from workfair.trust.enforcement import require_capability
    require_capability(user, "post_job")   # raises AccountRestricted (a PermissionDenied) or returns

Levels: none < warning < restricted (until a date) < suspended < banned. A restricted account may
finish its current contracts but may not bid, post jobs, start contracts or withdraw; a suspended
or banned one may not act at all. The ladder (strike weight -> level) is configuration
(`WORKFAIR_TRUST["LADDER"]`); strikes expire (90 days by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.urls import reverse

from workfair.core import clock
from workfair.core.errors import PermissionDenied
from workfair.trust.config import trust_setting
from workfair.trust.states import STANDING_RANK, Capability, StandingLevel

# What each level forbids.
BARRED: dict[str, frozenset[str]] = {
    StandingLevel.NONE: frozenset(),
    StandingLevel.WARNING: frozenset(),
    StandingLevel.RESTRICTED: frozenset(
        {Capability.BID, Capability.POST_JOB, Capability.START_CONTRACT, Capability.WITHDRAW}
    ),
    StandingLevel.SUSPENDED: frozenset(Capability.values),
    StandingLevel.BANNED: frozenset(Capability.values),
}
LOCKED_OUT = frozenset({StandingLevel.SUSPENDED, StandingLevel.BANNED})


@dataclass(frozen=True, slots=True)
class Standing:
    """An account's effective standing right now."""

    level: str
    until: dt.datetime | None = None
    reason: str = ""
    decision_id: int | None = None
    verification_required: bool = False

    @property
    def locked_out(self) -> bool:
        return self.level in LOCKED_OUT

    @property
    def appeal_url(self) -> str:
        if self.decision_id is None:
            return reverse("trust:standing")
        return reverse("trust:appeal", args=[self.decision_id])

    def describe(self) -> str:
        """One sentence for pages and errors."""
        if self.level == StandingLevel.RESTRICTED and self.until:
            return f"Your account is restricted until {self.until:%d %B %Y %H:%M} UTC."
        sentences: dict[str, str] = {
            StandingLevel.NONE: "Your account is in good standing.",
            StandingLevel.WARNING: "Your account has received a warning.",
            StandingLevel.RESTRICTED: "Your account is restricted.",
            StandingLevel.SUSPENDED: "Your account is suspended.",
            StandingLevel.BANNED: "Your account is banned.",
        }
        return sentences[self.level]


GOOD_STANDING = Standing(StandingLevel.NONE)


class AccountRestricted(PermissionDenied):
    """Refusal because of the account's standing; carries the reason and where to appeal."""

    code = "account_restricted"

    def __init__(self, message: str, *, standing: Standing) -> None:
        super().__init__(message)
        self.standing = standing
        self.reason = standing.reason
        self.appeal_url = standing.appeal_url


def effective(row: Any, now: dt.datetime | None = None) -> Standing:
    """The Standing of an AccountStanding row (None = good standing); a restriction whose date has
    passed no longer counts (the account is back to a warning)."""
    if row is None:
        return GOOD_STANDING
    level = row.level
    if level == StandingLevel.RESTRICTED and row.until is not None and row.until <= (now or clock.now()):
        level = StandingLevel.WARNING
    return Standing(level, row.until, row.reason, row.decision_id, row.verification_required)


def standing_of(user: Any) -> Standing:
    """The effective standing of `user` (one query, remembered on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return GOOD_STANDING
    cached = getattr(user, "_trust_standing", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from workfair.trust.models import AccountStanding

    standing = effective(AccountStanding.objects.filter(user_id=user.pk).first())
    user._trust_standing = standing
    return standing


def standing_levels(user_ids: Iterable[int]) -> dict[int, str]:
    """The effective standing level of each of `user_ids` ("none" when it has no row). One query."""
    from workfair.trust.models import AccountStanding

    ids = {int(i) for i in user_ids}
    if not ids:
        return {}
    now = clock.now()
    levels = {i: str(StandingLevel.NONE) for i in ids}
    for row in AccountStanding.objects.filter(user_id__in=ids):
        levels[row.user_id] = effective(row, now).level
    return levels


def verification_required(user: Any) -> bool:
    """Whether a decision asked `user` to verify their identity (and nothing has lifted it yet)."""
    return standing_of(user).verification_required


def forget_standing(user: Any) -> None:
    """Drop the standing remembered on `user` (after it changed)."""
    if hasattr(user, "_trust_standing"):
        del user._trust_standing


def refusal_message(standing: Standing, capability: str) -> str:
    what = Capability(capability).label
    reason = f" Reason: {standing.reason}" if standing.reason else ""
    return f"{standing.describe()} You cannot {what} now.{reason} You can appeal at {standing.appeal_url}."


CapabilityCheck = Callable[[Any, str], str | None]
CAPABILITY_CHECKS: list[CapabilityCheck] = []


def register_capability_check(check: CapabilityCheck) -> CapabilityCheck:
    """Add `check(user, capability) -> refusal message | None` to what `require_capability` asks
    after the standing (the identity app's "verify your phone first", for example). Registering
    the same function twice is a no-op. Usable as a decorator."""
    if check not in CAPABILITY_CHECKS:
        CAPABILITY_CHECKS.append(check)
    return check


def require_capability(user: Any, capability: str) -> None:
    """Return if `user` may use `capability` (one of `Capability`), else raise a PermissionDenied
    (403): `AccountRestricted` saying why and how to appeal when the standing bars it, or the
    message of the first registered capability check that refuses. Changes nothing."""
    if capability not in Capability.values:
        raise ValueError(f"unknown capability {capability!r}")
    standing = standing_of(user)
    if capability in BARRED[standing.level]:
        raise AccountRestricted(refusal_message(standing, capability), standing=standing)
    for check in CAPABILITY_CHECKS:
        message = check(user, capability)
        if message:
            raise PermissionDenied(message, code="capability_refused")


def websocket_refusal(user: Any) -> dict[str, str] | None:
    """For websocket consumers (sync; wrap in `database_sync_to_async`): None when the user may
    connect, else a payload to send before closing with code 4403."""
    standing = standing_of(user)
    if not standing.locked_out:
        return None
    return {"type": "account.locked", "message": standing.describe(), "reason": standing.reason,
            "appeal_url": standing.appeal_url}  # fmt: skip


# --- the ladder ----------------------------------------------------------------------------------


def active_strike_weight(user_id: int, now: dt.datetime | None = None) -> int:
    """Sum of the weights of the user's strikes that are neither expired nor reversed."""
    from workfair.trust.models import Strike

    total = Strike.objects.filter(
        user_id=user_id, reversed_at__isnull=True, expires_at__gt=now or clock.now()
    ).aggregate(total=Sum("weight"))["total"]
    return int(total or 0)


def ladder_step(weight: int) -> dict[str, Any] | None:
    """The highest rung of the configured ladder that `weight` reaches (None below the first)."""
    reached = None
    for rung in sorted(trust_setting("LADDER"), key=lambda r: r["min_weight"]):
        if weight >= rung["min_weight"]:
            reached = rung
    return reached


def level_rank(level: str) -> int:
    return STANDING_RANK[level]
