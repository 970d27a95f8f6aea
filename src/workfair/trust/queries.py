"""Reads of the trust engine that depend on who asks, and the statement of reasons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.trust.config import trust_setting
from workfair.trust.models import Appeal, Decision, HiddenContent
from workfair.trust.states import DecisionSource, Outcome


def appeal_deadline(decision: Decision) -> dt.datetime:
    return decision.created_at + dt.timedelta(days=int(trust_setting("APPEAL_WINDOW_DAYS")))


def evidence_lines(decision: Decision) -> list[str]:
    """The evidence of a decision as short lines a person can read."""
    lines = []
    for item in decision.evidence or []:
        what = item.get("evidence") or f"{item.get('category')}: {item.get('kind')}"
        text = item.get("text") or item.get("value") or ""
        lines.append(f"{what}" + (f' — "{text}"' if text else ""))
    return lines


def statement_of_reasons(decision: Decision) -> str:
    """What was decided, by which rule and version, on what evidence, whether automated, and how to
    appeal (only when the decision went against the person): the text of every notice."""
    rule = decision.rule_key or "moderator decision"
    version = f" (policy version {decision.policy_version})" if decision.policy_version else ""
    how = "automatically, by the trust engine" if decision.source == DecisionSource.AUTOMATED else "by a moderator"
    lines = [
        decision.reason,
        "",
        f"Decision: {Outcome(decision.outcome).label}",
        f"Rule: {rule}{version}",
        f"Decided {how} on {decision.created_at:%d %B %Y %H:%M} UTC.",
    ]
    evidence = evidence_lines(decision)
    if evidence:
        lines.append("Evidence: " + "; ".join(evidence))
    if decision.outcome == Outcome.ALLOW:
        # In the person's favour (content released, a decision reversed): nothing to appeal.
        lines.append("This decision is in your favour: there is nothing you need to do.")
    else:
        lines.append(
            f"How to appeal: open {reverse('trust:appeal', args=[decision.pk])} before "
            f"{appeal_deadline(decision):%d %B %Y}; a different moderator will review it."
        )
    return "\n".join(lines)


def access_decision_by_id(actor: Any, decision_id: int) -> Decision:
    """A decision about `actor` that they may see (not a shadow one); NotFound otherwise."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound("Decision not found.")
    decision = (
        Decision.objects.filter(pk=decision_id, subject_id=actor.pk, shadow=False).select_related("appeal").first()
    )
    if decision is None:
        raise NotFound("Decision not found.")
    return decision


def decisions_about(actor: Any) -> QuerySet[Decision]:
    """The decisions that affected `actor`, newest first (shadow and allow decisions excluded)."""
    return (
        Decision.objects.filter(subject_id=actor.pk, shadow=False)
        .exclude(outcome=Outcome.ALLOW, effects=[])
        .select_related("appeal")
        .order_by("-id")
    )


def appeals_of(actor: Any) -> QuerySet[Appeal]:
    return Appeal.objects.filter(appellant_id=actor.pk).select_related("decision").order_by("-id")


def can_appeal(actor: Any, decision: Decision) -> bool:
    """Whether `actor` may still appeal `decision` (their own, not yet appealed, within the window)."""
    return (
        getattr(actor, "pk", None) == decision.subject_id
        and not decision.shadow
        and not Appeal.objects.filter(decision_id=decision.pk).exists()
        and clock.now() <= appeal_deadline(decision)
    )


def hidden_target_ids(target_type: str, ids: Iterable[int | str]) -> set[str]:
    """Of `ids` of `target_type` (e.g. "messaging.message"), those hidden or held by a decision.
    One query; other apps call it before showing content."""
    ids = [str(i) for i in ids]
    if not ids:
        return set()
    return set(
        HiddenContent.objects.filter(target_type=target_type, target_id__in=ids, restored_at__isnull=True).values_list(
            "target_id", flat=True
        )
    )


def is_hidden(target_type: str, target_id: int | str) -> bool:
    return bool(hidden_target_ids(target_type, [target_id]))


@dataclass(frozen=True, slots=True)
class ContentHold:
    """Why a piece of content is kept from its audience: `held` (waiting for a moderator) or hidden
    (removed by a decision), the decision's reason and its id (its author may read and appeal it)."""

    held: bool
    reason: str
    decision_id: int


def content_holds(target_type: str, ids: Iterable[int | str]) -> dict[str, ContentHold]:
    """Of `ids` of `target_type`, those hidden or held, with why: for showing the content's author
    what happened to it. One query."""
    ids = [str(i) for i in ids]
    if not ids:
        return {}
    rows = (
        HiddenContent.objects.filter(target_type=target_type, target_id__in=ids, restored_at__isnull=True)
        .select_related("decision")
        .order_by("id")
    )
    return {row.target_id: ContentHold(row.held, row.decision.reason, row.decision_id) for row in rows}
