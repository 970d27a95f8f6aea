"""The shipped default screening policy, as data, and how a policy turns findings into a decision.

A policy is a dict: `version`, `report_threshold` (findings below it are dropped as noise) and an
ordered list of `rules`. A rule matches a finding when every key it sets holds:

- `category`: the finding's category; `kinds`: a list of kinds (absent = any kind);
- `min_score`, `min_severity`: lower bounds;
- `contract_active`: true/false = only when a contract between the two is (not) active; absent = both;
- `surfaces`: a list of surfaces (absent = all).

Each matching rule contributes its `action`; the decision is the most severe one (allow < mask <
hold < block). Findings matched by a rule are hidden in `masked_text`; findings matched by none are
reported but left visible (e.g. contact details after a contract starts). The trust engine will keep
versioned, operator-edited copies of this structure; `validate_policy` checks one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workfair.trust.findings import CATEGORIES, SURFACES, Finding, ScreenContext

ACTIONS = ("allow", "mask", "hold", "block")
_RANK = {a: k for k, a in enumerate(ACTIONS)}

DEFAULT_POLICY: dict[str, Any] = {
    "version": "default-2026.1",
    "report_threshold": 0.6,
    "rules": [
        # Before a contract, nothing that lets the two reach each other elsewhere (DESIGN.md §2).
        {"id": "contact-before-contract", "category": "contact", "contract_active": False, "min_score": 0.6,
         "action": "mask"},
        # Profiles, job posts, proposals and reviews are read by people with no contract: always masked.
        {"id": "contact-public-surfaces", "category": "contact", "surfaces": ["job_post", "proposal", "profile",
         "review"], "min_score": 0.6, "action": "mask"},
        # Payment identifiers and offers to pay outside stay hidden even during a contract: money moves
        # through escrow, and a card number in a chat protects nobody.
        {"id": "payment-details", "category": "payment", "min_score": 0.6, "action": "mask"},
        {"id": "abuse-hold", "category": "abuse", "min_score": 0.8, "action": "hold"},
        {"id": "abuse-severe-block", "category": "abuse", "min_score": 0.95, "min_severity": 3, "action": "block"},
        {"id": "scam-hold", "category": "scam", "min_score": 0.8, "action": "hold"},
        {"id": "spam-hold", "category": "spam", "min_score": 0.85, "action": "hold"},
    ],
}  # fmt: skip

PLACEHOLDERS: dict[str, str] = {
    "contact": "[contact details hidden]",
    "payment": "[payment details hidden]",
    "abuse": "[abusive content hidden]",
    "scam": "[content hidden for your safety]",
    "spam": "[content hidden]",
    "prohibited": "[content hidden]",
}
# which placeholder wins when spans of several categories overlap
_PLACEHOLDER_ORDER = ("payment", "contact", "scam", "abuse", "spam", "prohibited")


def validate_policy(policy: dict[str, Any]) -> list[str]:
    """Problems with a policy (empty list = valid)."""
    problems: list[str] = []
    if not isinstance(policy.get("version"), str):
        problems.append("version must be a string")
    if not isinstance(policy.get("report_threshold", 0), int | float):
        problems.append("report_threshold must be a number")
    rules = policy.get("rules")
    if not isinstance(rules, list):
        return [*problems, "rules must be a list"]
    for k, rule in enumerate(rules):
        where = f"rule {k} ({rule.get('id', '?') if isinstance(rule, dict) else '?'})"
        if not isinstance(rule, dict):
            problems.append(f"{where}: must be an object")
            continue
        if rule.get("category") not in CATEGORIES:
            problems.append(f"{where}: category must be one of {', '.join(CATEGORIES)}")
        if rule.get("action") not in ACTIONS:
            problems.append(f"{where}: action must be one of {', '.join(ACTIONS)}")
        for s in rule.get("surfaces", []):
            if s not in SURFACES:
                problems.append(f"{where}: unknown surface {s!r}")
        unknown = set(rule) - {
            "id",
            "category",
            "kinds",
            "min_score",
            "min_severity",
            "contract_active",
            "surfaces",
            "action",
        }
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
    return problems


def _matches(rule: dict[str, Any], f: Finding, ctx: ScreenContext) -> bool:
    if rule["category"] != f.category:
        return False
    if "kinds" in rule and f.kind not in rule["kinds"]:
        return False
    if f.score < rule.get("min_score", 0.0) or f.severity < rule.get("min_severity", 0):
        return False
    if "contract_active" in rule and rule["contract_active"] != ctx.contract_active:
        return False
    return "surfaces" not in rule or ctx.surface in rule["surfaces"]


def apply_policy(
    findings: Iterable[Finding], ctx: ScreenContext, policy: dict[str, Any] | None = None
) -> tuple[str, list[Finding], list[str]]:
    """(decision, findings to hide, ids of the rules that matched) for `findings` in `ctx`."""
    policy = policy or DEFAULT_POLICY
    decision = "allow"
    hidden: list[Finding] = []
    matched: list[str] = []
    for f in findings:
        acted = False
        for rule in policy["rules"]:
            if _matches(rule, f, ctx):
                action = rule["action"]
                if _RANK[action] > _RANK[decision]:
                    decision = action
                if action != "allow":
                    acted = True
                rid = rule.get("id", rule["category"])
                if rid not in matched:
                    matched.append(rid)
        if acted:
            hidden.append(f)
    return decision, hidden, matched


def mask(text: str, hidden: Iterable[Finding]) -> str:
    """`text` with every span of `hidden` replaced by its category's placeholder (overlaps merged)."""
    spans = sorted((f.start, f.end, f.category) for f in hidden if f.end > f.start)
    if not spans:
        return text
    merged: list[list[Any]] = []
    for start, end, cat in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].add(cat)
        else:
            merged.append([start, end, {cat}])
    out: list[str] = []
    pos = 0
    for start, end, cats in merged:
        out.append(text[pos:start])
        cat = next(c for c in _PLACEHOLDER_ORDER if c in cats)
        out.append(PLACEHOLDERS[cat])
        pos = end
    out.append(text[pos:])
    return "".join(out)
