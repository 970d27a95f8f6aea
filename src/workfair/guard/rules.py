"""Policies as data: the rule language, its validation, compilation, and the shipped defaults.

A rule is a JSON object (no user-written Python):

    {"key": "contact-before-contract", "title": "...", "mode": "enforce",
     "when": {"signals": ["message.sent"], "surfaces": ["message"],
              "context": {"contract_active": false, "account_age_days": {"lt": 7}},
              "finding": {"category": "contact", "kinds": ["phone"], "min_score": 0.8, "min_severity": 1},
              "min_findings": 1},
     "outcome": "mask", "strike_weight": 1,
     "effects": ["hide_content", "add_strike", {"kind": "restrict", "days": 7}, "open_case"],
     "queue": "held_messages", "risk": 60,
     "reason": "Contact details are hidden until a contract starts."}

Every key of `when` is optional; all present ones must hold. `validate_rule` lists every problem
with a path ("when.finding.min_score: must be a number from 0 to 1"); a rule with problems cannot be
saved. `compile_policy` turns validated rules into `CompiledRule`s once per policy version, so the
synchronous gate only runs cheap comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workfair.guard.findings import CATEGORIES, SURFACES, Finding
from workfair.guard.vocabulary import OUTCOME_RANK, EffectKind, Outcome, Queue, RuleMode, SignalKind, values

FINDING_CATEGORIES = (*CATEGORIES, "behaviour")
# Facts a rule may test, and their type. The engine fills them in `Signal.context`.
CONTEXT_FIELDS: dict[str, type] = {
    "contract_active": bool,
    "email_verified": bool,
    "verification_required": bool,
    "account_age_days": float,
    "actions_last_hour": float,
    "reports_received": float,
    # Distinct people who reported the account for impersonation in the reports window.
    "impersonation_reports": float,
    # Filled by the identity graph (`workfair.identity.graph.actions.check_identifiers`), which also passes
    # `identity_links` (a list the `identity_links` detector reads; not a fact rules test directly).
    "banned_strong_links": float,
    "banned_weak_links": float,
    "existing_strong_links": float,
}
COMPARATORS = ("lt", "lte", "gt", "gte", "eq", "ne")
RULE_KEYS = frozenset(
    {"key", "title", "mode", "when", "outcome", "strike_weight", "effects", "queue", "risk", "reason"}
)
WHEN_KEYS = frozenset({"signals", "surfaces", "context", "finding", "min_findings"})
FINDING_KEYS = frozenset({"category", "kinds", "min_score", "min_severity"})
# Effects a rule may list (the rest are for moderator decisions and appeals).
RULE_EFFECTS = frozenset(
    {
        EffectKind.HIDE_CONTENT,
        EffectKind.HOLD_CONTENT,
        EffectKind.ADD_STRIKE,
        EffectKind.RESTRICT,
        EffectKind.SUSPEND,
        EffectKind.BAN,
        EffectKind.REQUIRE_VERIFICATION,
        EffectKind.OPEN_CASE,
        EffectKind.REFUSE_JOB,
        EffectKind.REQUIRE_STEP_UP,
    }
)
# Parameters of require_step_up, read by the identity app's handler: how the person proves it is
# them, why (a step-up reason of the identity app), and the action that waits for the check.
STEP_UP_PARAMS: dict[str, re.Pattern[str]] = {
    "method": re.compile(r"^(?:phone|questions|identity)$"),
    "reason": re.compile(r"^[a-z][a-z_]{0,29}$"),
    "action": re.compile(r"^[a-z][a-z0-9_.\-]{0,59}$"),
}
STEP_UP_PARAM_HELP = {
    "method": "must be phone, questions or identity",
    "reason": "must be a step-up reason (lower-case letters and _)",
    "action": "must name the waiting action (lower-case letters, digits, _ . -)",
}
MAX_STRIKE_WEIGHT = 10
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_list(value: Any, allowed: Iterable[str], path: str, problems: list[str]) -> None:
    allowed = tuple(allowed)
    if not isinstance(value, list) or not value:
        problems.append(f"{path}: must be a non-empty list")
        return
    for item in value:
        if item not in allowed:
            problems.append(f"{path}: unknown value {item!r} (one of {', '.join(allowed)})")


def _validate_context(ctx: Any, problems: list[str]) -> None:
    if not isinstance(ctx, dict):
        problems.append("when.context: must be an object")
        return
    for name, cond in ctx.items():
        path = f"when.context.{name}"
        if name not in CONTEXT_FIELDS:
            problems.append(f"{path}: unknown fact (one of {', '.join(CONTEXT_FIELDS)})")
            continue
        kind = CONTEXT_FIELDS[name]
        if kind is bool:
            if not isinstance(cond, bool):
                problems.append(f"{path}: must be true or false")
        elif isinstance(cond, dict):
            if not cond:
                problems.append(f'{path}: needs a comparison such as {{"lt": 7}}')
            for op, val in cond.items():
                if op not in COMPARATORS:
                    problems.append(f"{path}.{op}: unknown comparison (one of {', '.join(COMPARATORS)})")
                elif not _is_number(val):
                    problems.append(f"{path}.{op}: must be a number")
        elif not _is_number(cond):
            problems.append(f'{path}: must be a number or a comparison such as {{"gte": 3}}')


def _validate_finding(spec: Any, problems: list[str]) -> None:
    if not isinstance(spec, dict):
        problems.append("when.finding: must be an object")
        return
    unknown = set(spec) - FINDING_KEYS
    if unknown:
        problems.append(f"when.finding: unknown keys {sorted(unknown)}")
    if spec.get("category") not in FINDING_CATEGORIES:
        problems.append(f"when.finding.category: must be one of {', '.join(FINDING_CATEGORIES)}")
    if "kinds" in spec and (
        not isinstance(spec["kinds"], list) or not spec["kinds"] or not all(isinstance(k, str) for k in spec["kinds"])
    ):
        problems.append("when.finding.kinds: must be a non-empty list of kinds")
    if "min_score" in spec and (not _is_number(spec["min_score"]) or not 0 <= spec["min_score"] <= 1):
        problems.append("when.finding.min_score: must be a number from 0 to 1")
    if "min_severity" in spec and (
        not isinstance(spec["min_severity"], int) or isinstance(spec["min_severity"], bool)
        or not 1 <= spec["min_severity"] <= 3
    ):  # fmt: skip
        problems.append("when.finding.min_severity: must be 1, 2 or 3")


def _validate_effects(effects: Any, problems: list[str]) -> list[str]:
    kinds: list[str] = []
    if not isinstance(effects, list):
        problems.append("effects: must be a list")
        return kinds
    for k, eff in enumerate(effects):
        path = f"effects[{k}]"
        if isinstance(eff, str):
            kind, params = eff, {}
        elif isinstance(eff, dict) and isinstance(eff.get("kind"), str):
            kind, params = eff["kind"], {n: v for n, v in eff.items() if n != "kind"}
        else:
            problems.append(f'{path}: must be an effect name or an object with a "kind"')
            continue
        if kind not in RULE_EFFECTS:
            problems.append(f"{path}: unknown effect {kind!r} (one of {', '.join(sorted(RULE_EFFECTS))})")
            continue
        kinds.append(kind)
        for name, value in params.items():
            if kind == EffectKind.RESTRICT and name == "days":
                if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 365:
                    problems.append(f"{path}.days: must be a whole number of days from 1 to 365")
            elif kind == EffectKind.REQUIRE_STEP_UP and name in STEP_UP_PARAMS:
                if not isinstance(value, str) or not STEP_UP_PARAMS[name].match(value):
                    problems.append(f"{path}.{name}: {STEP_UP_PARAM_HELP[name]}")
            else:
                problems.append(f"{path}.{name}: unknown parameter")
    if len(set(kinds)) != len(kinds):
        problems.append("effects: an effect is listed twice")
    return kinds


def validate_rule(rule: Any) -> list[str]:
    """Every problem with `rule`, each as "path: what is wrong" (empty list = valid)."""
    if not isinstance(rule, dict):
        return ["rule: must be an object"]
    problems: list[str] = []
    unknown = set(rule) - RULE_KEYS
    if unknown:
        problems.append(f"rule: unknown keys {sorted(unknown)}")
    if not isinstance(rule.get("key"), str) or not _KEY_RE.match(rule["key"]):
        problems.append("key: must be 2-80 lower-case letters, digits and dashes")
    if not isinstance(rule.get("title"), str) or not rule["title"].strip():
        problems.append("title: must not be empty")
    if rule.get("mode") not in values(RuleMode):
        problems.append(f"mode: must be one of {', '.join(values(RuleMode))}")
    if rule.get("outcome") not in values(Outcome):
        problems.append(f"outcome: must be one of {', '.join(values(Outcome))}")
    if not isinstance(rule.get("reason"), str) or len(rule["reason"].strip()) < 10:
        problems.append("reason: must say, in at least 10 characters, why the rule acts (it is shown to the person)")
    weight = rule.get("strike_weight", 0)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= MAX_STRIKE_WEIGHT:
        problems.append(f"strike_weight: must be a whole number from 0 to {MAX_STRIKE_WEIGHT}")
    risk = rule.get("risk", 50)
    if not isinstance(risk, int) or isinstance(risk, bool) or not 0 <= risk <= 100:
        problems.append("risk: must be a whole number from 0 to 100")
    kinds = _validate_effects(rule.get("effects", []), problems)
    if EffectKind.ADD_STRIKE in kinds and not weight:
        problems.append("strike_weight: must be at least 1 when the effects add a strike")
    if weight and EffectKind.ADD_STRIKE not in kinds:
        problems.append("effects: must include add_strike when strike_weight is set")
    if EffectKind.OPEN_CASE in kinds and rule.get("queue") not in values(Queue):
        problems.append(f"queue: must be one of {', '.join(values(Queue))} when the effects open a case")
    if "queue" in rule and rule["queue"] not in values(Queue):
        problems.append(f"queue: must be one of {', '.join(values(Queue))}")
    if rule.get("outcome") == Outcome.ALLOW and kinds:
        problems.append("effects: a rule whose outcome is allow cannot have effects")
    when = rule.get("when", {})
    if not isinstance(when, dict):
        problems.append("when: must be an object")
        return problems
    unknown = set(when) - WHEN_KEYS
    if unknown:
        problems.append(f"when: unknown keys {sorted(unknown)}")
    if "signals" in when:
        _check_list(when["signals"], values(SignalKind), "when.signals", problems)
    if "surfaces" in when:
        _check_list(when["surfaces"], SURFACES, "when.surfaces", problems)
    if "context" in when:
        _validate_context(when["context"], problems)
    if "finding" in when:
        _validate_finding(when["finding"], problems)
    if "min_findings" in when:
        n = when["min_findings"]
        if "finding" not in when:
            problems.append("when.min_findings: needs when.finding")
        elif not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 100:
            problems.append("when.min_findings: must be a whole number from 1 to 100")
    if not when.get("finding") and not when.get("context"):
        problems.append("when: needs a finding or a context condition (a rule that matches everything is refused)")
    return problems


def validate_rules(rules: Sequence[Any]) -> list[str]:
    """Problems with a whole rule set: each rule's, prefixed by its key, plus duplicate keys."""
    problems: list[str] = []
    seen: set[str] = set()
    for k, rule in enumerate(rules):
        key = rule.get("key") if isinstance(rule, dict) else None
        label = key if isinstance(key, str) else f"#{k}"
        problems.extend(f"{label}: {p}" for p in validate_rule(rule))
        if isinstance(key, str):
            if key in seen:
                problems.append(f"{label}: key used twice")
            seen.add(key)
    return problems


