"""Offers, contracts, milestones and the platform NDA."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.contracts.states import ContractStatus, ContractType, MilestoneStatus, OfferStatus


class NdaVersion(models.Model):
    """A published version of the platform NDA. Every accepted offer records the version accepted."""

    version = models.CharField(max_length=20, unique=True)
    text = models.TextField()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"NDA {self.version}"


class Offer(models.Model):
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_offers")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers")
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="offers")
    proposal = models.ForeignKey(
        "proposals.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=5000, blank=True)
    contract_type = models.CharField(max_length=10, choices=ContractType.choices)
    currency = models.CharField(max_length=3, default="USD")
    hourly_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units per hour")
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    manual_time_allowed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["freelancer", "status"], name="contracts_offer_fl_idx"),
            models.Index(fields=["client", "status"], name="contracts_offer_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(contract_type="hourly", hourly_rate__gt=0, weekly_limit_hours__isnull=False)
                    | models.Q(contract_type="fixed")
                ),
                name="contracts_offer_hourly_terms",
            )
        ]


class Contract(models.Model):
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="contract")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_contracts")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="freelancer_contracts"
    )
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    title = models.CharField(max_length=120)
    contract_type = models.CharField(max_length=10, choices=ContractType.choices)
    currency = models.CharField(max_length=3, default="USD")
    hourly_rate = models.PositiveIntegerField(null=True, blank=True)
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    manual_time_allowed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.ACTIVE)
    end_reason = models.CharField(max_length=20, blank=True)
    end_note = models.CharField(max_length=1000, blank=True, help_text="What the person who ended it said")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["client", "status"], name="contracts_client_status_idx"),
            models.Index(fields=["freelancer", "status"], name="contracts_fl_status_idx"),
        ]


class Milestone(models.Model):
    """A fixed-price milestone: proposed on the offer, then carried by the contract."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="milestones")
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=120)
    amount = models.PositiveIntegerField(help_text="Minor units")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING)
    # The payments app releases a submitted milestone automatically some days after `submitted_at`.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submission_note = models.TextField(max_length=5000, blank=True)
    changes_note = models.TextField(max_length=5000, blank=True, help_text="The client's last request for changes")
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="contracts_milestone_positive")]


class NdaAcceptance(models.Model):
    """The freelancer's acceptance of the platform NDA when accepting an offer."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="nda_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nda_version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "user"], name="contracts_nda_once")]
