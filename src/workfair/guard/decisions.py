"""Decisions: findings -> the rules -> a verdict. Pure: no Django, no database.

    from workfair.guard.decisions import evaluate
    from workfair.guard.rules import SignalFacts, default_policy

    verdict = evaluate(SignalFacts(kind="message.sent", surface="message", text=body), default_policy())
    verdict.outcome, verdict.masked_text, verdict.hits, verdict.shadow_hits

The rule language is `workfair.guard.rules` (one language: the trust engine's versioned policies
and `workfair screen` both evaluate through `decide`). The trust engine adds its own signal
detectors to the shared registry and chooses the active policy (`workfair.trust.engine`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from workfair.guard.detectors import signal_detectors
from workfair.guard.findings import SURFACES, Finding
from workfair.guard.masking import is_phrase, mask
from workfair.guard.rules import CompiledPolicy, CompiledRule, SignalFacts, default_policy
from workfair.guard.screening import MAX_CHARS, TRUNCATION_MARK, screen_findings
from workfair.guard.vocabulary import OUTCOME_RANK, SURFACE_SIGNALS, Outcome

logger = logging.getLogger(__name__)

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


# --- detectors and the policy -----------------------------------------------------------------------------------


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
    hidden = [f for h in hits if h.rule.rank >= _MASKING for f in h.findings if f.end > f.start and not is_phrase(f)]
    masked = mask(facts.text, hidden) if hidden else facts.text
    return Verdict(outcome, tuple(hits), tuple(shadow), tuple(findings), masked, policy.version, failed)


def evaluate(facts: SignalFacts, policy: CompiledPolicy, *, history: Sequence[str] = ()) -> Verdict:
    """Detectors then `policy`. No database writes."""
    findings, failed = detect(facts, history=history)
    return decide(facts, findings, policy, failed=failed)


def without_hits(verdict: Verdict, drop: set[str], facts: SignalFacts) -> Verdict:
    """`verdict` without the enforce hits whose rule key is in `drop` (an override stands), with
    the outcome and masked text worked out again."""
    if not drop:
        return verdict
    hits = tuple(h for h in verdict.hits if h.rule.key not in drop)
    outcome = hits[0].rule.outcome if hits else Outcome.ALLOW
    if verdict.failed_closed and OUTCOME_RANK[outcome] < OUTCOME_RANK[Outcome.HOLD]:
        outcome = Outcome.HOLD
    hidden = [f for h in hits if h.rule.rank >= _MASKING for f in h.findings if f.end > f.start and not is_phrase(f)]
    masked = mask(facts.text, hidden) if hidden else facts.text
    return Verdict(outcome, hits, verdict.shadow_hits, verdict.findings, masked, verdict.policy_version,
                   verdict.failed_closed)  # fmt: skip


# --- one call: screen a text and decide ----------------------------------------------------------


@dataclass(frozen=True)
class ScreenResult:
    """A text screened and decided by a policy (what `workfair screen` prints for a line).

    `decision` is one of allow, mask, hold, block: the verdict's outcome, with warn shown as allow
    (the text goes through; the writer sees a warning). `rules` are the keys of the enforce-mode
    rules that matched, most severe first."""

    decision: str
    findings: tuple[Finding, ...]
    masked_text: str
    notes: tuple[str, ...] = ()
    truncated: bool = False
    rules: tuple[str, ...] = ()
    policy_version: str = "0"

    @property
    def hidden(self) -> bool:
        """True when the receiver would not see the text as written."""
        return self.decision != Outcome.ALLOW


def screen_text(
    text: object,
    *,
    surface: str = "message",
    contract_active: bool = False,
    history: Sequence[str] = (),
    policy: CompiledPolicy | None = None,
) -> ScreenResult:
    """Screen `text` shown on `surface` and decide it with `policy` (the shipped defaults unless
    given), exactly as the trust engine decides the signal the surface sends (`SURFACE_SIGNALS`)
    with nothing known of the writer but whether a contract is active.

    `history`: the sender's recent messages in the same conversation, oldest first, so details split
    over messages are found; findings always refer to `text`. Bytes are decoded as UTF-8 with
    replacement; anything else that is not a string is held, like any internal error. Texts longer
    than `MAX_CHARS` are screened on their start; the rest is withheld from `masked_text`.
    Never raises."""
    policy = policy or _default_policy()
    try:
        if isinstance(text, bytes | bytearray):
            text = bytes(text).decode("utf-8", "replace")
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        if surface not in SURFACES:
            raise ValueError(f"unknown surface {surface!r}")
        truncated = len(text) > MAX_CHARS
        notes: tuple[str, ...] = ()
        if truncated:
            notes = (f"text is {len(text)} characters: screened the first {MAX_CHARS}, the rest is withheld",)
            text = text[:MAX_CHARS]
        facts = SignalFacts(
            kind=SURFACE_SIGNALS[surface],
            surface=surface,
            text=text,
            context={"contract_active": bool(contract_active)},
        )
        verdict = evaluate(facts, policy, history=history if surface == "message" else ())
    except Exception as exc:  # fail closed: never let an error pass a text unscreened
        logger.exception("screening failed")
        return ScreenResult(
            decision=Outcome.HOLD,
            findings=(),
            masked_text="",
            notes=(f"screening failed ({type(exc).__name__}: {exc}); held for review",),
            policy_version=str(policy.version),
        )
    masked = verdict.masked_text + (TRUNCATION_MARK if truncated else "")
    if verdict.failed_closed:  # held, and nothing of the text is shown
        notes, masked = (*notes, "screening failed (the error is in the log); held for review"), ""
    decision = Outcome.ALLOW if verdict.outcome == Outcome.WARN else verdict.outcome
    return ScreenResult(
        decision=str(decision),
        findings=verdict.findings,
        masked_text=masked,
        notes=notes,
        truncated=truncated,
        rules=tuple(h.rule.key for h in verdict.hits),
        policy_version=str(policy.version),
    )


_DEFAULT: list[CompiledPolicy] = []


def _default_policy() -> CompiledPolicy:
    if not _DEFAULT:
        _DEFAULT.append(default_policy())
    return _DEFAULT[0]
