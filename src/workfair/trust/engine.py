"""The synchronous gate: signal facts -> detectors -> policy -> verdict. Pure and fast.

    facts = SignalFacts(kind="message.sent", surface="message", text=body, context={...})
    verdict = evaluate_facts(facts)          # no database writes
    verdict.outcome, verdict.masked_text, verdict.hits, verdict.shadow_hits

`evaluate(signal)` does the same for a recorded `Signal`. Recording decisions and carrying out
effects is `workfair.trust.actions.do_record_signal`'s job (it calls this module).

Speed: the active policy is compiled once per version and cached in the process; the version
stamp in the shared Django cache is read at most once a second (`STAMP_SECONDS`), so the gate
costs the detectors plus a few comparisons per rule.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError

from workfair.trust.detectors import behavioural as _behavioural  # noqa: F401 - registers the detectors
from workfair.trust.detectors import job_content as _job_content  # noqa: F401 - registers the detector
from workfair.trust.detectors import signal_detectors
from workfair.trust.findings import SURFACES, Finding
from workfair.trust.policy import mask
from workfair.trust.rules import CompiledPolicy, CompiledRule, SignalFacts, compile_policy, default_policy
from workfair.trust.screening import screen_findings
from workfair.trust.states import OUTCOME_RANK, Outcome

logger = logging.getLogger(__name__)

POLICY_STAMP_KEY = "trust:active-policy-version"
SCREENING_FAILED = "screening-failed"
_MASKING = OUTCOME_RANK[Outcome.MASK]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that matched, and the findings that made it match."""

    rule: CompiledRule
    findings: tuple[Finding, ...]

    @property
    def evidence_key(self) -> str:
        """Identifies the evidence: the same rule on the same details gives the same key."""
        parts = sorted(f"{f.category}:{f.kind}:{f.value or f.text}".lower() for f in self.findings)
        return hashlib.sha256("|".join([self.rule.key, *parts]).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the policy says about one signal. `hits` are enforce-mode rules (most severe first),
    `shadow_hits` what shadow rules would have done. `failed_closed`: screening failed, so the
    outcome is hold."""

    outcome: str
    hits: tuple[RuleHit, ...]
    shadow_hits: tuple[RuleHit, ...]
    findings: tuple[Finding, ...]
    masked_text: str
    policy_version: int
    failed_closed: bool = False

    @property
    def top(self) -> RuleHit | None:
        return self.hits[0] if self.hits else None


# --- the active policy --------------------------------------------------------------------------

_compiled: dict[int, CompiledPolicy] = {}


def _load_policy(number: int) -> CompiledPolicy | None:
    from workfair.trust.models import Rule

    rules = list(Rule.objects.filter(policy__number=number).order_by("order", "id").values_list("definition", "mode"))
    if not rules:
        return None
    return compile_policy(number, [{**d, "mode": mode} for d, mode in rules])


# The process re-reads the shared stamp at most this often: a policy activated in another process
# applies here within this many seconds (at once in the process that activated it). Reading the
# stamp is a cache round trip (Redis in production), too dear to pay on every signal.
STAMP_SECONDS = 1.0
_current: tuple[float, CompiledPolicy] | None = None  # (monotonic time the stamp was read, the policy)


def active_policy() -> CompiledPolicy:
    """The compiled active policy; the shipped defaults when the database has none (or no
    database is configured, as for `workfair screen`)."""
    global _current
    now = time.monotonic()
    if _current is not None and now - _current[0] < STAMP_SECONDS:
        return _current[1]
    number = cache.get(POLICY_STAMP_KEY)
    if number is not None and number in _compiled:
        _current = (now, _compiled[number])
        return _current[1]
    try:
        from workfair.trust.models import PolicyVersion

        number = PolicyVersion.objects.filter(is_active=True).values_list("number", flat=True).first()
        policy = _load_policy(number) if number is not None else None
    except DatabaseError:  # no tables (a bare `workfair screen`): the shipped defaults
        policy = None
    except ValueError:  # an invalid stored rule must never open the gate: keep the defaults
        logger.exception("active trust policy is invalid; using the shipped defaults")
        policy = None
    if policy is None:
        policy = _compiled.setdefault(0, default_policy())
    _compiled[policy.version] = policy
    cache.set(POLICY_STAMP_KEY, policy.version, None)
    _current = (now, policy)
    return policy


def forget_active_policy() -> None:
    """Drop the cached policy (after a new version is activated, and between tests): this process
    loads it again on its next signal, the others within `STAMP_SECONDS`."""
    global _current
    cache.delete(POLICY_STAMP_KEY)
    _compiled.clear()
    _current = None


# --- detectors -----------------------------------------------------------------------------------


def detect(facts: SignalFacts, *, history: Sequence[str] = ()) -> tuple[list[Finding], bool]:
    """Every finding for `facts`: the text detectors (through `screen_findings`, the findings of
    `screen_text`, which normalises, dedupes and fails closed; its decision and masking are this
    engine's policy's job) then the signal detectors. Returns (findings, failed_closed)."""
    findings: list[Finding] = []
    failed = False
    if facts.text and facts.surface in SURFACES:
        text_found, failed = screen_findings(
            facts.text,
            surface=facts.surface,
            contract_active=bool(facts.context.get("contract_active", False)),
            history=history,
        )
        findings.extend(text_found)
    text_findings = tuple(findings)
    for det in signal_detectors():
        findings.extend(det.detect_signal(facts, text_findings))
    return findings, failed


def decide(facts: SignalFacts, findings: Sequence[Finding], policy: CompiledPolicy, *, failed: bool = False) -> Verdict:
    """Apply `policy` to the findings (pure): the most severe enforce-mode outcome wins."""
    hits: list[RuleHit] = []
    shadow: list[RuleHit] = []
    by_category: dict[str, list[Finding]] = {}
    for f in findings:
        by_category.setdefault(f.category, []).append(f)
    for rule in policy.rules_for(facts.kind, facts.surface):
        if rule.category:
            found = by_category.get(rule.category, ())
            if not found and rule.min_findings > 0:
                continue  # needs findings of a category the signal has none of: `match_facts` says None
        else:
            found = ()
        matched = rule.match_facts(facts, found)
        if matched is None:
            continue
        (shadow if rule.mode == "shadow" else hits).append(RuleHit(rule, matched))
    hits.sort(key=lambda h: -h.rule.rank)  # stable: rule order among equals
    outcome = hits[0].rule.outcome if hits else Outcome.ALLOW
    if failed and OUTCOME_RANK[outcome] < OUTCOME_RANK[Outcome.HOLD]:
        outcome = Outcome.HOLD
    hidden = [f for h in hits if h.rule.rank >= _MASKING for f in h.findings if f.end > f.start]
    masked = mask(facts.text, hidden) if hidden else facts.text
    return Verdict(outcome, tuple(hits), tuple(shadow), tuple(findings), masked, policy.version, failed)


def evaluate_facts(facts: SignalFacts, *, history: Sequence[str] = (), policy: CompiledPolicy | None = None) -> Verdict:
    """The gate: detectors then the (active) policy. No database writes."""
    findings, failed = detect(facts, history=history)
    return decide(facts, findings, policy or active_policy(), failed=failed)


def facts_of(signal: Any) -> SignalFacts:
    """The `SignalFacts` of a recorded Signal."""
    return SignalFacts(kind=signal.kind, surface=signal.surface, text=signal.text, context=signal.context or {})


def evaluate(signal: Any) -> Verdict:
    """The verdict for a recorded `Signal` (see `actions.do_record_signal` to record decisions)."""
    return evaluate_facts(facts_of(signal))


def without_hits(verdict: Verdict, drop: set[str], facts: SignalFacts) -> Verdict:
    """`verdict` without the enforce hits whose rule key is in `drop` (an override stands), with
    the outcome and masked text worked out again."""
    if not drop:
        return verdict
    hits = tuple(h for h in verdict.hits if h.rule.key not in drop)
    outcome = hits[0].rule.outcome if hits else Outcome.ALLOW
    if verdict.failed_closed and OUTCOME_RANK[outcome] < OUTCOME_RANK[Outcome.HOLD]:
        outcome = Outcome.HOLD
    hidden = [f for h in hits if h.rule.rank >= _MASKING for f in h.findings if f.end > f.start]
    masked = mask(facts.text, hidden) if hidden else facts.text
    return Verdict(outcome, hits, verdict.shadow_hits, verdict.findings, masked, verdict.policy_version,
                   verdict.failed_closed)  # fmt: skip
