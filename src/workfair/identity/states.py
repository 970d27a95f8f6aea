"""Enums of identity verification and the tables of allowed status transitions."""

from __future__ import annotations

from django.db import models


class PhoneChannel(models.TextChoices):
    SMS = "sms", "Text message"
    VOICE = "voice", "Voice call"


class ChallengeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the code"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Too many wrong answers"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


CHALLENGE_TRANSITIONS: dict[str, frozenset[str]] = {
    ChallengeStatus.PENDING: frozenset(
        {ChallengeStatus.PASSED, ChallengeStatus.FAILED, ChallengeStatus.EXPIRED, ChallengeStatus.CANCELLED}
    ),
    ChallengeStatus.PASSED: frozenset(),
    ChallengeStatus.FAILED: frozenset(),
    ChallengeStatus.EXPIRED: frozenset(),
    ChallengeStatus.CANCELLED: frozenset(),
}


class DocumentType(models.TextChoices):
    PASSPORT = "passport", "Passport"
    ID_CARD = "id_card", "National identity card"
    DRIVING_LICENCE = "driving_licence", "Driving licence"


# Documents with a back side to photograph.
TWO_SIDED = frozenset({DocumentType.ID_CARD, DocumentType.DRIVING_LICENCE})


class VerificationStatus(models.TextChoices):
    """Identity verification: documents -> automatic checks -> a person -> live video -> verified."""

    DRAFT = "draft", "Uploading documents"
    CHECKS_FAILED = "checks_failed", "Automatic checks failed: upload again"
    IN_REVIEW = "in_review", "Waiting for a reviewer"
    VIDEO_REQUIRED = "video_required", "Book a live video check"
    VIDEO_BOOKED = "video_booked", "Live video check booked"
    VERIFIED = "verified", "Identity verified"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


VERIFICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    VerificationStatus.DRAFT: frozenset(
        {VerificationStatus.CHECKS_FAILED, VerificationStatus.IN_REVIEW, VerificationStatus.CANCELLED}
    ),
    VerificationStatus.CHECKS_FAILED: frozenset(
        {VerificationStatus.DRAFT, VerificationStatus.IN_REVIEW, VerificationStatus.CANCELLED}
    ),
    VerificationStatus.IN_REVIEW: frozenset(
        {VerificationStatus.VIDEO_REQUIRED, VerificationStatus.VERIFIED, VerificationStatus.REJECTED}
    ),
    VerificationStatus.VIDEO_REQUIRED: frozenset(
        {VerificationStatus.VIDEO_BOOKED, VerificationStatus.REJECTED, VerificationStatus.CANCELLED}
    ),
    VerificationStatus.VIDEO_BOOKED: frozenset(
        {VerificationStatus.VIDEO_REQUIRED, VerificationStatus.VERIFIED, VerificationStatus.REJECTED}
    ),
    VerificationStatus.VERIFIED: frozenset({VerificationStatus.REJECTED}),  # revoked by a senior moderator
    VerificationStatus.REJECTED: frozenset(),
    VerificationStatus.CANCELLED: frozenset(),
}


class VerificationProvider(models.TextChoices):
    WORKFAIR = "workfair", "Workfair review"
    STRIPE = "stripe", "Stripe Identity"


class SealedPurpose(models.TextChoices):
    DOCUMENT_FRONT = "document_front", "ID document, front"
    DOCUMENT_BACK = "document_back", "ID document, back"
    SELFIE = "selfie", "Selfie holding the document"
    DETAILS = "details", "Document details (number, name, date of birth, expiry)"


class VideoCheckStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    NO_SHOW = "no_show", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"


VIDEO_TRANSITIONS: dict[str, frozenset[str]] = {
    VideoCheckStatus.BOOKED: frozenset(
        {VideoCheckStatus.PASSED, VideoCheckStatus.FAILED, VideoCheckStatus.NO_SHOW, VideoCheckStatus.CANCELLED}
    ),
    VideoCheckStatus.PASSED: frozenset(),
    VideoCheckStatus.FAILED: frozenset(),
    VideoCheckStatus.NO_SHOW: frozenset(),
    VideoCheckStatus.CANCELLED: frozenset(),
}


class BadgeKind(models.TextChoices):
    PHONE_VERIFIED = "phone_verified", "Phone verified"
    IDENTITY_VERIFIED = "identity_verified", "Identity verified"


class IdentifierKind(models.TextChoices):
    """Nodes of the identity graph. Strong ones can block; weak ones only add risk."""

    EMAIL = "email", "E-mail address"
    PHONE = "phone", "Phone number"
    DOCUMENT = "document", "ID document number"
    FACE = "face", "Verified face (selfie hash)"
    DOCUMENT_IMAGE = "document_image", "Document image"
    PHOTO = "photo", "Profile photo"
    PAYMENT_INSTRUMENT = "payment_instrument", "Payment instrument"
    DEVICE = "device", "Device"
    IP = "ip", "IP address"
    NETWORK = "network", "Network"


STRONG_IDENTIFIERS = frozenset(
    {
        IdentifierKind.EMAIL,
        IdentifierKind.PHONE,
        IdentifierKind.DOCUMENT,
        IdentifierKind.FACE,
        IdentifierKind.DOCUMENT_IMAGE,
        IdentifierKind.PAYMENT_INSTRUMENT,
    }
)
WEAK_IDENTIFIERS = frozenset({IdentifierKind.DEVICE, IdentifierKind.IP, IdentifierKind.NETWORK, IdentifierKind.PHOTO})


class StepUpMethod(models.TextChoices):
    PHONE = "phone", "Confirm your phone number again"
    QUESTIONS = "questions", "Answer questions about your account"
    IDENTITY = "identity", "Verify your identity again"


class StepUpReason(models.TextChoices):
    NEW_DEVICE_PAYOUT = "new_device_payout", "Payout details changed from a new device"
    IMPERSONATION_REPORT = "impersonation_report", "Someone reported impersonation"
    BAN_EVASION_MATCH = "ban_evasion_match", "The account shares details with a banned account"
    MODERATOR = "moderator", "Asked by a moderator"
