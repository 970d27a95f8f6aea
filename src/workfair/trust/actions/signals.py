"""Signals and the gate: what an action in another app sends the engine, the verdict, the decisions
recorded and their effects carried out."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidTransition
from workfair.guard.findings import Finding
from workfair.guard.rules import SignalFacts
from workfair.trust.cases import open_or_join_case
from workfair.trust.config import trust_setting
from workfair.trust.effects import apply_effects
from workfair.trust.engine import SCREENING_FAILED, RuleHit, Verdict, evaluate_facts, without_hits
from workfair.trust.models import (
    Decision,
    Override,
    Report,
    Signal,
)
from workfair.trust.queries import statement_of_reasons
from workfair.trust.registry import notify
from workfair.trust.roles import require_role
from workfair.trust.states import (
    EffectKind,
    EffectsState,
    Outcome,
    Queue,
    ReportReason,
    SignalKind,
    StaffRole,
)

logger = logging.getLogger(__name__)

EMAIL_VERIFIED_SECONDS = 600


def email_verified(user: Any) -> bool:
    """Whether the account has a verified e-mail address. A yes is remembered in the shared cache
    for ten minutes, per account and address (an address, once verified, rarely stops being so),
    which saves the gate a query on nearly every action; a no is always asked again, so a fresh
    verification counts at once."""
    address = hashlib.sha256(str(getattr(user, "email", "")).lower().encode()).hexdigest()[:16]
    key = f"trust:email-verified:{user.pk}:{address}"
    if cache.get(key):
        return True
    verified = EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
    if verified:
        cache.set(key, True, EMAIL_VERIFIED_SECONDS)
    return verified


def signal_context(
    *, actor: Any, kind: str, subject: Any = None, given: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The facts detectors read: account age, e-mail verification, actions of this kind in the last
    hour, reports received (for reports). `given` (e.g. contract_active) wins over computed facts."""
    now = clock.now()
    ctx: dict[str, Any] = {"contract_active": False}
    if getattr(actor, "is_authenticated", False):
        joined = getattr(actor, "date_joined", None) or now
        ctx["account_age_days"] = round((now - joined).total_seconds() / 86400, 2)
        ctx["email_verified"] = email_verified(actor)
        if kind in trust_setting("VELOCITY_PER_HOUR"):
            ctx["actions_last_hour"] = recent_signal_count(actor.pk, kind, now - dt.timedelta(hours=1)) + 1
    if kind == SignalKind.REPORT_FILED and subject is not None:
        since = now - dt.timedelta(days=int(trust_setting("REPEATED_REPORTS_WINDOW_DAYS")))
        recent = Report.objects.filter(subject_id=subject.pk, created_at__gte=since)
        ctx["reports_received"] = recent.values("reporter_id").distinct().count()
        # Distinct people who say the account pretends to be someone else (one report alone never
        # asks for a step-up: the impersonation detector wants two).
        ctx["impersonation_reports"] = (
            recent.filter(reason=ReportReason.IMPERSONATION).values("reporter_id").distinct().count()
        )
    ctx.update(given or {})
    return ctx


@dataclass(frozen=True)
class Gate:
    """The engine's answer before anything is written (see `gate`)."""

    facts: SignalFacts
    verdict: Verdict

    @property
    def outcome(self) -> str:
        return self.verdict.outcome

    @property
    def masked_text(self) -> str:
        return self.verdict.masked_text


# The gate's two reads run on every action, so they skip the ORM's query building (about ten
# times the cost of the indexed query itself here): plain parametrised SQL on the same indexes.


