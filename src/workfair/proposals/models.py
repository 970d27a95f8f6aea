"""Proposals, invitations and the proposal-credit quota."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.core.files import RandomName, private_storage
from workfair.proposals.states import CreditReason, InvitationStatus, ProposalStatus


class Invitation(models.Model):
    """A client invites a freelancer to propose on a job; the proposal is then free."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="invitations")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_invitations")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    created_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "freelancer"], name="proposals_invitation_unique")]


class Proposal(models.Model):
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="proposals")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    cover_letter = models.TextField(max_length=5000)
    # Hourly jobs: the rate asked; fixed jobs: the bid. Minor units.
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    estimated_duration = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    credits_spent = models.PositiveSmallIntegerField(default=0)
    decline_reason = models.CharField(max_length=500, blank=True, help_text="Why the client declined, if said")
    # Set the first time the client opens a conversation about the proposal ("interview"); from then
    # on the client's name is shown to this freelancer.
    interviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "freelancer"], name="proposals_proposal_unique")]
        indexes = [
            models.Index(fields=["job", "status"], name="proposals_job_status_idx"),
            models.Index(fields=["freelancer", "-created_at"], name="proposals_freelancer_idx"),
        ]


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    # Private: a random name in the private storage, read only through the download view; `name`
    # is the uploader's file name, used only as the download name (workfair.core.files).
    file = models.FileField(storage=private_storage, upload_to=RandomName("proposal-attachments"))
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField()


class CreditAccount(models.Model):
    """A freelancer's proposal credits. `balance` is the sum of its transactions."""

    freelancer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_account")
    balance = models.IntegerField(default=0)
    last_refill_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(balance__gte=0), name="proposals_credit_nonnegative")]


class CreditTransaction(models.Model):
    """Append-only: every change of a credit balance."""

    account = models.ForeignKey(CreditAccount, on_delete=models.CASCADE, related_name="transactions")
    delta = models.IntegerField()
    reason = models.CharField(max_length=20, choices=CreditReason.choices)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    period = models.CharField(max_length=7, blank=True, help_text="YYYY-MM of a monthly refill")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            # One refill per account per month, however often the refill runs.
            models.UniqueConstraint(
                fields=["account", "period"],
                condition=models.Q(reason="monthly_refill"),
                name="proposals_one_refill_per_month",
            ),
            # A proposal's credits are given back at most once.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(reason="refund"),
                name="proposals_one_refund_per_proposal",
            ),
        ]
