"""Reads of step-up checks: the account's outstanding check, whether it still holds risky actions back,
the actor's own check by id, and the verified phone a code goes to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.identity.models import IdentityVerification, PhoneNumber, StepUp
from workfair.identity.states import (
    ChallengeStatus,
    StepUpMethod,
    VerificationStatus,
)

OUTSTANDING = (ChallengeStatus.PENDING, ChallengeStatus.EXPIRED, ChallengeStatus.FAILED)


def pending_step_up(user: Any) -> StepUp | None:
    """The account's outstanding step-up: its latest one unless that was passed or cancelled
    (an expired or failed check still keeps the risky actions waiting). One query."""
    if not getattr(user, "is_authenticated", False):
        return None
    latest = StepUp.objects.filter(user_id=user.pk).order_by("-id").first()
    if latest is None or latest.status not in OUTSTANDING:
        return None
    return latest


def is_expired(step: StepUp, now: dt.datetime | None = None) -> bool:
    """Whether the check can no longer be answered (identity checks wait for the verification)."""
    if step.status == ChallengeStatus.EXPIRED:
        return True
    if step.method == StepUpMethod.IDENTITY or step.status != ChallengeStatus.PENDING:
        return False
    return step.expires_at <= (now or clock.now())


def identity_satisfied(step: StepUp) -> bool:
    """An identity step-up is met by a verification started after it that reached "verified"."""
    return (
        step.method == StepUpMethod.IDENTITY
        and IdentityVerification.objects.filter(
            user_id=step.user_id, status=VerificationStatus.VERIFIED, created_at__gte=step.created_at
        ).exists()
    )


def blocking_step_up(user: Any) -> StepUp | None:
    """The step-up that keeps risky actions waiting, if any. Not remembered on the user object: a
    check asked for by an effect (on another copy of the user) must block at once."""
    step = pending_step_up(user)
    if step is not None and identity_satisfied(step):
        return None
    return step


def identity_reverification_wanted(user: Any) -> bool:
    """Whether an outstanding step-up asks `user` to verify their identity again (so the
    verification flow lets an already verified person start a new verification)."""
    step = blocking_step_up(user)
    return step is not None and step.method == StepUpMethod.IDENTITY


def access_step_up_by_id(actor: Any, step_up_id: int) -> StepUp:
    """A step-up of the actor's own account; NotFound otherwise."""
    step = None
    if getattr(actor, "is_authenticated", False):
        step = StepUp.objects.filter(pk=step_up_id, user_id=actor.pk).first()
    if step is None:
        raise NotFound("Security check not found.")
    return step


def verified_phone(user_id: int | None) -> PhoneNumber | None:
    if user_id is None:
        return None
    return PhoneNumber.objects.filter(user_id=user_id, verified_at__isnull=False).first()
