"""The ledger (accounts, journal entries, lines), payment and payout methods, charges, escrow
holds, payouts and processor webhook events. Payments knows what it pays for only by type and id
("contracts.milestone", 7). Amounts are integer minor units of `currency`; never floats."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from workfair.payments.processor_records import ProcessorRecord as ProcessorRecord  # the sandbox's books
from workfair.payments.states import (
    AccountKind,
    ChargeStatus,
    EntryKind,
    EscrowStatus,
    HourlyWeekStatus,
    MethodStatus,
    PayoutStatus,
    TimeSource,
)


class Account(models.Model):
    """One ledger account: a kind, a currency, and whose it is (a user, a target such as a
    milestone, or nobody for the platform's own accounts). `balance` is the sum of the account's
    lines, kept up to date by `ledger.post` in the same transaction (never written elsewhere)."""

    kind = models.CharField(max_length=24, choices=AccountKind.choices)
    currency = models.CharField(max_length=3)
    owner_id = models.BigIntegerField(default=0, help_text="User id, 0 for platform accounts")
    target_type = models.CharField(max_length=60, blank=True, default="")
    target_id = models.CharField(max_length=40, blank=True, default="")
    balance = models.BigIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "currency", "owner_id", "target_type", "target_id"], name="payments_account_unique"
            )
        ]
        indexes = [models.Index(fields=["owner_id", "kind"], name="payments_account_owner_idx")]

    def __str__(self) -> str:
        owner = f" user {self.owner_id}" if self.owner_id else ""
        target = f" {self.target_type}:{self.target_id}" if self.target_type else ""
        return f"{self.get_kind_display()} {self.currency}{owner}{target}"


class ImmutableRow(models.Model):
    """Written once: saving an existing row or deleting one is refused (and refused again by a
    trigger on PostgreSQL)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Ledger rows are immutable; post a correcting entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Ledger rows are immutable; post a correcting entry instead.")


class JournalEntry(ImmutableRow):
    """One movement of money: its lines sum to zero per currency. `idempotency_key` makes a
    retried posting a no-op."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    description = models.CharField(max_length=300, blank=True)
    target_type = models.CharField(max_length=60, blank=True, default="")
    target_id = models.CharField(max_length=40, blank=True, default="")
    actor_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="payments_entry_target_idx")]


class JournalLine(ImmutableRow):
    """One leg of an entry: a positive amount credits the account (the platform holds or owes its
    owner more), a negative one debits it."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)

    class Meta:
        indexes = [models.Index(fields=["account", "entry"], name="payments_line_account_idx")]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="payments_line_nonzero")]


class PaymentMethod(models.Model):
    """A client's card at the processor: only the processor's token, brand and last four digits."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_methods")
    processor = models.CharField(max_length=20)
    token = models.CharField(max_length=200)
    brand = models.CharField(max_length=20)
    last4 = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=MethodStatus.choices)
    action_ref = models.CharField(max_length=200, blank=True, help_text="The processor's pending 3-D Secure check")
    failure_message = models.CharField(max_length=300, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "status"], name="payments_method_user_idx")]

    def __str__(self) -> str:
        return f"{self.brand} •••• {self.last4}"


class PayoutMethod(models.Model):
    """A freelancer's bank account at the processor: token and last four digits only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_methods")
    processor = models.CharField(max_length=20)
    token = models.CharField(max_length=200)
    bank_name = models.CharField(max_length=80)
    last4 = models.CharField(max_length=4)
    currency = models.CharField(max_length=3)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.bank_name} •••• {self.last4}"


