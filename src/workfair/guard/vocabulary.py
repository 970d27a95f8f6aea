"""The words of the rule language: signal kinds, outcomes, rule modes, effects and queues.

Plain string enums, so the guard needs no Django. The trust engine stores the same values in its
models (`workfair.trust.states`, Django choices with labels for people); a test keeps the two lists
equal (`workfair/trust/tests/test_vocabulary.py`).
"""

from __future__ import annotations

from enum import Enum, StrEnum


def values(enum: type[Enum]) -> list[str]:
    """The values of a string enum, in order."""
    return [str(m.value) for m in enum]


class SignalKind(StrEnum):
    MESSAGE_SENT = "message.sent"
    JOB_SUBMITTED = "job.submitted"
    PROPOSAL_SENT = "proposal.sent"
    PROFILE_CHANGED = "profile.changed"
    SIGNUP = "signup"
    LOGIN = "login"
    PHONE_VERIFIED = "phone.verified"
    IDENTITY_SUBMITTED = "identity.submitted"
    PHOTO_UPLOADED = "photo.uploaded"
    DEVICE_NEW = "device.new"
    REPORT_FILED = "report.filed"
    CONTRACT_STARTED = "contract.started"
    CONTRACT_ENDED = "contract.ended"
    PAYMENT_VERIFIED = "payment.verified"
    PAYMENT_FAILED = "payment.failed"
    PAYMENT_CHARGEBACK = "payment.chargeback"
    PAYMENT_FIRST_PAYOUT = "payment.first_payout"
    PAYMENT_REFUND = "payment.refund"
    PAYMENT_PAYOUT_METHOD_CHANGED = "payment.payout_method_changed"


class Outcome(StrEnum):
    """What a decision does to the action, least to most severe (see `OUTCOME_RANK`)."""

    ALLOW = "allow"
    WARN = "warn"
    MASK = "mask"
    HOLD = "hold"
    BLOCK = "block"


OUTCOME_RANK: dict[str, int] = {o: k for k, o in enumerate(values(Outcome))}


class RuleMode(StrEnum):
    OFF = "off"
    SHADOW = "shadow"
    ENFORCE = "enforce"


class EffectKind(StrEnum):
    HIDE_CONTENT = "hide_content"
    HOLD_CONTENT = "hold_content"
    ADD_STRIKE = "add_strike"
    RESTRICT = "restrict"
    SUSPEND = "suspend"
    BAN = "ban"
    REQUIRE_VERIFICATION = "require_verification"
    OPEN_CASE = "open_case"
    REFUSE_JOB = "refuse_job"
    OPEN_JOB = "open_job"
    RESTORE_CONTENT = "restore_content"
    LIFT_RESTRICTION = "lift_restriction"
    REQUIRE_STEP_UP = "require_step_up"


class Queue(StrEnum):
    JOB_POSTS = "job_posts"
    HELD_MESSAGES = "held_messages"
    REPORTS = "reports"
    APPEALS = "appeals"
    QUALITY_REVIEW = "quality_review"
    ACCOUNT_HEALTH = "account_health"
    IDENTITY = "identity"


# The signal each surface's content arrives with: what `workfair screen` evaluates a line as.
SURFACE_SIGNALS: dict[str, str] = {
    "message": SignalKind.MESSAGE_SENT,
    "job_post": SignalKind.JOB_SUBMITTED,
    "proposal": SignalKind.PROPOSAL_SENT,
    "profile": SignalKind.PROFILE_CHANGED,
    "review": "review.left",
}
