"""Shared kernel tables: the audit log and the state-change log. Domain apps write to them
through `workfair.core.audit` and `workfair.core.transitions`, never directly."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditLogEntry(models.Model):
    """Who did what to what, written in the same transaction as the change. Append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx")]
        ordering = ["-id"]
        verbose_name_plural = "audit log entries"

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


class StateChange(models.Model):
    """Every status change of a stateful model: from, to, who, why. Append-only."""

    model = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["model", "object_id"], name="core_statechange_obj_idx")]
        ordering = ["id"]


class IdempotencyRecord(models.Model):
    """Remembers the answer to a POST sent with an Idempotency-Key, so a retry gets the same one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    endpoint = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key", "endpoint"], name="core_idempotency_unique")]
