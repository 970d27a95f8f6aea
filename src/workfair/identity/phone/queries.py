"""Reads of phone verification: the settings with their defaults, whether an account has a verified
number, the code waiting to be entered (the actor's own only), and what is left of a code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.identity.models import PhoneChallenge, PhoneNumber
from workfair.identity.phone.providers import OutboxMessage, console_outbox
from workfair.identity.states import (
    ChallengeStatus,
)

PURPOSE_VERIFY = "verify"


DEFAULTS: dict[str, Any] = {
    "PHONE_CODE_MINUTES": 10,
    "PHONE_MAX_ATTEMPTS": 5,
    "PHONE_MAX_SENDS": 3,
    "PHONE_RESEND_SECONDS": 60,
    "PHONE_MAX_CHALLENGES_PER_DAY": 5,
    "REQUIRE_PHONE_FOR": ["post_job", "bid"],
}


def phone_setting(name: str) -> Any:
    return settings.WORKFAIR_IDENTITY.get(name, DEFAULTS[name])


def pending_challenges(user_id: int) -> Any:
    return PhoneChallenge.objects.filter(user_id=user_id, purpose=PURPOSE_VERIFY, status=ChallengeStatus.PENDING)


def phone_verified(user: Any) -> bool:
    """Whether `user` has a verified phone number (one indexed query)."""
    if not getattr(user, "pk", None):
        return False
    return PhoneNumber.objects.filter(user_id=user.pk, verified_at__isnull=False).exists()


def verified_phone(user: Any) -> PhoneNumber | None:
    if not getattr(user, "pk", None):
        return None
    return PhoneNumber.objects.filter(user_id=user.pk, verified_at__isnull=False).first()


def waiting_challenge(user: Any) -> PhoneChallenge | None:
    """The latest code still waiting to be entered (pending and not expired), if any."""
    if not getattr(user, "pk", None):
        return None
    challenge = pending_challenges(user.pk).order_by("-created_at", "-pk").first()
    if challenge is None:
        return None
    if challenge.expires_at <= clock.now() and sends_left(challenge) == 0:
        return None  # expired for good: nothing more can be done with it
    return challenge


def access_phone_challenge_by_id(actor: Any, challenge_id: int) -> PhoneChallenge:
    """The actor's own challenge; NotFound for anybody else's."""
    user_id = getattr(actor, "pk", None)
    challenge = PhoneChallenge.objects.filter(pk=challenge_id, user_id=user_id).first() if user_id else None
    if challenge is None:
        raise NotFound("No such code.")
    return challenge


def attempts_left(challenge: PhoneChallenge) -> int:
    return max(int(phone_setting("PHONE_MAX_ATTEMPTS")) - challenge.attempts, 0)


def sends_left(challenge: PhoneChallenge) -> int:
    return max(int(phone_setting("PHONE_MAX_SENDS")) - challenge.sends, 0)


def resend_available_at(challenge: PhoneChallenge) -> dt.datetime | None:
    """When the code can be sent again (None: it cannot, all sends are used)."""
    if sends_left(challenge) == 0:
        return None
    return challenge.last_sent_at + dt.timedelta(seconds=int(phone_setting("PHONE_RESEND_SECONDS")))


def dev_outbox_for(viewer: Any) -> list[OutboxMessage]:
    """The console provider's recent messages (development) the viewer may read: staff all of them,
    anyone else only those sent to a number they asked a code for or hold, newest first."""
    if getattr(viewer, "is_staff", False):
        return console_outbox()
    numbers = set(PhoneChallenge.objects.filter(user_id=viewer.pk).values_list("e164", flat=True))
    numbers.update(PhoneNumber.objects.filter(user_id=viewer.pk).values_list("e164", flat=True))
    return [message for message in console_outbox() if message.to in numbers]