class Charge(models.Model):
    """One attempt to charge a client's card, succeeded or not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="charges")
    method = models.ForeignKey(PaymentMethod, on_delete=models.PROTECT, related_name="charges")
    processor = models.CharField(max_length=20)
    processor_ref = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=ChargeStatus.choices)
    failure_message = models.CharField(max_length=300, blank=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["processor", "processor_ref"], name="payments_charge_ref_idx")]


class EscrowHold(models.Model):
    """The money in escrow for one target (a milestone): what was funded, released, refunded,
    and the timers (auto-release, refund after the contract ended, pending to available)."""

    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    group_type = models.CharField(max_length=60, blank=True, help_text="What the target belongs to (a contract)")
    group_id = models.CharField(max_length=40, blank=True)
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="holds")
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField(help_text="Funded into escrow")
    client_fee = models.BigIntegerField(default=0)
    refunded = models.BigIntegerField(default=0)
    released = models.BigIntegerField(default=0)
    freelancer_fee = models.BigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=EscrowStatus.choices, default=EscrowStatus.FUNDED)
    auto_release_at = models.DateTimeField(null=True, blank=True)
    refund_due_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)
    matured = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="payments_escrow_one_per_target"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_escrow_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "auto_release_at"], name="payments_escrow_auto_idx"),
            models.Index(fields=["status", "refund_due_at"], name="payments_escrow_refund_idx"),
            models.Index(fields=["matured", "available_at"], name="payments_escrow_mature_idx"),
            models.Index(fields=["group_type", "group_id"], name="payments_escrow_group_idx"),
        ]

    @property
    def in_escrow(self) -> int:
        return self.amount - self.refunded - self.released


class Payout(models.Model):
    """A withdrawal of available money to a payout method."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts")
    method = models.ForeignKey(PayoutMethod, on_delete=models.PROTECT, related_name="payouts")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=PayoutStatus.choices)
    idempotency_key = models.CharField(max_length=200, unique=True)
    processor_ref = models.CharField(max_length=200, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_payout_positive")]


class WebhookEvent(models.Model):
    """A processor event, stored once by its id: a second delivery of the same event does nothing."""

    processor = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=80)
    payload = models.JSONField()
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["processor", "event_id"], name="payments_webhook_once")]


# --- hourly billing -----------------------------------------------------------------------------


class HourlyWeek(models.Model):
    """One hourly contract's work week (Monday to Sunday, docs/rules.md "Work week") and, once the
    week is closed, its invoice. Created with the week's first time entry; every write to the
    week's entries and the invoicing lock this row first, so an edit and the invoice serialise.
    The contract is known by type and id; its terms are copied here as time is logged."""

    contract_type = models.CharField(max_length=60)
    contract_id = models.BigIntegerField()
    week_start = models.DateField(help_text="The Monday")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120, blank=True)
    currency = models.CharField(max_length=3)
    rate = models.PositiveIntegerField(help_text="Minor units per hour")
    limit_minutes = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=HourlyWeekStatus.choices, default=HourlyWeekStatus.OPEN)
    logged_minutes = models.PositiveIntegerField(default=0)
    billed_minutes = models.PositiveIntegerField(default=0)
    amount = models.BigIntegerField(default=0, help_text="Billed minutes x rate")
    client_fee = models.BigIntegerField(default=0)
    freelancer_fee = models.BigIntegerField(default=0)
    invoiced_at = models.DateTimeField(null=True, blank=True)
    review_ends_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.CharField(max_length=1000, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    charge = models.ForeignKey(Charge, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    charge_attempts = models.PositiveSmallIntegerField(default=0)
    next_charge_at = models.DateTimeField(null=True, blank=True)
    charged_at = models.DateTimeField(null=True, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)
    matured = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract_type", "contract_id", "week_start"], name="payments_hourlyweek_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "week_start"], name="payments_hourlyweek_status_idx"),
            models.Index(fields=["status", "next_charge_at"], name="payments_hourlyweek_charge_idx"),
            models.Index(fields=["matured", "available_at"], name="payments_hourlyweek_mature_idx"),
            models.Index(fields=["client", "week_start"], name="payments_hourlyweek_client_idx"),
            models.Index(fields=["freelancer", "week_start"], name="payments_hourlyweek_fl_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.contract_type + ':' + str(self.contract_id)}, week of {self.week_start}"

    @property
    def client_total(self) -> int:
        """What the client pays for the week."""
        return self.amount + self.client_fee

    @property
    def freelancer_net(self) -> int:
        """What the freelancer receives for the week."""
        return self.amount - self.freelancer_fee


class TimeEntry(models.Model):
    """Time the freelancer worked on one day of an hourly contract's week: manual time now, the
    Work Diary's tracked time later (`source`). Editable while its week is open."""

    week = models.ForeignKey(HourlyWeek, on_delete=models.PROTECT, related_name="entries")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    memo = models.CharField(max_length=500)
    source = models.CharField(max_length=10, choices=TimeSource.choices, default=TimeSource.MANUAL)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "time entries"
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="payments_timeentry_positive")]
        indexes = [models.Index(fields=["week", "date"], name="payments_timeentry_week_idx")]
