"""Every write of the trust engine: signals and decisions, reports, cases, appeals, policies.

The flow (docs/subsystems/trust-engine.md): an action elsewhere calls `gate(...)` (pure, for
synchronous decisions such as a message's status) and/or `do_record_signal(...)`, which records the
Signal, runs the engine, writes one Decision per matching rule (shadow ones included), carries out
effects through the registered handlers and sends notices, all in the caller's transaction.
"""

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
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied, RateLimited
from workfair.core.transitions import transition
from workfair.notifications.actions import do_notify
from workfair.trust.cases import ACTIVE, add_case_event, bump_risk, open_or_join_case
from workfair.trust.config import trust_setting
from workfair.trust.effects import apply_effects, open_submitted_job, reverse_effects
from workfair.trust.engine import SCREENING_FAILED, RuleHit, Verdict, evaluate_facts, forget_active_policy, without_hits
from workfair.trust.findings import Finding
from workfair.trust.models import (
    Appeal,
    Case,
    Decision,
    Override,
    PolicyVersion,
    Report,
    Rule,
    Signal,
)
from workfair.trust.queries import access_decision_by_id, appeal_deadline, statement_of_reasons
from workfair.trust.roles import has_role, require_role
from workfair.trust.rules import DEFAULT_RULES, SignalFacts, validate_rule, validate_rules
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
    EffectsState,
    Outcome,
    Queue,
    ReportReason,
    ReportTarget,
    RuleMode,
    SignalKind,
    StaffRole,
)

logger = logging.getLogger(__name__)


