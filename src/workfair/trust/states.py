"""Enums of the trust engine and the tables of allowed status transitions."""

from __future__ import annotations

from django.db import models

from workfair.guard.vocabulary import OUTCOME_RANK as OUTCOME_RANK  # one order of outcomes: the rule language's


class SignalKind(models.TextChoices):
    MESSAGE_SENT = "message.sent", "Message sent"
    JOB_SUBMITTED = "job.submitted", "Job post submitted"
    PROPOSAL_SENT = "proposal.sent", "Proposal sent"
    PROFILE_CHANGED = "profile.changed", "Profile changed"
    SIGNUP = "signup", "Sign-up"
    LOGIN = "login", "Log-in"
    PHONE_VERIFIED = "phone.verified", "Phone number verified"
    IDENTITY_SUBMITTED = "identity.submitted", "Identity documents submitted"
    PHOTO_UPLOADED = "photo.uploaded", "Photo uploaded"
    DEVICE_NEW = "device.new", "New device"
    REPORT_FILED = "report.filed", "Report filed"
    CONTRACT_STARTED = "contract.started", "Contract started"
    CONTRACT_ENDED = "contract.ended", "Contract ended"
    PAYMENT_VERIFIED = "payment.verified", "Payment method verified"
    PAYMENT_FAILED = "payment.failed", "Card declined"
    PAYMENT_CHARGEBACK = "payment.chargeback", "Chargeback"
    PAYMENT_FIRST_PAYOUT = "payment.first_payout", "First withdrawal"
    PAYMENT_REFUND = "payment.refund", "Escrow refunded"
    PAYMENT_PAYOUT_METHOD_CHANGED = "payment.payout_method_changed", "Payout account changed"


class Outcome(models.TextChoices):
    """What a decision does to the action, least to most severe (see `OUTCOME_RANK`)."""

    ALLOW = "allow", "Allowed"
    WARN = "warn", "Warned"
    MASK = "mask", "Details masked"
    HOLD = "hold", "Held for review"
    BLOCK = "block", "Blocked"


class RuleMode(models.TextChoices):
    OFF = "off", "Off"
    SHADOW = "shadow", "Shadow (record only)"
    ENFORCE = "enforce", "Enforce"


class DecisionSource(models.TextChoices):
    AUTOMATED = "automated", "Automated"
    MANUAL = "manual", "Decided by a moderator"


class EffectsState(models.TextChoices):
    NONE = "none", "No effects"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed (can be retried)"
    REVERSED = "reversed", "Reversed"


class EffectKind(models.TextChoices):
    HIDE_CONTENT = "hide_content", "Hide the content"
    HOLD_CONTENT = "hold_content", "Hold the content for review"
    ADD_STRIKE = "add_strike", "Add a strike"
    RESTRICT = "restrict", "Restrict the account"
    SUSPEND = "suspend", "Suspend the account"
    BAN = "ban", "Ban the account"
    REQUIRE_VERIFICATION = "require_verification", "Require identity verification"
    OPEN_CASE = "open_case", "Open a case"
    REFUSE_JOB = "refuse_job", "Refuse the job post"
    OPEN_JOB = "open_job", "Open the job post"
    RESTORE_CONTENT = "restore_content", "Restore the content"
    LIFT_RESTRICTION = "lift_restriction", "Lift the account's restriction"
    # Handled by the identity app (registered with `register_effect`); fails cleanly without it.
    REQUIRE_STEP_UP = "require_step_up", "Require a step-up check"


class StandingLevel(models.TextChoices):
    NONE = "none", "Good standing"
    WARNING = "warning", "Warned"
    RESTRICTED = "restricted", "Restricted"
    SUSPENDED = "suspended", "Suspended"
    BANNED = "banned", "Banned"


STANDING_RANK: dict[str, int] = {s: k for k, s in enumerate(StandingLevel.values)}


class Capability(models.TextChoices):
    """What an account may do; `enforcement.require_capability` checks one."""

    BID = "bid", "send proposals"
    POST_JOB = "post_job", "post jobs"
    START_CONTRACT = "start_contract", "start contracts"
    WITHDRAW = "withdraw", "withdraw money"
    ACT = "act", "use Workfair"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    ABUSE = "abuse", "Abuse or harassment"
    OFF_PLATFORM = "off_platform", "Asking to pay or talk outside Workfair"
    SCAM = "scam", "Scam or fraud"
    FAKE_REVIEW = "fake_review", "Fake review"
    PLAGIARISM = "plagiarism", "Plagiarism"
    IMPERSONATION = "impersonation", "Pretending to be someone else"
    OTHER = "other", "Something else"


class ReportTarget(models.TextChoices):
    MESSAGE = "message", "Message"
    JOB = "job", "Job post"
    PROPOSAL = "proposal", "Proposal"
    PROFILE = "profile", "Profile"
    REVIEW = "review", "Review"


class Queue(models.TextChoices):
    JOB_POSTS = "job_posts", "Job posts"
    HELD_MESSAGES = "held_messages", "Held messages"
    REPORTS = "reports", "Reports"
    APPEALS = "appeals", "Appeals"
    QUALITY_REVIEW = "quality_review", "Quality review"
    ACCOUNT_HEALTH = "account_health", "Account health"
    IDENTITY = "identity", "Identity"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLAIMED = "claimed", "Claimed"
    DECIDED = "decided", "Decided"


CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.CLAIMED, CaseStatus.DECIDED}),
    CaseStatus.CLAIMED: frozenset({CaseStatus.OPEN, CaseStatus.DECIDED}),
    CaseStatus.DECIDED: frozenset(),
}


class CaseResolution(models.TextChoices):
    """What a moderator decides on a case."""

    APPROVE = "approve", "Approve / no violation"
    REMOVE = "remove", "Remove the content"
    WARN = "warn", "Warn the account"
    RESTRICT = "restrict", "Restrict the account"
    SUSPEND = "suspend", "Suspend the account"
    BAN = "ban", "Ban the account"
    STEP_UP = "step_up", "Require a step-up check"
    UPHOLD = "uphold", "Uphold the decision (appeal lost)"
    REVERSE = "reverse", "Reverse the decision (appeal won)"


# Resolutions only a senior moderator (or an admin) may take.
SENIOR_RESOLUTIONS = frozenset({CaseResolution.BAN, CaseResolution.UPHOLD, CaseResolution.REVERSE})
# How a moderator's step-up check is passed (the identity app's StepUpMethod values).
STEP_UP_METHODS = ("questions", "phone", "identity")


class CaseEventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    CLAIMED = "claimed", "Claimed"
    RELEASED = "released", "Released"
    DECIDED = "decided", "Decided"
    ESCALATED = "escalated", "Escalated"
    NOTE = "note", "Note"
    REPORT_ADDED = "report_added", "Report added"


class AppealStatus(models.TextChoices):
    OPEN = "open", "Under review"
    WON = "won", "Won: decision reversed"
    LOST = "lost", "Lost: decision upheld"


APPEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    AppealStatus.OPEN: frozenset({AppealStatus.WON, AppealStatus.LOST}),
    AppealStatus.WON: frozenset(),
    AppealStatus.LOST: frozenset(),
}


class StaffRole(models.TextChoices):
    """Staff roles are Django groups of these names; a superuser is an admin."""

    MODERATOR = "moderator", "Moderator"
    SENIOR_MODERATOR = "senior_moderator", "Senior moderator"
    ADMIN = "admin", "Admin"


STAFF_ROLE_RANK: dict[str, int] = {StaffRole.MODERATOR: 1, StaffRole.SENIOR_MODERATOR: 2, StaffRole.ADMIN: 3}
