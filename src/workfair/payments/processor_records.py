"""The sandbox processor's own books: every charge, refund, payout and lost chargeback as the
processor would report it (a real processor keeps these on its side and lists them through its
API). Reconciliation (`payments/reconcile.py`) compares them with the ledger. Imported by
`payments/models.py` so that Django sees the model; nothing but the sandbox writes it."""

from __future__ import annotations

from django.db import models


class ProcessorRecord(models.Model):
    """One money movement at the processor, keyed by the idempotency key we sent (a retried call
    with the same key finds this row and moves nothing again)."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"
        PAYOUT = "payout", "Payout"
        CHARGEBACK = "chargeback", "Chargeback (dispute lost)"

    processor = models.CharField(max_length=20)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    idempotency_key = models.CharField(max_length=200)
    ref = models.CharField(max_length=200)
    charge_ref = models.CharField(max_length=200, blank=True, help_text="The charge a refund or chargeback is about")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    succeeded = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["processor", "kind", "idempotency_key"], name="payments_procrecord_once")
        ]
        indexes = [
            models.Index(fields=["processor", "created_at"], name="payments_procrecord_day_idx"),
            models.Index(fields=["processor", "charge_ref"], name="payments_procrecord_charge_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} {self.amount} {self.currency}"
