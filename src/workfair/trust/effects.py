"""Effects: what a decision does, carried out by registered handlers, idempotently and audited.

A decision lists its effects as data (`[{"kind": "add_strike"}, {"kind": "open_case", "queue": ...}]`).
`apply_effects(decision, actor=...)` runs every handler inside one savepoint: either all of them
take hold (each recorded once in `EffectApplication` under a unique key, with an audit row) or, if
one fails, none does and the decision is marked `failed` so it can be retried
(`actions.do_retry_decision_effects`). Applying twice is a no-op: the keys are already there.
`reverse_effects` undoes them (a won appeal, a moderator's reversal).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.trust.cases import open_or_join_case
from workfair.trust.config import trust_setting
from workfair.trust.enforcement import active_strike_weight, effective, ladder_step
from workfair.trust.models import AccountStanding, Decision, EffectApplication, HiddenContent, Strike
from workfair.trust.registry import content_releaser
from workfair.trust.states import STANDING_RANK, DecisionSource, EffectKind, EffectsState, Queue, StandingLevel

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EffectContext:
    decision: Decision
    actor: Any
    now: dt.datetime

    @property
    def manual(self) -> bool:
        return self.decision.source == DecisionSource.MANUAL


Handler = Callable[[EffectContext, dict[str, Any]], dict[str, Any]]
Reverser = Callable[[EffectContext, EffectApplication], None]
HANDLERS: dict[str, Handler] = {}
REVERSERS: dict[str, Reverser] = {}


class EffectFailed(Exception):
    """A handler could not carry out its effect; nothing of the decision's effects was applied."""


