"""Cases: review queues for content other apps hold, claiming, notes, moderators' decisions and
reversals, cases other apps open and close."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.transitions import transition
from workfair.trust.actions.signals import SignalResult, _require_staff, notify_decision
from workfair.trust.cases import add_case_event, close_same_item_cases, open_or_join_case, same_item_cases
from workfair.trust.config import trust_setting
from workfair.trust.effects import apply_effects, reverse_effects
from workfair.trust.models import (
    Appeal,
    Case,
    Decision,
    Override,
)
from workfair.trust.roles import has_role, require_role
from workfair.trust.states import (
    APPEAL_TRANSITIONS,
    CASE_TRANSITIONS,
    SENIOR_RESOLUTIONS,
    STEP_UP_METHODS,
    AppealStatus,
    CaseEventKind,
    CaseResolution,
    CaseStatus,
    DecisionSource,
    EffectKind,
    Outcome,
    Queue,
    StaffRole,
)

logger = logging.getLogger(__name__)


def do_queue_for_review(
    *, result: SignalResult, queue: str, title: str, subject_id: int | None, target_type: str, target_id: int
) -> None:
    """Put content that a recorded signal held (hold or mask) in `queue` for a person, unless a
    rule's open_case effect already queued it: one case per item, its risk the highest the
    decisions' open_case effects asked for, linked to the first decision."""
    existing = same_item_cases(queue, target_type, str(target_id)).select_for_update().order_by("id").first()
    if existing is not None:
        if existing.queue != queue:  # a rule queued it elsewhere; it belongs where its app reviews it
            Case.objects.filter(pk=existing.pk).update(queue=queue, updated_at=clock.now())
            add_case_event(existing, CaseEventKind.NOTE, note=f"Moved from {existing.queue} to {queue}",
                           data={"from": existing.queue, "to": queue})  # fmt: skip
        return
    open_or_join_case(
        queue=queue,
        title=title,
        subject_id=subject_id,
        target_type=target_type,
        target_id=str(target_id),
        risk=max([int(e.get("risk", 50)) for d_ in result.decisions for e in d_.effects
                  if e["kind"] == EffectKind.OPEN_CASE] or [50]),
        decision=result.decisions[0] if result.decisions else None,
    )  # fmt: skip


# --- cases ---------------------------------------------------------------------------------------


def _require_queue_role(actor: Any, queue: str) -> None:
    if queue == Queue.APPEALS:
        require_role(actor, StaffRole.SENIOR_MODERATOR)
    else:
        _require_staff(actor)


@transaction.atomic(durable=True)
def do_claim_case(*, actor: Any, case: Case) -> Case:
    """Claim an open case for `actor` (the claim lock). Claiming one's own claimed case is a no-op;
    a case claimed by someone else (Conflict) or decided (InvalidTransition) is refused."""
    _require_queue_role(actor, case.queue)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status == CaseStatus.CLAIMED:
        if locked.claimed_by_id == actor.pk:
            return locked
        raise Conflict("Another moderator has claimed this case.", code="case_claimed")
    if locked.status == CaseStatus.DECIDED:
        raise InvalidTransition("This case has already been decided.")
    now = clock.now()
    transition(locked, CaseStatus.CLAIMED, table=CASE_TRANSITIONS, actor=actor,
               extra_updates={"claimed_by": actor, "claimed_at": now})  # fmt: skip
    add_case_event(locked, CaseEventKind.CLAIMED, actor=actor)
    return locked


@transaction.atomic(durable=True)
def do_release_case(*, actor: Any, case: Case) -> Case:
    """Give a claimed case back to its queue. Only the claimant (or an admin) may."""
    _require_staff(actor)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLAIMED:
        raise InvalidTransition("Only a claimed case can be released.")
    if locked.claimed_by_id != actor.pk and not has_role(actor, StaffRole.ADMIN):
        raise Conflict("Another moderator has claimed this case.", code="case_claimed")
    transition(locked, CaseStatus.OPEN, table=CASE_TRANSITIONS, actor=actor,
               extra_updates={"claimed_by": None, "claimed_at": None})  # fmt: skip
    add_case_event(locked, CaseEventKind.RELEASED, actor=actor)
    return locked


@transaction.atomic(durable=True)
def do_add_case_note(*, actor: Any, case: Case, note: str) -> None:
    _require_queue_role(actor, case.queue)
    if not note.strip():
        raise InvalidInput("Write a note.")
    add_case_event(case, CaseEventKind.NOTE, actor=actor, note=note.strip()[:5000])