# --- signals and the gate ------------------------------------------------------------------------


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
    do_notify(
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


@transaction.atomic
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


# --- job-post review -----------------------------------------------------------------------------


def do_review_job_post(job_id: int) -> str:
    """Screen a submitted job post and decide at once where the policy is confident.

    Returns the post's status afterwards: "open" (passed), "refused" (a prohibited-content or
    contact rule blocked it; `review_note` says why) or "submitted" (it waits in the job-post queue,
    due within the queue's SLA, 30 minutes by default). A post that is not `submitted` is left
    alone (idempotent). Runs in one transaction."""
    from workfair.jobs.models import Job
    from workfair.jobs.states import JOB_TRANSITIONS, JobStatus

    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("client").get(pk=job_id)
        if job.status != JobStatus.SUBMITTED:
            return str(job.status)
        result = do_record_signal(
            actor=job.client,
            kind=SignalKind.JOB_SUBMITTED,
            surface="job_post",
            target_type="jobs.job",
            target_id=job.pk,
            text=f"{job.title}\n\n{job.description}",
        )
        job.refresh_from_db()
        if job.status != JobStatus.SUBMITTED:
            return str(job.status)
        outcome = result.outcome
        if outcome == Outcome.BLOCK:
            # A blocking rule without a refuse_job effect still refuses the post.
            top = result.decisions[0]
            transition(job, JobStatus.REFUSED, table=JOB_TRANSITIONS, actor=None, reason=top.rule_key,
                       extra_updates={"review_note": top.reason[:500]})  # fmt: skip
        elif outcome in (Outcome.HOLD, Outcome.MASK):
            if Case.objects.filter(queue=Queue.JOB_POSTS, target_type="jobs.job", target_id=str(job.pk),
                                   status__in=ACTIVE).exists():  # fmt: skip
                return str(job.status)  # a rule's open_case effect already queued it
            open_or_join_case(
                queue=Queue.JOB_POSTS,
                title=f"Job post: {job.title}",
                subject_id=job.client_id,
                target_type="jobs.job",
                target_id=str(job.pk),
                risk=max([int(e.get("risk", 50)) for d_ in result.decisions for e in d_.effects
                          if e["kind"] == EffectKind.OPEN_CASE] or [50]),
                decision=result.decisions[0] if result.decisions else None,
            )  # fmt: skip
        else:
            open_submitted_job(job, actor=None, reason="passed automatic review")
        return str(job.status)


# --- reports -------------------------------------------------------------------------------------


def _resolve_target(actor: Any, target_type: str, target_id: int) -> tuple[str, Any]:
    """(stored target type, the account it belongs to), checking that `actor` can see it."""
    from workfair.trust.targets import resolve_report_target

    return resolve_report_target(actor, target_type, target_id)


def do_file_report(*, actor: Any, target_type: str, target_id: int, reason: str, note: str = "") -> Report:
    """File a report by a signed-in person against a message, job, proposal, profile or review.

    Refusals (nothing written): unknown reason or target type (InvalidInput), a target the actor
    cannot see (NotFound), reporting oneself (InvalidInput), the same target twice (Conflict),
    more than REPORTS_PER_HOUR reports in an hour (RateLimited). The report joins the open case
    about the same target in the reports queue (or opens one), then a `report.filed` signal lets
    the repeated-reports rule act on the reported account."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to report.")
    if reason not in ReportReason.values:
        raise InvalidInput(f"Choose a reason: {', '.join(ReportReason.values)}.")
    if target_type not in ReportTarget.values:
        raise InvalidInput(f"You can report: {', '.join(ReportTarget.values)}.")
    note = (note or "").strip()
    if len(note) > 2000:
        raise InvalidInput("The note can be at most 2,000 characters.")
    stored_type, subject = _resolve_target(actor, target_type, int(target_id))
    if subject.pk == actor.pk:
        raise InvalidInput("You cannot report yourself.")
    now = clock.now()
    with transaction.atomic():
        # The reporter's row lock makes the hourly count exact under concurrent reports (PostgreSQL;
        # SQLite writes one at a time anyway): the limit is counted in the database every process shares.
        get_user_model().objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
        if Report.objects.filter(reporter_id=actor.pk, target_type=stored_type, target_id=str(target_id)).exists():
            raise Conflict("You already reported this; our team is looking at it.", code="already_reported")
        limit = int(trust_setting("REPORTS_PER_HOUR"))
        if Report.objects.filter(reporter_id=actor.pk, created_at__gte=now - dt.timedelta(hours=1)).count() >= limit:
            raise RateLimited(f"You can file at most {limit} reports an hour. Please try again later.")
        case, created = open_or_join_case(
            queue=Queue.REPORTS,
            title=f"Reported {target_type}: {ReportReason(reason).label}",
            subject_id=subject.pk,
            target_type=stored_type,
            target_id=str(target_id),
            risk=60 if reason in (ReportReason.SCAM, ReportReason.ABUSE, ReportReason.IMPERSONATION) else 40,
            actor=actor,
        )
        try:
            with transaction.atomic():
                report = Report.objects.create(reporter=actor, subject=subject, target_type=stored_type,
                                               target_id=str(target_id), reason=reason, note=note, case=case,
                                               created_at=now)  # fmt: skip
        except IntegrityError as exc:  # a double click racing the check above
            raise Conflict("You already reported this; our team is looking at it.", code="already_reported") from exc
        if not created:
            bump_risk(case, 10)
            add_case_event(case, CaseEventKind.REPORT_ADDED, actor=actor, note=note[:500], data={"reason": reason})
        record_audit(actor=actor, action="trust.report.file", target=report,
                     data={"target": f"{stored_type}:{target_id}", "reason": reason})  # fmt: skip
        do_record_signal(actor=actor, kind=SignalKind.REPORT_FILED, surface="", target_type=stored_type,
                         target_id=target_id, subject=subject)  # fmt: skip
    return report


# --- cases ---------------------------------------------------------------------------------------


def _require_queue_role(actor: Any, queue: str) -> None:
    if queue == Queue.APPEALS:
        require_role(actor, StaffRole.SENIOR_MODERATOR)
    else:
        _require_staff(actor)


@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
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
    with transaction.atomic():
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


# --- appeals -------------------------------------------------------------------------------------


def do_file_appeal(*, actor: Any, decision_id: int, statement: str) -> Appeal:
    """Appeal a decision about oneself within the window (6 months). Refusals (nothing written):
    not one's decision (NotFound), appealed already (Conflict), window closed (InvalidTransition),
    nothing to appeal or an empty statement (InvalidInput). Opens a case in the appeals queue,
    which only a senior moderator other than the original decider may decide."""
    decision = access_decision_by_id(actor, decision_id)
    statement = (statement or "").strip()
    if len(statement) < 10:
        raise InvalidInput("Tell us in a few words (at least 10 characters) why the decision is wrong.")
    if len(statement) > 5000:
        raise InvalidInput("The statement can be at most 5,000 characters.")
    if decision.outcome == Outcome.ALLOW and not decision.effects:
        raise InvalidInput("This decision did not act against you; there is nothing to appeal.")
    now = clock.now()
    if now > appeal_deadline(decision):
        raise InvalidTransition(
            f"The time to appeal this decision ended on {appeal_deadline(decision):%d %B %Y}.",
            code="appeal_window_closed",
        )
    with transaction.atomic():
        if Appeal.objects.filter(decision_id=decision.pk).exists():
            raise Conflict("You have already appealed this decision.", code="already_appealed")
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, appellant=actor, statement=statement,
                                               created_at=now, updated_at=now)  # fmt: skip
        except IntegrityError as exc:
            raise Conflict("You have already appealed this decision.", code="already_appealed") from exc
        case, _ = open_or_join_case(queue=Queue.APPEALS, title=f"Appeal against {decision.rule_key}",
                                    subject_id=actor.pk, target_type="trust.decision", target_id=str(decision.pk),
                                    risk=50, decision=decision, actor=actor)  # fmt: skip
        appeal.case = case
        appeal.save(update_fields=["case"])
        record_audit(actor=actor, action="trust.appeal.file", target=appeal, data={"decision_id": decision.pk})
        do_notify(actor, kind="trust.appeal", title="We received your appeal",
                  body="A moderator who did not take the decision will review it and tell you the outcome.",
                  url=reverse("trust:decision", args=[decision.pk]))  # fmt: skip
    return appeal


# --- escalation and account health -----------------------------------------------------------------


def on_duty_staff() -> list[Any]:
    """Staff on duty: members of the "on_duty" group, else every moderator."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    on_duty = list(users.filter(groups__name="on_duty").distinct())
    return on_duty or list(users.filter(groups__name__in=StaffRole.values).distinct())


def do_escalate_overdue_cases() -> int:
    """Escalate every undecided case past its due time: it rises to the top of its queue and the
    on-duty staff are told (once per run). Idempotent: an escalated case is not escalated again."""
    now = clock.now()
    with transaction.atomic():
        overdue = list(
            Case.objects.select_for_update()
            .filter(status__in=ACTIVE, due_at__lt=now, escalated=False)
            .order_by("due_at")[:500]
        )
        if not overdue:
            return 0
        Case.objects.filter(pk__in=[c.pk for c in overdue]).update(escalated=True, escalated_at=now, updated_at=now)
        for case in overdue:
            add_case_event(case, CaseEventKind.ESCALATED, note="Past its due time")
            record_audit(actor=None, action="trust.case.escalate", target=case, data={"queue": case.queue})
        queues = sorted({c.queue for c in overdue})
        for person in on_duty_staff():
            do_notify(person, kind="trust.escalation", title=f"{len(overdue)} overdue case(s) need attention",
                      body=f"Overdue in: {', '.join(queues)}. They are now at the top of their queues.",
                      url=f"/console/queues/{queues[0]}/", email=True)  # fmt: skip
    return len(overdue)


HEALTH_SOURCES: list[Any] = []


def register_health_source(source: Any) -> Any:
    """Add a function `(user_id, since) -> dict` that supplies `contracts_ended`,
    `negative_feedback`, `disputes` counts (feedback and disputes register theirs when they exist)."""
    HEALTH_SOURCES.append(source)
    return source


def do_refresh_account_health(user_id: int) -> Any:
    """Recompute an account's health figures and open an account_health case when a threshold is
    crossed (and none is open). Idempotent."""
    from workfair.trust.models import AccountHealth

    thresholds = trust_setting("HEALTH_THRESHOLDS")
    now = clock.now()
    since = now - dt.timedelta(days=int(thresholds["reports_window_days"]))
    totals = {"contracts_ended": 0, "negative_feedback": 0, "disputes": 0}
    for source in HEALTH_SOURCES:
        for name, value in source(user_id, since).items():
            totals[name] = totals.get(name, 0) + int(value)
    reports = Report.objects.filter(subject_id=user_id, created_at__gte=since).values("reporter_id").distinct().count()
    ended = totals["contracts_ended"]
    neg = totals["negative_feedback"] / ended if ended else 0.0
    disputes = totals["disputes"] / ended if ended else 0.0
    flagged = []
    if ended >= thresholds["min_contracts"] and neg >= thresholds["negative_feedback_share"]:
        flagged.append("negative_feedback_share")
    if ended >= thresholds["min_contracts"] and disputes >= thresholds["dispute_share"]:
        flagged.append("dispute_share")
    if reports >= thresholds["reports_received"]:
        flagged.append("reports_received")
    with transaction.atomic():
        health, _ = AccountHealth.objects.update_or_create(
            user_id=user_id,
            defaults={"contracts_ended": ended, "negative_feedback_share": neg, "dispute_share": disputes,
                      "reports_received": reports, "flagged": flagged, "computed_at": now},
        )  # fmt: skip
        if flagged:
            open_or_join_case(queue=Queue.ACCOUNT_HEALTH, title=f"Account health: {', '.join(flagged)}",
                              subject_id=user_id, risk=60 + 10 * len(flagged))  # fmt: skip
    return health


# --- policies ------------------------------------------------------------------------------------


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


@transaction.atomic
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


@transaction.atomic
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
