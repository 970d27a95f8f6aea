from django.db import models


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    HIRED = "hired", "Hired"
    ARCHIVED = "archived", "Archived"


PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProposalStatus.SUBMITTED: frozenset(
        {
            ProposalStatus.SHORTLISTED,
            ProposalStatus.DECLINED,
            ProposalStatus.WITHDRAWN,
            ProposalStatus.HIRED,
            ProposalStatus.ARCHIVED,
        }
    ),
    ProposalStatus.SHORTLISTED: frozenset(
        {
            ProposalStatus.SUBMITTED,
            ProposalStatus.DECLINED,
            ProposalStatus.WITHDRAWN,
            ProposalStatus.HIRED,
            ProposalStatus.ARCHIVED,
        }
    ),
    ProposalStatus.DECLINED: frozenset({ProposalStatus.ARCHIVED}),
    ProposalStatus.WITHDRAWN: frozenset({ProposalStatus.ARCHIVED}),
    ProposalStatus.HIRED: frozenset({ProposalStatus.ARCHIVED}),
    ProposalStatus.ARCHIVED: frozenset(),
}


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


INVITATION_TRANSITIONS: dict[str, frozenset[str]] = {
    InvitationStatus.PENDING: frozenset(
        {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.EXPIRED}
    ),
    InvitationStatus.ACCEPTED: frozenset(),
    InvitationStatus.DECLINED: frozenset(),
    InvitationStatus.EXPIRED: frozenset(),
}


class CreditReason(models.TextChoices):
    MONTHLY_REFILL = "monthly_refill", "Monthly refill"
    PROPOSAL = "proposal", "Proposal sent"
    REFUND = "refund", "Refund (job closed without a hire, or removed)"
    ADJUSTMENT = "adjustment", "Adjustment by staff"
