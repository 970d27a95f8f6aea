"""One transition function for every stateful model.

`transition(obj, to, table=..., actor=...)` locks the row, checks the allowed-transitions table
from the app's `states.py`, writes the new status, a `StateChange` and an audit row. Call it inside
an action's `transaction.atomic()` block.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from workfair.core import clock
from workfair.core.audit import record_audit, target_label
from workfair.core.errors import InvalidTransition
from workfair.core.models import StateChange

M = TypeVar("M", bound=models.Model)


def transition(
    obj: M,
    to: str,
    *,
    table: Mapping[str, frozenset[str] | set[str]],
    actor: Any,
    field: str = "status",
    reason: str = "",
    extra_updates: Mapping[str, Any] | None = None,
    error_message: str | None = None,
) -> M:
    """Move `obj.<field>` to `to` if the table allows it; lock, save, log, audit. Returns the
    locked, refreshed instance (the caller's `obj` is updated too)."""
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    current = getattr(locked, field)
    if to not in table.get(current, frozenset()):
        raise InvalidTransition(
            error_message or f"This {model._meta.verbose_name} is {current}; it cannot become {to}."
        )
    setattr(locked, field, to)
    update_fields = [field]
    for name, value in (extra_updates or {}).items():
        setattr(locked, name, value)
        update_fields.append(name)
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        locked.updated_at = clock.now()  # type: ignore[attr-defined]
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    StateChange.objects.create(
        model=target_label(locked),
        object_id=str(locked.pk),
        from_state=current,
        to_state=to,
        actor=actor_obj,
        reason=reason[:500],
        created_at=clock.now(),
    )
    record_audit(
        actor=actor,
        action=f"{model._meta.model_name}.{to}",
        target=locked,
        data={"from": current, "to": to, **({"reason": reason} if reason else {})},
    )
    for f in model._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
    return locked
