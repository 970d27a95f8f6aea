"""Tables of identity verification. Data and constraints only: every write goes through
the `actions` module of its area (`identity.phone.actions`, `identity.verification.actions`, ...).

What is stored and how it is protected is in docs/subsystems/identity.md: document images, selfies
and document details only as `SealedFile`s (envelope-encrypted); identifiers of the identity graph
only as keyed hashes (perceptual image hashes excepted: they must be compared by distance).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from workfair.identity.states import (
    BadgeKind,
    ChallengeStatus,
    DocumentType,
    IdentifierKind,
    PhoneChannel,
    SealedPurpose,
    StepUpMethod,
    StepUpReason,
    VerificationProvider,
    VerificationStatus,
    VideoCheckStatus,
)

USER = settings.AUTH_USER_MODEL


# --- phone ---------------------------------------------------------------------------------------


class PhoneNumber(models.Model):
    """An account's phone number. A verified number belongs to one account only."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="phone_number")
    e164 = models.CharField(max_length=20, help_text="E.164, needed to send codes")
    number_hash = models.CharField(max_length=64, help_text="Keyed hash of the E.164 number")
    verified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["number_hash"], condition=Q(verified_at__isnull=False), name="identity_one_account_per_phone"
            )
        ]


class PhoneChallenge(models.Model):
    """One code sent to a number. The code is stored hashed; attempts and resends are counted."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="phone_challenges")
    e164 = models.CharField(max_length=20)
    number_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=PhoneChannel.choices, default=PhoneChannel.SMS)
    code_hash = models.CharField(max_length=128)
    status = models.CharField(max_length=12, choices=ChallengeStatus.choices, default=ChallengeStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sends = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField()
    last_sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    purpose = models.CharField(max_length=20, default="verify", help_text="verify | step_up")

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="identity_phonechal_user_idx")]


# --- encrypted files -----------------------------------------------------------------------------


class SealedFile(models.Model):
    """Envelope-encrypted content: a fresh data key encrypts the content (stored in `storage_name`),
    the data key is stored wrapped by a master key from settings (`master_key_id`). Rotation
    re-wraps data keys. Never served raw; every staff read is audited."""

    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="sealed_files")
    purpose = models.CharField(max_length=20, choices=SealedPurpose.choices)
    storage_name = models.CharField(max_length=255, blank=True, help_text="Ciphertext in the default storage")
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=40)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    purge_after = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["purge_after"], name="identity_sealed_purge_idx")]


# --- identity verification -----------------------------------------------------------------------


class IdentityVerification(models.Model):
    """One attempt at identity verification: document + selfie -> checks -> review -> video."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="identity_verifications")
    status = models.CharField(max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.DRAFT)
    provider = models.CharField(
        max_length=20, choices=VerificationProvider.choices, default=VerificationProvider.WORKFAIR
    )
    provider_ref = models.CharField(max_length=120, blank=True)
    document_type = models.CharField(max_length=20, choices=DocumentType.choices, blank=True)
    document_country = models.CharField(max_length=3, blank=True, help_text="ISO 3166 alpha-3 or alpha-2")
    document_number_hash = models.CharField(max_length=64, blank=True)
    front = models.ForeignKey(SealedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    back = models.ForeignKey(SealedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    selfie = models.ForeignKey(SealedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    details = models.ForeignKey(
        SealedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Sealed JSON: document number, names, date of birth, expiry read from the document",
    )  # fmt: skip
    checks = models.JSONField(default=list, blank=True, help_text="Automatic check results: name, passed, message")
    case_id = models.IntegerField(null=True, blank=True, help_text="The trust case in the identity queue")
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    video_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The live video check must be done by then (set when the documents pass)"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "status"], name="identity_verif_user_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_ref"],
                condition=~Q(provider_ref=""),
                name="identity_verif_provider_ref",
            )
        ]


class VideoSlot(models.Model):
    """A time an agent can run a live video check."""

    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=15)
    agent = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["starts_at"], name="identity_slot_start_idx")]


class VideoCheck(models.Model):
    """A booked live video check: meeting link, the agent's checklist and the recorded outcome."""

    verification = models.ForeignKey(IdentityVerification, on_delete=models.CASCADE, related_name="video_checks")
    slot = models.ForeignKey(VideoSlot, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=12, choices=VideoCheckStatus.choices, default=VideoCheckStatus.BOOKED)
    meeting_url = models.URLField(max_length=300)
    checklist = models.JSONField(default=dict, blank=True)
    outcome_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    booked_at = models.DateTimeField()
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["verification"], condition=Q(status="booked"), name="identity_one_open_video_check"
            )
        ]


class Badge(models.Model):
    """A verification badge shown on profiles, proposals and in search. Revoked, never deleted."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="badges")
    kind = models.CharField(max_length=30, choices=BadgeKind.choices)
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(revoked_at__isnull=True), name="identity_one_active_badge"
            )
        ]


# --- the identity graph --------------------------------------------------------------------------


class Identifier(models.Model):
    """An identifier an account was seen with, normalised then hashed with a key from settings.

    Two accounts sharing (kind, value) are linked. `value` is an HMAC-SHA256 hex digest, except
    for perceptual image hashes (kind photo / document_image / face), kept as their hex so they can
    be compared by Hamming distance."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=64)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value", "user"], name="identity_identifier_unique")]
        indexes = [models.Index(fields=["user", "kind"], name="identity_identifier_user_idx")]


class KnownDevice(models.Model):
    """A device (first-party cookie) an account signed in from; a new one raises an alert."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="known_devices")
    device_hash = models.CharField(max_length=64)
    label = models.CharField(max_length=120, blank=True, help_text="Browser and system, from the user agent")
    country = models.CharField(max_length=2, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "device_hash"], name="identity_device_unique")]


# --- step-up -------------------------------------------------------------------------------------


class StepUp(models.Model):
    """A check the account must pass before a risky action goes on (re-verify phone, answer
    questions from its own history, or verify identity again)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="step_ups")
    reason = models.CharField(max_length=30, choices=StepUpReason.choices)
    method = models.CharField(max_length=20, choices=StepUpMethod.choices)
    status = models.CharField(max_length=12, choices=ChallengeStatus.choices, default=ChallengeStatus.PENDING)
    questions = models.JSONField(default=list, blank=True, help_text="Questions with hashed answers")
    attempts = models.PositiveSmallIntegerField(default=0)
    waiting_action = models.CharField(max_length=60, blank=True, help_text="What waits for this check")
    decision_id = models.IntegerField(null=True, blank=True, help_text="The trust decision that asked for it")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    passed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "status"], name="identity_stepup_user_idx")]
