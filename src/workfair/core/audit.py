"""The audit log: `record_audit` is called inside every action's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from workfair.core import clock
from workfair.core.models import AuditLogEntry


def target_label(target: models.Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def record_audit(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Write one audit row. Call it inside the transaction of the change it describes."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLogEntry.objects.create(
        actor=actor_obj,
        action=action,
        target_type=target_label(target),
        target_id=str(target.pk),
        data=data or {},
        created_at=clock.now(),
    )
