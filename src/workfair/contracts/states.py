"""Offer, contract and milestone statuses with their allowed transitions.

Milestone `funded` follows the client's money arriving in escrow (the payments app reports it);
`cancelled` after funding means the escrow was refunded."""

from django.db import models


class ContractType(models.TextChoices):
    HOURLY = "hourly", "Hourly"
    FIXED = "fixed", "Fixed price"


class OfferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the freelancer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the client"
    EXPIRED = "expired", "Expired"


OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.PENDING: frozenset(
        {OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN, OfferStatus.EXPIRED}
    ),
    OfferStatus.ACCEPTED: frozenset(),
    OfferStatus.DECLINED: frozenset(),
    OfferStatus.WITHDRAWN: frozenset(),
    OfferStatus.EXPIRED: frozenset(),
}


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


CONTRACT_TRANSITIONS: dict[str, frozenset[str]] = {
    ContractStatus.ACTIVE: frozenset({ContractStatus.PAUSED, ContractStatus.ENDED}),
    ContractStatus.PAUSED: frozenset({ContractStatus.ACTIVE, ContractStatus.ENDED}),
    ContractStatus.ENDED: frozenset(),
}


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", "Not funded"
    FUNDED = "funded", "Funded in escrow"
    SUBMITTED = "submitted", "Work submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved and released"
    CANCELLED = "cancelled", "Cancelled"


MILESTONE_TRANSITIONS: dict[str, frozenset[str]] = {
    MilestoneStatus.PENDING: frozenset({MilestoneStatus.FUNDED, MilestoneStatus.CANCELLED}),
    MilestoneStatus.FUNDED: frozenset({MilestoneStatus.SUBMITTED, MilestoneStatus.CANCELLED}),
    MilestoneStatus.SUBMITTED: frozenset(
        {MilestoneStatus.APPROVED, MilestoneStatus.CHANGES_REQUESTED, MilestoneStatus.CANCELLED}
    ),
    MilestoneStatus.CHANGES_REQUESTED: frozenset({MilestoneStatus.SUBMITTED, MilestoneStatus.CANCELLED}),
    MilestoneStatus.APPROVED: frozenset(),
    MilestoneStatus.CANCELLED: frozenset(),
}


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Work completed"
    CLIENT_ENDED = "client_ended", "Ended by the client"
    FREELANCER_ENDED = "freelancer_ended", "Ended by the freelancer"
    STAFF_ENDED = "staff_ended", "Ended by staff"