# --- compiled rules (what the gate runs) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignalFacts:
    """What the engine knows about a signal, without a database: the input of `match`."""

    kind: str
    surface: str = ""
    text: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)


_OPS = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
}


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A validated rule, flattened for fast matching."""

    key: str
    title: str
    mode: str
    outcome: str
    rank: int
    strike_weight: int
    effects: tuple[dict[str, Any], ...]
    queue: str
    risk: int
    reason: str
    signals: frozenset[str] | None
    surfaces: frozenset[str] | None
    bool_facts: tuple[tuple[str, bool], ...]
    num_facts: tuple[tuple[str, str, float], ...]
    category: str | None
    kinds: frozenset[str] | None
    min_score: float
    min_severity: int
    min_findings: int
    definition: Mapping[str, Any]

    def match(self, facts: SignalFacts, findings: Sequence[Finding]) -> tuple[Finding, ...] | None:
        """The findings that make this rule match (an empty tuple for a rule on context only), or
        None when it does not match."""
        if self.signals is not None and facts.kind not in self.signals:
            return None
        if self.surfaces is not None and facts.surface not in self.surfaces:
            return None
        return self.match_facts(facts, findings)

    def match_facts(self, facts: SignalFacts, findings: Sequence[Finding]) -> tuple[Finding, ...] | None:
        """`match` for a rule already known to apply to the signal's kind and surface (see
        `CompiledPolicy.rules_for`); `findings` may be only those of the rule's category."""
        ctx = facts.context
        for name, want in self.bool_facts:
            if bool(ctx.get(name, False)) is not want:
                return None
        for name, op, value in self.num_facts:
            got = ctx.get(name)
            if not _is_number(got) or not _OPS[op](got, value):
                return None
        if self.category is None:
            return ()
        hits = tuple(
            f
            for f in findings
            if f.category == self.category
            and f.score >= self.min_score
            and f.severity >= self.min_severity
            and (self.kinds is None or f.kind in self.kinds)
        )
        return hits if len(hits) >= self.min_findings else None