def register_effect(kind: str, *, reverse: Reverser | None = None) -> Callable[[Handler], Handler]:
    """Register the handler of `kind` (and optionally how to undo it)."""

    def decorator(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        if reverse is not None:
            REVERSERS[kind] = reverse
        return handler

    return decorator


def effect_key(decision: Decision, kind: str) -> str:
    return f"decision:{decision.pk}:{kind}"


def apply_effects(decision: Decision, *, actor: Any = None) -> bool:
    """Carry out the decision's effects all-or-nothing (see the module doc). Returns True when
    applied (or nothing to do), False when a handler failed (the decision says why)."""
    if not decision.effects:
        return True
    ctx = EffectContext(decision, actor, clock.now())
    try:
        with transaction.atomic():  # a savepoint: a failing handler rolls back every effect
            for effect in decision.effects:
                kind = effect["kind"]
                key = effect_key(decision, kind)
                if EffectApplication.objects.filter(key=key).exists():
                    continue  # already applied by an earlier attempt
                handler = HANDLERS.get(kind)
                if handler is None:
                    raise EffectFailed(f"no handler for effect {kind!r}")
                data = handler(ctx, {n: v for n, v in effect.items() if n != "kind"})
                EffectApplication.objects.create(decision=decision, kind=kind, key=key, data=data, applied_at=ctx.now)
                record_audit(actor=actor, action=f"trust.effect.{kind}", target=decision, data=data)
            Decision.objects.filter(pk=decision.pk).update(effects_state=EffectsState.APPLIED, effects_error="")
    except Exception as exc:
        logger.exception("effects of decision %s failed", decision.pk)
        message = f"{type(exc).__name__}: {exc}"[:500]
        Decision.objects.filter(pk=decision.pk).update(effects_state=EffectsState.FAILED, effects_error=message)
        decision.effects_state, decision.effects_error = EffectsState.FAILED, message
        return False
    decision.effects_state, decision.effects_error = EffectsState.APPLIED, ""
    return True


def decision_required_verification(decision_id: int) -> bool:
    """Whether decision `decision_id` asked for identity verification and that was not reversed (a
    step-up check passed for such a decision also lifts the requirement)."""
    return EffectApplication.objects.filter(
        decision_id=decision_id, kind=EffectKind.REQUIRE_VERIFICATION, reversed_at__isnull=True
    ).exists()


def reverse_effects(decision: Decision, *, actor: Any) -> list[str]:
    """Undo every applied, not yet reversed effect of `decision` (latest first); returns the kinds."""
    ctx = EffectContext(decision, actor, clock.now())
    undone: list[str] = []
    for app in decision.applications.filter(reversed_at__isnull=True).order_by("-id"):
        reverser = REVERSERS.get(app.kind)
        if reverser is not None:
            reverser(ctx, app)
        EffectApplication.objects.filter(pk=app.pk).update(reversed_at=ctx.now)
        record_audit(actor=actor, action=f"trust.effect.{app.kind}.reversed", target=decision, data=app.data)
        undone.append(app.kind)
    Decision.objects.filter(pk=decision.pk).update(effects_state=EffectsState.REVERSED)
    decision.effects_state = EffectsState.REVERSED
    return undone


# --- content ------------------------------------------------------------------------------------


def _hide(ctx: EffectContext, *, held: bool) -> dict[str, Any]:
    d = ctx.decision
    if not d.target_id:
        return {"skipped": "no content"}
    active = HiddenContent.objects.filter(target_type=d.target_type, target_id=d.target_id, restored_at__isnull=True)
    if active.exists():
        return {"already_hidden": True}
    cleared = HiddenContent.objects.filter(
        target_type=d.target_type, target_id=d.target_id, restored_manually=True
    ).exists()
    if cleared and not ctx.manual:
        # A moderator cleared this content: an automatic decision does not hide it again.
        return {"skipped": "cleared by a moderator"}
    row = HiddenContent.objects.create(
        target_type=d.target_type, target_id=d.target_id, held=held, decision=d, hidden_at=ctx.now
    )
    return {"hidden_content_id": row.pk, "held": held}


def _release(ctx: EffectContext) -> dict[str, Any]:
    """Content that waited for review and is now cleared reaches its audience: a held message is
    delivered (with the receiver notified and the live event sent, as for a normal send)."""
    d = ctx.decision
    release = content_releaser(d.target_type)
    if release is None or not d.target_id:
        return {}
    return release(ctx.actor, int(d.target_id))


def _restore(ctx: EffectContext, app: EffectApplication) -> None:
    row_id = app.data.get("hidden_content_id")
    if row_id:
        HiddenContent.objects.filter(pk=row_id, restored_at__isnull=True).update(
            restored_at=ctx.now, restored_manually=True
        )
    if app.kind == EffectKind.HOLD_CONTENT:  # the hold was reversed (an appeal won, a quality review)
        _release(ctx)


@register_effect(EffectKind.HIDE_CONTENT, reverse=_restore)
def hide_content(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    return _hide(ctx, held=False)


@register_effect(EffectKind.HOLD_CONTENT, reverse=_restore)
def hold_content(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    return _hide(ctx, held=True)


@register_effect(EffectKind.RESTORE_CONTENT)
def restore_content(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    d = ctx.decision
    n = HiddenContent.objects.filter(target_type=d.target_type, target_id=d.target_id, restored_at__isnull=True).update(
        restored_at=ctx.now, restored_manually=ctx.manual
    )
    return {"restored": n, **_release(ctx)}


# --- standing -----------------------------------------------------------------------------------


def _locked_standing(user_id: int, now: dt.datetime) -> AccountStanding:
    AccountStanding.objects.get_or_create(user_id=user_id, defaults={"updated_at": now})
    return AccountStanding.objects.select_for_update().get(user_id=user_id)


def set_standing(
    ctx: EffectContext,
    user_id: int,
    level: str,
    *,
    until: dt.datetime | None = None,
    force: bool = False,
    only_raise: bool = False,
) -> str:
    """Move the account to `level`. Automatic decisions only ever raise a standing; a moderator's
    decision (or `force`) sets it. Returns the level the account is at afterwards."""
    row = _locked_standing(user_id, ctx.now)
    current = effective(row, ctx.now)
    raising = STANDING_RANK[level] > STANDING_RANK[current.level] or (
        level == current.level == StandingLevel.RESTRICTED and until is not None and (row.until or ctx.now) < until
    )
    if not raising and (only_raise or not (ctx.manual or force)):
        return current.level
    row.level = level
    row.until = until if level == StandingLevel.RESTRICTED else None
    row.reason = ctx.decision.reason
    row.decision = ctx.decision
    row.manual = ctx.manual and not only_raise
    row.updated_at = ctx.now
    row.save()
    record_audit(actor=ctx.actor, action=f"trust.standing.{level}", target=ctx.decision,
                 data={"user_id": user_id, "until": until.isoformat() if until else None})  # fmt: skip
    return level


def _one_rung_up(current: str) -> dict[str, Any] | None:
    """The first rung of the ladder above `current`, or None at the top."""
    rungs = sorted(trust_setting("LADDER"), key=lambda r: r["min_weight"])
    return next((r for r in rungs if STANDING_RANK[r["level"]] > STANDING_RANK[current]), None)


def apply_ladder(ctx: EffectContext, user_id: int) -> str:
    """Raise the account to the ladder rung its active strikes reach; returns the level.

    An automatic decision climbs at most one rung above where the account stands (good standing
    -> warning, warning -> restricted, ...): one post or message never restricts an account in good
    standing before a person looked. When the strikes reach higher, the account-health queue gets a
    case and a moderator decides the rest."""
    rung = ladder_step(active_strike_weight(user_id, ctx.now))
    if rung is None:
        return effective(AccountStanding.objects.filter(user_id=user_id).first(), ctx.now).level
    if not ctx.manual:
        current = effective(AccountStanding.objects.filter(user_id=user_id).first(), ctx.now).level
        step = _one_rung_up(current)
        if step is not None and STANDING_RANK[rung["level"]] > STANDING_RANK[step["level"]]:
            open_or_join_case(
                queue=Queue.ACCOUNT_HEALTH,
                title=f"Strikes reach {StandingLevel(rung['level']).label.lower()}: a person decides",
                subject_id=user_id,
                risk=70,
                decision=ctx.decision,
                actor=ctx.actor,
            )
            rung = step
    until = ctx.now + dt.timedelta(days=int(rung["days"])) if rung["level"] == StandingLevel.RESTRICTED else None
    return set_standing(ctx, user_id, rung["level"], until=until, only_raise=True)


def _replayed_rung(strikes: list[Strike]) -> dict[str, Any] | None:
    """The ladder rung `strikes` (oldest first) lead to when applied again one by one, as
    `apply_ladder` did: an automatic decision's strike climbs at most one rung, a moderator's
    strike as far as the weight reaches."""
    weight, level, reached = 0, StandingLevel.NONE, None
    for strike in strikes:
        weight += strike.weight
        rung = ladder_step(weight)
        if rung is None or STANDING_RANK[rung["level"]] <= STANDING_RANK[level]:
            continue
        if strike.decision.source != DecisionSource.MANUAL:
            step = _one_rung_up(level)
            rung = step if step is not None and STANDING_RANK[rung["level"]] > STANDING_RANK[step["level"]] else rung
        level, reached = rung["level"], rung
    return reached


def _recompute_after_reversal(ctx: EffectContext, user_id: int) -> None:
    """After a reversal: if this decision set the standing, fall back to what the remaining
    strikes reach; a level set by another (manual) decision stays."""
    row = AccountStanding.objects.select_for_update().filter(user_id=user_id).first()
    if row is None or (row.decision_id not in (None, ctx.decision.pk) and row.manual):
        return
    remaining = list(
        Strike.objects.filter(user_id=user_id, reversed_at__isnull=True, expires_at__gt=ctx.now)
        .exclude(decision_id=ctx.decision.pk)
        .select_related("decision")
        .order_by("id")
    )
    rung = _replayed_rung(remaining)
    row.level = rung["level"] if rung else StandingLevel.NONE
    row.until = (
        ctx.now + dt.timedelta(days=int(rung["days"])) if rung and rung["level"] == StandingLevel.RESTRICTED else None
    )
    # The standing now rests on the strikes that remain: it cites the latest of their decisions (its
    # reason, its appeal), never the reversed one; with none left, nothing (no reason, no appeal).
    latest = remaining[-1] if remaining and rung is not None else None
    row.decision = latest.decision if latest is not None else None
    row.reason = latest.decision.reason if latest is not None else ""
    row.manual = False
    row.updated_at = ctx.now
    row.save()
    record_audit(actor=ctx.actor, action=f"trust.standing.{row.level}", target=ctx.decision,
                 data={"user_id": user_id, "after": "reversal"})  # fmt: skip


def _subject_id(ctx: EffectContext) -> int:
    if ctx.decision.subject_id is None:
        raise EffectFailed("the decision has no account to act on")
    return int(ctx.decision.subject_id)


def _reverse_strike(ctx: EffectContext, app: EffectApplication) -> None:
    Strike.objects.filter(pk=app.data.get("strike_id"), reversed_at__isnull=True).update(reversed_at=ctx.now)
    _recompute_after_reversal(ctx, _subject_id(ctx))


def _reverse_standing(ctx: EffectContext, app: EffectApplication) -> None:
    _recompute_after_reversal(ctx, _subject_id(ctx))


@register_effect(EffectKind.ADD_STRIKE, reverse=_reverse_strike)
def add_strike(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    user_id = _subject_id(ctx)
    weight = int(params.get("weight", ctx.decision.strike_weight) or 1)
    strike = Strike.objects.create(
        user_id=user_id,
        decision=ctx.decision,
        rule_key=ctx.decision.rule_key,
        weight=weight,
        created_at=ctx.now,
        expires_at=ctx.now + dt.timedelta(days=int(trust_setting("STRIKE_EXPIRY_DAYS"))),
    )
    level = apply_ladder(ctx, user_id)
    return {"strike_id": strike.pk, "weight": weight, "level": level}


@register_effect(EffectKind.RESTRICT, reverse=_reverse_standing)
def restrict(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    days = int(params.get("days") or trust_setting("DEFAULT_RESTRICTION_DAYS"))
    until = ctx.now + dt.timedelta(days=days)
    return {
        "level": set_standing(ctx, _subject_id(ctx), StandingLevel.RESTRICTED, until=until),
        "until": until.isoformat(),
    }


@register_effect(EffectKind.SUSPEND, reverse=_reverse_standing)
def suspend(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"level": set_standing(ctx, _subject_id(ctx), StandingLevel.SUSPENDED)}


@register_effect(EffectKind.BAN, reverse=_reverse_standing)
def ban(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"level": set_standing(ctx, _subject_id(ctx), StandingLevel.BANNED)}


@register_effect(EffectKind.LIFT_RESTRICTION)
def lift_restriction(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"level": set_standing(ctx, _subject_id(ctx), StandingLevel.NONE, force=True)}


def _reverse_verification(ctx: EffectContext, app: EffectApplication) -> None:
    AccountStanding.objects.filter(user_id=_subject_id(ctx)).update(verification_required=False)


@register_effect(EffectKind.REQUIRE_VERIFICATION, reverse=_reverse_verification)
def require_verification(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    row = _locked_standing(_subject_id(ctx), ctx.now)
    row.verification_required = True
    row.updated_at = ctx.now
    row.save(update_fields=["verification_required", "updated_at"])
    return {"verification_required": True}


# --- cases --------------------------------------------------------------------------------------


@register_effect(EffectKind.OPEN_CASE)
def open_case(ctx: EffectContext, params: dict[str, Any]) -> dict[str, Any]:
    d = ctx.decision
    queue = params["queue"]
    case, created = open_or_join_case(
        queue=queue,
        title=params.get("title") or f"{d.rule_key}: {d.reason}"[:200],
        subject_id=d.subject_id,
        target_type=d.target_type,
        target_id=d.target_id,
        risk=int(params.get("risk", 50)),
        decision=d,
        actor=ctx.actor,
    )
    return {"case_id": case.pk, "created": created}