def do_open_case(
    *,
    queue: str,
    title: str,
    subject_id: int | None,
    target_type: str = "",
    target_id: int | str = "",
    risk: int = 50,
    actor: Any = None,
) -> int:
    """Open a case in `queue` for another app (the identity reviews), or join the open one about
    the same target (or account, when there is no target). Returns the case id. Refusals: an
    unknown queue or a risk outside 0..100 (InvalidInput)."""
    if queue not in Queue.values:
        raise InvalidInput(f"Unknown queue {queue!r} (one of {', '.join(Queue.values)}).")
    if not isinstance(risk, int) or isinstance(risk, bool) or not 0 <= risk <= 100:
        raise InvalidInput("Risk must be a whole number from 0 to 100.")
    if not (title or "").strip():
        raise InvalidInput("A case needs a title.")
    with transaction.atomic():
        case, _ = open_or_join_case(queue=queue, title=title.strip(), subject_id=subject_id, target_type=target_type,
                                    target_id=str(target_id or ""), risk=risk, actor=actor)  # fmt: skip
    return int(case.pk)


CLOSE_RESOLUTIONS = frozenset({CaseResolution.APPROVE, CaseResolution.REMOVE})


def do_close_case(*, actor: Any, case_id: int, resolution: str, reason: str) -> None:
    """Close a case that another app's console decided (an identity review): the case is marked
    decided with `resolution` ("approve" or "remove") and `reason`, and its history says so; the
    trust engine applies NO effects (the deciding app carries out its own).

    Refusals (nothing changes): not a moderator (PermissionDenied), no such case (NotFound), a case
    claimed by another moderator (Conflict), an already decided case (InvalidTransition), an appeal
    (decided only in the trust console), another resolution or an empty reason (InvalidInput)."""
    if resolution not in CLOSE_RESOLUTIONS:
        raise InvalidInput("A case is closed by approving or removing.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the case is closed.")
    _require_staff(actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().filter(pk=case_id).first()
        if locked is None:
            raise NotFound("Case not found.")
        if locked.queue == Queue.APPEALS:
            raise InvalidInput("Appeals are decided in the trust console.")
        if locked.status == CaseStatus.DECIDED:
            raise InvalidTransition("This case has already been decided.", code="case_decided")
        if locked.status == CaseStatus.CLAIMED and locked.claimed_by_id != actor.pk:
            raise Conflict("Another moderator has claimed this case.", code="case_claimed")
        now = clock.now()
        transition(locked, CaseStatus.DECIDED, table=CASE_TRANSITIONS, actor=actor, reason=resolution,
                   extra_updates={"resolution": resolution, "resolution_note": reason[:5000], "decided_by": actor,
                                  "decided_at": now, "claimed_by": locked.claimed_by or actor,
                                  "claimed_at": locked.claimed_at or now})  # fmt: skip
        add_case_event(locked, CaseEventKind.DECIDED, actor=actor, note=reason[:5000],
                       data={"resolution": resolution, "closed_by_app": True})  # fmt: skip
        close_same_item_cases(locked, actor=actor, resolution=resolution, note=reason, now=now)


def do_clear_verification_requirement(user: Any, *, actor: Any) -> bool:
    """Lift the "verify your identity" requirement of `user` (their verification passed, or a
    moderator waived it). Audited; returns whether a requirement was lifted (False: none was set)."""
    from workfair.trust.enforcement import forget_standing
    from workfair.trust.models import AccountStanding

    with transaction.atomic():
        row = AccountStanding.objects.select_for_update().filter(user_id=user.pk, verification_required=True).first()
        if row is None:
            return False
        row.verification_required = False
        row.updated_at = clock.now()
        row.save(update_fields=["verification_required", "updated_at"])
        record_audit(actor=actor if getattr(actor, "is_authenticated", False) else None,
                     action="trust.verification_requirement.clear", target=user, data={"user_id": user.pk})  # fmt: skip
    forget_standing(user)
    return True


REASON_TEMPLATES: dict[str, str] = {
    CaseResolution.APPROVE: "A moderator reviewed this and found no breach of the rules.",
    CaseResolution.REMOVE: "A moderator removed this content because it breaks the Workfair rules.",
    CaseResolution.WARN: "A moderator warned your account because of content that breaks the Workfair rules.",
    CaseResolution.RESTRICT: "A moderator restricted your account: you can finish current contracts but cannot "
    "bid, post jobs, start contracts or withdraw until the date shown.",
    CaseResolution.SUSPEND: "A moderator suspended your account because of serious or repeated breaches of the rules.",
    CaseResolution.BAN: "A senior moderator banned your account permanently because of severe breaches of the rules.",
    CaseResolution.STEP_UP: "A moderator asked you to confirm that this account is yours before you withdraw money, "
    "start contracts or post jobs: open the security check from your dashboard.",
    CaseResolution.UPHOLD: "A second moderator reviewed your appeal and upheld the decision.",
    CaseResolution.REVERSE: "A second moderator reviewed your appeal and reversed the decision.",
}


def _resolution_plan(
    case: Case, resolution: str, restrict_days: int | None, step_up_method: str | None = None
) -> tuple[str, list[dict[str, Any]], int]:
    """(outcome, effects, strike weight) of a moderator's resolution of `case`."""
    if resolution == CaseResolution.STEP_UP:
        if not case.subject_id:
            raise InvalidInput("This case has no account to ask for a step-up check.")
        if step_up_method not in STEP_UP_METHODS:
            raise InvalidInput(f"Choose how the person confirms it is them: {', '.join(STEP_UP_METHODS)}.")
        effect = {"kind": EffectKind.REQUIRE_STEP_UP, "method": step_up_method, "reason": "moderator"}
        return Outcome.WARN, [effect], 0
    job = case.target_type == "jobs.job"
    content = bool(case.target_id) and not job and case.target_type != "trust.decision"
    if resolution == CaseResolution.APPROVE:
        if job:
            return Outcome.ALLOW, [{"kind": EffectKind.OPEN_JOB}], 0
        return Outcome.ALLOW, ([{"kind": EffectKind.RESTORE_CONTENT}] if content else []), 0
    if resolution == CaseResolution.REMOVE:
        if job:
            return Outcome.BLOCK, [{"kind": EffectKind.REFUSE_JOB}, {"kind": EffectKind.ADD_STRIKE}], 1
        if not content:
            raise InvalidInput("This case has no content to remove.")
        return Outcome.BLOCK, [{"kind": EffectKind.HIDE_CONTENT}, {"kind": EffectKind.ADD_STRIKE}], 1
    if resolution == CaseResolution.WARN:
        return Outcome.WARN, [{"kind": EffectKind.ADD_STRIKE}], 1
    if resolution == CaseResolution.RESTRICT:
        days = restrict_days or int(trust_setting("DEFAULT_RESTRICTION_DAYS"))
        if not 1 <= days <= 365:
            raise InvalidInput("A restriction lasts 1 to 365 days.")
        return Outcome.BLOCK, [{"kind": EffectKind.RESTRICT, "days": days}], 0
    if resolution == CaseResolution.SUSPEND:
        return Outcome.BLOCK, [{"kind": EffectKind.SUSPEND}], 0
    if resolution == CaseResolution.BAN:
        return Outcome.BLOCK, [{"kind": EffectKind.BAN}], 0
    raise InvalidInput(f"{CaseResolution(resolution).label} is not a decision for this queue.")


def do_decide_case(
    *,
    actor: Any,
    case: Case,
    resolution: str,
    note: str = "",
    restrict_days: int | None = None,
    step_up_method: str | None = None,
) -> Decision:
    """A moderator decides a case: writes a manual Decision (which overrides the automatic one
    that opened the case), carries out its effects, closes the case and tells the person.

    Refusals (nothing changes): not staff or not senior enough (PermissionDenied: bans and appeals
    need a senior moderator), a case claimed by someone else (Conflict), an already decided case
    (InvalidTransition), an appeal decided by the moderator whose decision is appealed
    (PermissionDenied), a resolution that does not fit the queue (InvalidInput), or a failing effect
    handler (Conflict; decide again to retry).

    "step_up" (any moderator) asks the case's account for a step-up check by `step_up_method`
    (questions, phone or identity): a warn decision with `require_step_up`, reversed on appeal."""
    if resolution not in CaseResolution.values:
        raise InvalidInput(f"Choose a decision: {', '.join(CaseResolution.values)}.")
    _require_queue_role(actor, case.queue)
    if resolution in SENIOR_RESOLUTIONS:
        require_role(actor, StaffRole.SENIOR_MODERATOR)
    with transaction.atomic(durable=True):
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.DECIDED:
            raise InvalidTransition("This case has already been decided.", code="case_decided")
        if locked.status == CaseStatus.CLAIMED and locked.claimed_by_id != actor.pk:
            raise Conflict("Another moderator has claimed this case.", code="case_claimed")
        note = (note or "").strip()
        reason = note or REASON_TEMPLATES[resolution]
        now = clock.now()
        appeal = Appeal.objects.select_related("decision").filter(case_id=locked.pk).first()
        if locked.queue == Queue.APPEALS:
            if appeal is None or resolution not in (CaseResolution.UPHOLD, CaseResolution.REVERSE):
                raise InvalidInput("An appeal is decided by upholding or reversing the decision.")
            decision = _decide_appeal(actor, appeal, resolution, reason, now)
        elif resolution == CaseResolution.REVERSE and locked.queue == Queue.QUALITY_REVIEW and locked.decision:
            decision = _reverse_decision(actor, locked.decision, reason, now, override_for=None)
        elif resolution == CaseResolution.UPHOLD:
            decision = _manual_decision(actor, locked, Outcome.ALLOW, [], 0, reason, now, resolution)
        else:
            outcome, effects, weight = _resolution_plan(locked, resolution, restrict_days, step_up_method)
            decision = _manual_decision(actor, locked, outcome, effects, weight, reason, now, resolution)
        transition(locked, CaseStatus.DECIDED, table=CASE_TRANSITIONS, actor=actor, reason=resolution,
                   extra_updates={"resolution": resolution, "resolution_note": note, "resolution_decision": decision,
                                  "decided_by": actor, "decided_at": now,
                                  "claimed_by": locked.claimed_by or actor,
                                  "claimed_at": locked.claimed_at or now})  # fmt: skip
        add_case_event(locked, CaseEventKind.DECIDED, actor=actor, note=note,
                       data={"resolution": resolution, "decision_id": decision.pk})  # fmt: skip
        close_same_item_cases(locked, actor=actor, resolution=resolution, note=note, now=now)
    case.refresh_from_db()
    return decision


def _manual_decision(
    actor: Any, case: Case, outcome: str, effects: list[dict[str, Any]], weight: int, reason: str, now: dt.datetime,
    resolution: str,
) -> Decision:  # fmt: skip
    decision = Decision.objects.create(
        subject_id=case.subject_id,
        target_type=case.target_type,
        target_id=case.target_id,
        rule_key=f"manual-{resolution}",
        outcome=outcome,
        source=DecisionSource.MANUAL,
        decided_by=actor,
        reason=reason,
        evidence=(case.decision.evidence if case.decision else []),
        strike_weight=weight,
        effects=effects,
        overrides=case.decision,
        created_at=now,
    )
    record_audit(actor=actor, action="trust.decision", target=decision,
                 data={"outcome": outcome, "rule": decision.rule_key, "case_id": case.pk})  # fmt: skip
    if not apply_effects(decision, actor=actor):
        raise EffectFailedConflict(decision.effects_error)
    if decision.subject_id and (effects or outcome != Outcome.ALLOW):
        notify_decision(decision, title=f"Trust and safety: {CaseResolution(resolution).label.lower()}")
    return decision


class EffectFailedConflict(Conflict):
    """A moderator's decision could not be carried out; nothing was changed, try again."""

    def __init__(self, error: str) -> None:
        super().__init__(f"The decision could not be carried out ({error}); nothing was changed. Try again.",
                         code="effects_failed")  # fmt: skip


def _reverse_decision(
    actor: Any, original: Decision, reason: str, now: dt.datetime, override_for: Appeal | None
) -> Decision:
    reverse_effects(original, actor=actor)
    decision = Decision.objects.create(
        subject_id=original.subject_id, target_type=original.target_type, target_id=original.target_id,
        rule_key="manual-reverse", outcome=Outcome.ALLOW, source=DecisionSource.MANUAL, decided_by=actor,
        reason=reason, evidence=original.evidence, overrides=original, created_at=now,
    )  # fmt: skip
    record_audit(actor=actor, action="trust.decision.reverse", target=original, data={"by_decision": decision.pk})
    if override_for is not None and original.subject_id and original.rule_key:
        Override.objects.create(
            user_id=original.subject_id, rule_key=original.rule_key, evidence_key=original.evidence_key or "",
            appeal=override_for, created_at=now,
            expires_at=now + dt.timedelta(days=int(trust_setting("OVERRIDE_DAYS"))),
        )  # fmt: skip
    if original.subject_id:
        notify_decision(decision, title="Trust and safety: a decision about you was reversed")
    return decision


def _decide_appeal(actor: Any, appeal: Appeal, resolution: str, reason: str, now: dt.datetime) -> Decision:
    original = appeal.decision
    if original.decided_by_id == actor.pk:
        raise PermissionDenied("A different moderator must decide the appeal against your own decision.")
    if appeal.appellant_id == actor.pk:
        raise PermissionDenied("You cannot decide your own appeal.")
    if resolution == CaseResolution.REVERSE:
        decision = _reverse_decision(actor, original, reason, now, override_for=appeal)
        status = AppealStatus.WON
    else:
        decision = Decision.objects.create(
            subject_id=original.subject_id, target_type=original.target_type, target_id=original.target_id,
            rule_key="manual-uphold", outcome=original.outcome, source=DecisionSource.MANUAL, decided_by=actor,
            reason=reason, evidence=original.evidence, overrides=None, created_at=now,
        )  # fmt: skip
        notify_decision(decision, title="Trust and safety: your appeal was reviewed")
        status = AppealStatus.LOST
    transition(appeal, status, table=APPEAL_TRANSITIONS, actor=actor,
               extra_updates={"decided_by": actor, "decided_at": now})  # fmt: skip
    return decision