def recent_signal_count(actor_id: int, kind: str, since: dt.datetime) -> int:
    """Signals of `kind` by `actor_id` since `since` (the velocity fact), on the
    (actor, kind, created_at) index. Same count as the ORM's filter().count()."""
    table = Signal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE actor_id = %s AND kind = %s AND created_at >= %s",  # noqa: S608 - a model's table name
            [actor_id, kind, connection.ops.adapt_datetimefield_value(since)],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _overridden_rules(subject_id: int | None, hits: Sequence[RuleHit]) -> set[str]:
    """Rule keys among `hits` that a won appeal overrides for this account and evidence."""
    if subject_id is None or not hits:
        return set()
    keys = {(h.rule.key, h.evidence_key) for h in hits}
    rule_keys = sorted({k for k, _ in keys})
    table = Override._meta.db_table
    marks = ", ".join(["%s"] * len(rule_keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rule_key, evidence_key FROM {table} WHERE user_id = %s AND expires_at > %s "  # noqa: S608 - a model's table name
            f"AND rule_key IN ({marks})",
            [subject_id, connection.ops.adapt_datetimefield_value(clock.now()), *rule_keys],
        )
        rows = cursor.fetchall()
    return {rule for rule, ev in rows if (rule, ev) in keys}


def gate(
    *,
    actor: Any,
    kind: str,
    surface: str = "",
    text: str = "",
    context: dict[str, Any] | None = None,
    subject: Any = None,
    history: Sequence[str] = (),
) -> Gate:
    """Run detectors and the active policy on what `actor` is about to do; writes nothing.

    Use it where the outcome must be known before the write (a message's status), then pass the
    result to `do_record_signal(..., gate=...)` once the content has an id."""
    facts = SignalFacts(kind=kind, surface=surface, text=text or "",
                        context=signal_context(actor=actor, kind=kind, subject=subject, given=context))  # fmt: skip
    verdict = evaluate_facts(facts, history=history)
    subject_id = getattr(subject, "pk", None) or getattr(actor, "pk", None)
    verdict = without_hits(verdict, _overridden_rules(subject_id, verdict.hits), facts)
    return Gate(facts, verdict)


@dataclass
class SignalResult:
    """What `do_record_signal` did: the signal, the verdict and the decisions written."""

    signal: Signal
    verdict: Verdict
    decisions: list[Decision] = field(default_factory=list)
    shadow_decisions: list[Decision] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return self.verdict.outcome

    @property
    def masked_text(self) -> str:
        return self.verdict.masked_text


def _evidence(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {"category": f.category, "kind": f.kind, "start": f.start, "end": f.end, "score": round(f.score, 3),
         "text": f.text[:200], "value": f.value[:200], "evidence": f.evidence[:200], "detector": f.detector}
        for f in findings
    ]  # fmt: skip


def _rule_effects(hit: RuleHit, *, with_strike: bool) -> list[dict[str, Any]]:
    effects = []
    for effect in hit.rule.effects:
        if effect["kind"] == EffectKind.ADD_STRIKE and not with_strike:
            continue  # one strike per signal: the heaviest rule's
        if effect["kind"] == EffectKind.OPEN_CASE:
            effect = {**effect, "queue": hit.rule.queue, "risk": hit.rule.risk, "title": hit.rule.title}
        effects.append(dict(effect))
    return effects


def _subject_user(subject_id: int | None) -> Any:
    if subject_id is None:
        return None
    return get_user_model().objects.filter(pk=subject_id).first()


def notify_decision(decision: Decision, *, title: str | None = None) -> None:
    """Tell the person a decision is about, in-app and by e-mail, with the statement of reasons."""
    recipient = _subject_user(decision.subject_id)
    if recipient is None:
        return
    notify(
        recipient,
        kind="trust.decision",
        title=title or f"Trust and safety: {Outcome(decision.outcome).label.lower()} ({decision.rule_key})",
        body=statement_of_reasons(decision),
        url=reverse("trust:decision", args=[decision.pk]),
    )


def _maybe_sample(decision: Decision) -> None:
    """Send a share of automated decisions to the quality-review queue."""
    if random.random() >= float(trust_setting("QUALITY_SAMPLE_RATE")):  # noqa: S311 - sampling, not security
        return
    open_or_join_case(
        queue=Queue.QUALITY_REVIEW,
        title=f"Quality review: {decision.rule_key} -> {decision.outcome}",
        subject_id=decision.subject_id,
        target_type="trust.decision",
        target_id=str(decision.pk),
        risk=20,
        decision=decision,
    )


def _finish_decision(decision: Decision, *, actor: Any) -> None:
    """Audit, apply effects (all or nothing), notify, sample."""
    record_audit(actor=actor, action="trust.decision", target=decision,
                 data={"outcome": decision.outcome, "rule": decision.rule_key, "shadow": decision.shadow})  # fmt: skip
    applied = apply_effects(decision, actor=actor)
    if applied and decision.subject_id and decision.outcome != Outcome.ALLOW:
        notify_decision(decision)


def do_record_signal(
    *,
    actor: Any,
    kind: str,
    surface: str = "",
    target_type: str = "",
    target_id: int | str = "",
    text: str = "",
    context: dict[str, Any] | None = None,
    subject: Any = None,
    gate: Gate | None = None,
    history: Sequence[str] = (),
) -> SignalResult:
    """Record a signal and act on it: Signal row, one Decision per matching rule (shadow hits as
    shadow decisions, with no effects and no notice), effects through their handlers, notices.

    `subject` is the account the signal is about when it is not the actor (a reported account).
    Pass the `gate` computed before the write to reuse its verdict. Runs in the caller's
    transaction (or its own). A failing effect handler leaves none of that decision's effects
    applied and marks it `failed` (retry with `do_retry_decision_effects`); the signal and the
    decision stay, so the outcome returned still holds."""
    with transaction.atomic():
        g = (
            gate
            if gate is not None
            else globals()["gate"](
                actor=actor, kind=kind, surface=surface, text=text, context=context, subject=subject, history=history
            )
        )
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        subject_id = getattr(subject, "pk", None) or getattr(actor_obj, "pk", None)
        now = clock.now()
        signal = Signal.objects.create(
            actor=actor_obj,
            subject_id=subject_id,
            kind=kind,
            surface=surface,
            target_type=target_type,
            target_id=str(target_id or ""),
            text=g.facts.text,
            context=dict(g.facts.context),
            created_at=now,
        )
        result = SignalResult(signal, g.verdict)
        verdict = g.verdict
        base = {"signal": signal, "subject_id": subject_id, "target_type": target_type,
                "target_id": str(target_id or ""), "policy_version": verdict.policy_version or None,
                "created_at": now}  # fmt: skip
        if verdict.shadow_hits:
            result.shadow_decisions = Decision.objects.bulk_create(
                [
                    Decision(**base, rule_key=h.rule.key, outcome=h.rule.outcome, shadow=True, reason=h.rule.reason,
                             evidence=_evidence(h.findings), evidence_key=h.evidence_key, effects=[])
                    for h in verdict.shadow_hits
                ]
            )  # fmt: skip
        heaviest = max(verdict.hits, key=lambda h: h.rule.strike_weight, default=None)
        for hit in verdict.hits:
            strikes = heaviest is not None and hit is heaviest and hit.rule.strike_weight > 0
            decision = Decision.objects.create(
                **base,
                rule_key=hit.rule.key,
                outcome=hit.rule.outcome,
                reason=hit.rule.reason,
                evidence=_evidence(hit.findings),
                evidence_key=hit.evidence_key,
                strike_weight=hit.rule.strike_weight if strikes else 0,
                effects=_rule_effects(hit, with_strike=strikes),
            )
            _finish_decision(decision, actor=None)
            _maybe_sample(decision)
            result.decisions.append(decision)
        if verdict.failed_closed and not verdict.hits:
            decision = Decision.objects.create(
                **base, rule_key=SCREENING_FAILED, outcome=Outcome.HOLD,
                reason="Our automatic check could not read this content, so a person will look at it first.",
                effects=[{"kind": EffectKind.HOLD_CONTENT}, {"kind": EffectKind.OPEN_CASE, "queue": Queue.HELD_MESSAGES,
                         "risk": 30, "title": "Screening failed"}] if target_id else [],
            )  # fmt: skip
            _finish_decision(decision, actor=None)
            result.decisions.append(decision)
    return result


def _require_staff(actor: Any) -> None:
    require_role(actor, StaffRole.MODERATOR)


@transaction.atomic(durable=True)
def do_retry_decision_effects(*, actor: Any, decision: Decision) -> Decision:
    """Apply again the effects of a decision whose handlers failed. Staff only; a decision whose
    effects are not `failed` is refused (InvalidTransition) and nothing changes."""
    _require_staff(actor)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.effects_state != EffectsState.FAILED:
        raise InvalidTransition("Only a decision whose effects failed can be retried.")
    if not apply_effects(locked, actor=actor):
        raise Conflict(f"The effects failed again: {locked.effects_error}")
    record_audit(actor=actor, action="trust.decision.retry", target=locked)
    if locked.subject_id and locked.outcome != Outcome.ALLOW:
        notify_decision(locked)
    return locked