def _effect_dicts(effects: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    return tuple({"kind": e} if isinstance(e, str) else dict(e) for e in effects)


def compile_rule(rule: Mapping[str, Any]) -> CompiledRule:
    """Flatten one VALID rule (call `validate_rule` first)."""
    when = rule.get("when", {})
    bool_facts: list[tuple[str, bool]] = []
    num_facts: list[tuple[str, str, float]] = []
    for name, cond in when.get("context", {}).items():
        if CONTEXT_FIELDS[name] is bool:
            bool_facts.append((name, bool(cond)))
        elif isinstance(cond, dict):
            num_facts.extend((name, op, float(v)) for op, v in cond.items())
        else:
            num_facts.append((name, "eq", float(cond)))
    spec = when.get("finding") or {}
    return CompiledRule(
        key=rule["key"],
        title=rule["title"],
        mode=rule["mode"],
        outcome=rule["outcome"],
        rank=OUTCOME_RANK[rule["outcome"]],
        strike_weight=int(rule.get("strike_weight", 0)),
        effects=_effect_dicts(rule.get("effects", [])),
        queue=rule.get("queue", ""),
        risk=int(rule.get("risk", 50)),
        reason=rule["reason"],
        signals=frozenset(when["signals"]) if "signals" in when else None,
        surfaces=frozenset(when["surfaces"]) if "surfaces" in when else None,
        bool_facts=tuple(bool_facts),
        num_facts=tuple(num_facts),
        category=spec.get("category"),
        kinds=frozenset(spec["kinds"]) if "kinds" in spec else None,
        min_score=float(spec.get("min_score", 0.0)),
        min_severity=int(spec.get("min_severity", 1)),
        min_findings=int(when.get("min_findings", 1)),
        definition=rule,
    )


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """The rules of one policy version that are not off, in order."""

    version: int
    rules: tuple[CompiledRule, ...]
    # (signal kind, surface) -> the rules that can apply to it, in order; filled on first use
    _applicable: dict[tuple[str, str], tuple[CompiledRule, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rules_for(self, kind: str, surface: str) -> tuple[CompiledRule, ...]:
        """The rules whose signal and surface conditions `kind` and `surface` meet, in order: the
        gate tests only these (a policy of about 30 rules has 5 to 15 for any one signal)."""
        key = (kind, surface)
        found = self._applicable.get(key)
        if found is None:
            found = tuple(
                r
                for r in self.rules
                if (r.signals is None or kind in r.signals) and (r.surfaces is None or surface in r.surfaces)
            )
            if len(self._applicable) < 256:  # kinds x surfaces is small; never grow without bound
                self._applicable[key] = found
        return found


def compile_policy(version: int, rules: Sequence[Mapping[str, Any]]) -> CompiledPolicy:
    """Compile the rules that are not off. Raises ValueError when any rule is invalid."""
    problems = validate_rules(list(rules))
    if problems:
        raise ValueError("; ".join(problems))
    return CompiledPolicy(version, tuple(compile_rule(r) for r in rules if r["mode"] != RuleMode.OFF))


# --- the shipped default policy (docs/rules.md) ---------------------------------------------

MESSAGE = ["message"]
JOB = ["job_post"]
CONTENT_SIGNALS = ["message.sent", "job.submitted", "proposal.sent", "profile.changed"]
IDENTITY_SIGNALS = ["signup", "phone.verified", "identity.submitted", "photo.uploaded", "device.new"]
_BEFORE_CONTRACT = "Sharing contact details before a contract starts is not allowed on Workfair"
_APPEAL = ""  # the statement of reasons adds how to appeal

DEFAULT_RULES: list[dict[str, Any]] = [
    # --- contact and payment details (docs/rules.md: forbidden before a contract) ---------
    {"key": "contact-before-contract", "title": "Contact details in a message before a contract",
     "mode": "enforce", "when": {"signals": ["message.sent"], "surfaces": MESSAGE,
                                 "context": {"contract_active": False},
                                 "finding": {"category": "contact", "min_score": 0.6}},
     "outcome": "mask", "effects": [],
     "reason": f"{_BEFORE_CONTRACT}: the details were hidden from the receiver."},
    {"key": "contact-public-surface", "title": "Contact details in a proposal, profile or review",
     "mode": "enforce", "when": {"surfaces": ["proposal", "profile", "review"],
                                 "finding": {"category": "contact", "min_score": 0.6}},
     "outcome": "mask", "effects": ["hide_content"],
     "reason": "Proposals, profiles and reviews may not contain contact details; they were hidden."},
    {"key": "contact-in-job-post", "title": "Contact details in a job post",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "contact", "min_score": 0.8}},
     "outcome": "block", "effects": ["refuse_job"],
     "reason": "Job posts may not contain contact details: remove them and submit the post again."},
    {"key": "payment-details", "title": "Payment details anywhere",
     "mode": "enforce", "when": {"signals": CONTENT_SIGNALS, "finding": {"category": "payment", "min_score": 0.6}},
     "outcome": "mask", "strike_weight": 1, "effects": ["hide_content", "add_strike"],
     "reason": "Payments happen only through Workfair, even during a contract: the payment details were hidden."},
    {"key": "pay-outside-offer", "title": "Offer to pay or be paid outside Workfair",
     "mode": "enforce", "when": {"signals": CONTENT_SIGNALS,
                                 "finding": {"category": "payment", "kinds": ["pay_outside"], "min_score": 0.8}},
     "outcome": "hold", "strike_weight": 2, "effects": ["hold_content", "add_strike", "open_case"],
     "queue": "held_messages", "risk": 70,
     "reason": "Offering to pay or be paid outside Workfair is not allowed; the content waits for review."},
    {"key": "payment-in-job-post", "title": "Payment details in a job post",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "payment", "min_score": 0.8}},
     "outcome": "block", "strike_weight": 1, "effects": ["refuse_job", "add_strike"],
     "reason": "Job posts may not ask for payment outside Workfair or contain payment details."},
    # --- abuse, scams, spam ---------------------------------------------------------------------
    {"key": "abuse-hold", "title": "Abusive language",
     "mode": "enforce", "when": {"finding": {"category": "abuse", "min_score": 0.8}},
     "outcome": "hold", "effects": ["hold_content", "open_case"], "queue": "held_messages", "risk": 60,
     "reason": "The content looks abusive; it waits for a moderator before anyone sees it."},
    {"key": "abuse-severe", "title": "Severe abuse or hate",
     "mode": "enforce", "when": {"finding": {"category": "abuse", "min_score": 0.95, "min_severity": 3}},
     "outcome": "block", "strike_weight": 3, "effects": ["hide_content", "add_strike", "open_case"],
     "queue": "held_messages", "risk": 90,
     "reason": "Hate and severe abuse are not allowed on Workfair; the content was blocked."},
    {"key": "scam-hold", "title": "Scam pattern",
     "mode": "enforce", "when": {"finding": {"category": "scam", "min_score": 0.8}},
     "outcome": "hold", "strike_weight": 2, "effects": ["hold_content", "add_strike", "open_case"],
     "queue": "held_messages", "risk": 85,
     "reason": "The content matches a known scam pattern; it waits for a moderator."},
    {"key": "spam-hold", "title": "Spam",
     "mode": "enforce", "when": {"finding": {"category": "spam", "min_score": 0.85}},
     "outcome": "hold", "effects": ["hold_content", "open_case"], "queue": "held_messages", "risk": 40,
     "reason": "The content looks like spam; it waits for a moderator."},
    {"key": "spam-low-confidence", "title": "Possible spam (measuring before enforcing)",
     "mode": "shadow", "when": {"finding": {"category": "spam", "min_score": 0.6}},
     "outcome": "warn", "effects": [],
     "reason": "The content looks like it may be spam."},
    # --- prohibited job posts (docs/rules.md) ----------------------------------------------
    {"key": "job-fake-reviews", "title": "Job asks for fake reviews or ratings",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["fake_reviews"],
                                                              "min_score": 0.8}},
     "outcome": "block", "strike_weight": 1, "effects": ["refuse_job", "add_strike"],
     "reason": "Job posts asking for fake reviews or ratings are not allowed."},
    {"key": "job-academic-cheating", "title": "Job asks for academic cheating",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited",
                                                              "kinds": ["academic_cheating"], "min_score": 0.8}},
     "outcome": "block", "strike_weight": 1, "effects": ["refuse_job", "add_strike"],
     "reason": "Job posts asking someone to do graded coursework or exams are not allowed."},
    {"key": "job-free-work", "title": "Job asks for free work or a contest",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["free_work"],
                                                              "min_score": 0.8}},
     "outcome": "block", "effects": ["refuse_job"],
     "reason": "Job posts asking for unpaid work, free samples or contests are not allowed."},
    {"key": "job-pay-to-apply", "title": "Job asks freelancers to pay",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["pay_to_apply"],
                                                              "min_score": 0.8}},
     "outcome": "block", "strike_weight": 2, "effects": ["refuse_job", "add_strike", "open_case"],
     "queue": "account_health", "risk": 80,
     "reason": "Job posts asking freelancers to pay a fee, deposit or for training are not allowed."},
    {"key": "job-deliverable-in-proposal", "title": "Job asks for part of the work in the proposal",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited",
                                                              "kinds": ["deliverable_in_proposal"], "min_score": 0.8}},
     "outcome": "block", "effects": ["refuse_job"],
     "reason": "Job posts may not ask for part of the deliverable in the proposal: that is unpaid work."},
    {"key": "job-illegal", "title": "Job for illegal goods or services",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["illegal"],
                                                              "min_score": 0.8}},
     "outcome": "block", "strike_weight": 3, "effects": ["refuse_job", "add_strike", "open_case"],
     "queue": "account_health", "risk": 90,
     "reason": "Job posts for illegal goods or services are not allowed."},
    {"key": "job-adult", "title": "Job for adult content",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["adult"],
                                                              "min_score": 0.8}},
     "outcome": "block", "effects": ["refuse_job"],
     "reason": "Job posts for adult content are not allowed."},
    {"key": "job-harassment", "title": "Job targets or harasses a person",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "kinds": ["harassment"],
                                                              "min_score": 0.8}},
     "outcome": "block", "strike_weight": 2, "effects": ["refuse_job", "add_strike"],
     "reason": "Job posts that target, track or harass a person are not allowed."},
    {"key": "job-borderline", "title": "Job post that may be prohibited",
     "mode": "enforce", "when": {"surfaces": JOB, "finding": {"category": "prohibited", "min_score": 0.4}},
     "outcome": "hold", "effects": ["open_case"], "queue": "job_posts", "risk": 50,
     "reason": "Your job post is being reviewed by a person; this usually takes less than 30 minutes."},
    # --- behaviour -------------------------------------------------------------------------------
    {"key": "velocity-proposals", "title": "Too many proposals in an hour",
     "mode": "enforce", "when": {"signals": ["proposal.sent"], "finding": {"category": "behaviour",
                                                                          "kinds": ["velocity"]}},
     "outcome": "hold", "effects": ["hold_content", "open_case"], "queue": "account_health", "risk": 50,
     "reason": "You sent more proposals in the last hour than people normally do; they wait for review."},
    {"key": "velocity-messages", "title": "Too many messages in an hour",
     "mode": "enforce", "when": {"signals": ["message.sent"], "finding": {"category": "behaviour",
                                                                         "kinds": ["velocity"]}},
     "outcome": "hold", "effects": ["hold_content", "open_case"], "queue": "account_health", "risk": 50,
     "reason": "You sent more messages in the last hour than people normally do; they wait for review."},
    {"key": "velocity-job-posts", "title": "Too many job posts in an hour",
     "mode": "enforce", "when": {"signals": ["job.submitted"], "finding": {"category": "behaviour",
                                                                          "kinds": ["velocity"]}},
     "outcome": "hold", "effects": ["open_case"], "queue": "job_posts", "risk": 60,
     "reason": "You submitted more job posts in the last hour than people normally do; they wait for review."},
    {"key": "new-account-high-risk", "title": "New account sharing contact or payment details",
     "mode": "enforce", "when": {"finding": {"category": "behaviour", "kinds": ["new_account_high_risk"]}},
     "outcome": "hold", "effects": ["hold_content", "require_verification", "open_case"],
     "queue": "account_health", "risk": 75,
     "reason": "New accounts that share contact or payment details are checked by a person first."},
    {"key": "repeated-reports", "title": "Reported by several people",
     "mode": "enforce", "when": {"signals": ["report.filed"], "finding": {"category": "behaviour",
                                                                         "kinds": ["repeated_reports"]}},
     "outcome": "warn", "strike_weight": 1, "effects": ["add_strike", "open_case"], "queue": "reports",
     "risk": 70,
     "reason": "Several people reported your account; please read the community rules. A moderator will review."},
    {"key": "impersonation-step-up", "title": "Reported for impersonation by several people",
     "mode": "enforce", "when": {"signals": ["report.filed"], "finding": {"category": "behaviour",
                                                                         "kinds": ["impersonation_report"]}},
     "outcome": "warn",
     "effects": [{"kind": "require_step_up", "method": "identity", "reason": "impersonation_report"}, "open_case"],
     "queue": "reports", "risk": 70,
     "reason": "Several people reported that this account pretends to be someone else. Please verify your "
               "identity again; until then you cannot withdraw, start contracts or post jobs. A moderator "
               "will review the reports."},
    # --- the identity graph (one person, one account; banned people stay out) -------------------
    {"key": "ban-evasion-strong", "title": "Shares a strong identifier with a banned account",
     "mode": "enforce", "when": {"signals": IDENTITY_SIGNALS, "finding": {"category": "behaviour",
                                                                         "kinds": ["ban_evasion_strong"]}},
     "outcome": "block", "effects": ["suspend", "open_case"], "queue": "identity", "risk": 90,
     "reason": "This account shares a strong identifier (a phone number, ID document, verified face, e-mail "
               "address or payment instrument) with an account that was banned, so it was suspended. A person "
               "will review it; if the other account is not yours, appeal and tell us."},
    {"key": "ban-evasion-weak", "title": "Shares a device or network with a banned account",
     "mode": "enforce", "when": {"signals": IDENTITY_SIGNALS, "finding": {"category": "behaviour",
                                                                         "kinds": ["ban_evasion_weak"]}},
     "outcome": "warn", "effects": ["require_verification",
                                    {"kind": "require_step_up", "method": "phone", "reason": "ban_evasion_match"},
                                    "open_case"],
     "queue": "identity", "risk": 30,
     "reason": "This account was used from a device or network that a banned account also used. Nothing was "
               "blocked; please confirm it is you with a code sent to your phone (or verify your identity) "
               "before withdrawing, starting contracts or posting jobs, and a person will take a look."},
    {"key": "duplicate-account", "title": "Shares a strong identifier with another account",
     "mode": "enforce", "when": {"signals": IDENTITY_SIGNALS, "finding": {"category": "behaviour",
                                                                         "kinds": ["duplicate_account"]}},
     "outcome": "hold", "effects": ["open_case", "require_verification"], "queue": "identity", "risk": 60,
     "reason": "This account shares a strong identifier (such as an ID document or phone number) with another "
               "Workfair account, and each person may have one account. Please verify your identity while a "
               "person reviews it."},
]  # fmt: skip


def default_policy() -> CompiledPolicy:
    """The shipped defaults, compiled (version 0 = not from the database)."""
    return compile_policy(0, DEFAULT_RULES)


def outcome_rank(outcome: str) -> int:
    return OUTCOME_RANK[outcome]
