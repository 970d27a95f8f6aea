"""Policies: the rules moderators edit, each save a new active version."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, NotFound
from workfair.guard.rules import DEFAULT_RULES, validate_rule, validate_rules
from workfair.trust.engine import forget_active_policy
from workfair.trust.models import (
    PolicyVersion,
    Rule,
)
from workfair.trust.roles import require_role
from workfair.trust.states import (
    RuleMode,
    StaffRole,
)

logger = logging.getLogger(__name__)


def _activate(actor: Any, rules: list[dict[str, Any]], note: str) -> PolicyVersion:
    problems = validate_rules(rules)
    if problems:
        raise InvalidInput("; ".join(problems))
    now = clock.now()
    last = PolicyVersion.objects.select_for_update().order_by("-number").first()
    number = (last.number if last else 0) + 1
    PolicyVersion.objects.filter(is_active=True).update(is_active=False)
    version = PolicyVersion.objects.create(number=number, note=note[:300], is_active=True, created_by=actor,
                                           created_at=now, activated_at=now)  # fmt: skip
    Rule.objects.bulk_create(
        [Rule(policy=version, key=r["key"], title=r["title"], mode=r["mode"], order=k, definition=r)
         for k, r in enumerate(rules)]
    )  # fmt: skip
    record_audit(actor=actor, action="trust.policy.activate", target=version, data={"note": note, "rules": len(rules)})
    transaction.on_commit(forget_active_policy)
    return version


def active_rule_definitions() -> list[dict[str, Any]]:
    """The rules of the active version as data (the shipped defaults when there is none)."""
    version = PolicyVersion.objects.filter(is_active=True).first()
    if version is None:
        return [dict(r) for r in DEFAULT_RULES]
    return [{**r.definition, "mode": r.mode} for r in version.rules.order_by("order", "id")]


@transaction.atomic(durable=True)
def do_save_rule(*, actor: Any, definition: Any, note: str = "") -> PolicyVersion:
    """Add or replace (by key) one rule: a new policy version becomes active. Admins only. An
    invalid rule is refused with InvalidInput listing every problem; nothing is saved."""
    require_role(actor, StaffRole.ADMIN)
    problems = validate_rule(definition)
    if problems:
        raise InvalidInput("The rule was not saved: " + "; ".join(problems))
    rules = active_rule_definitions()
    keys = [r["key"] for r in rules]
    if definition["key"] in keys:
        rules[keys.index(definition["key"])] = definition
    else:
        rules.append(definition)
    return _activate(actor, rules, note or f"rule {definition['key']} saved")


@transaction.atomic(durable=True)
def do_set_rule_mode(*, actor: Any, key: str, mode: str) -> PolicyVersion:
    """Switch one rule off, to shadow or to enforce (a new policy version). Admins only."""
    require_role(actor, StaffRole.ADMIN)
    if mode not in RuleMode.values:
        raise InvalidInput(f"Mode must be one of {', '.join(RuleMode.values)}.")
    rules = active_rule_definitions()
    for rule in rules:
        if rule["key"] == key:
            rule["mode"] = mode
            return _activate(actor, rules, f"rule {key} -> {mode}")
    raise NotFound("Rule not found.")
