"""Behavioural detectors: findings about what an account does, not about what a text says.

They read only the facts the engine put in the signal's context (actions in the last hour, account
age, reports received), so they are pure and never touch a database. They join the shared registry
(`register_detector`), so the console lists them with the text detectors; on text alone (the
`workfair screen` path) they find nothing. The engine calls `detect_signal(facts, text_findings)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from workfair.core import clock
from workfair.guard.detectors import SignalDetector, register_detector
from workfair.guard.findings import Finding
from workfair.guard.rules import SignalFacts
from workfair.trust.config import trust_setting

BEHAVIOUR = "behaviour"


def _finding(kind: str, score: float, value: str, evidence: str, detector: str) -> Finding:
    # Behavioural findings have no span in a text: start = end = 0.
    return Finding(BEHAVIOUR, kind, 0, 0, max(0.0, min(1.0, score)), "", value, evidence, 1, detector)


class VelocityDetector(SignalDetector):
    """Too many actions of one kind by one actor within the last hour (configured per kind)."""

    name = "velocity"

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        count = facts.context.get("actions_last_hour")
        if not isinstance(count, int | float):
            return []
        limit = trust_setting("VELOCITY_PER_HOUR").get(facts.kind)
        if limit is None or count <= limit:
            return []
        score = min(1.0, 0.8 + 0.2 * (count - limit) / limit)
        return [_finding("velocity", score, str(int(count)), f"{int(count)} {facts.kind} in an hour (limit {limit})",
                         self.name)]  # fmt: skip


class NewAccountHighRiskDetector(SignalDetector):
    """A new account (younger than NEW_ACCOUNT_DAYS, or with an unverified e-mail) that shares
    contact or payment details or a scam pattern: the classic off-platform fraud opening. Once a
    contract is active, contact details are allowed to everyone (docs/rules.md "Contact details"),
    so only payment details and scam patterns still count. The evidence says when the rule lifts."""

    name = "new_account_high_risk"
    _RISKY = frozenset({"contact", "payment", "scam"})
    _RISKY_IN_CONTRACT = frozenset({"payment", "scam"})

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        age = facts.context.get("account_age_days")
        days = trust_setting("NEW_ACCOUNT_DAYS")
        young = isinstance(age, int | float) and age < days
        unverified = facts.context.get("email_verified") is False
        if not (young or unverified):
            return []
        categories = self._RISKY_IN_CONTRACT if facts.context.get("contract_active") is True else self._RISKY
        risky = [f for f in text_findings if f.category in categories and f.score >= 0.8]
        if not risky:
            return []
        if young:
            lifts = clock.now() + dt.timedelta(days=float(days) - float(age))  # type: ignore[arg-type]
            # The age comes rounded to 1/100 day: round the moment up to the next full hour.
            lifts = (lifts + dt.timedelta(minutes=59)).replace(minute=0, second=0, microsecond=0)
            why = f"account younger than {days} days, until {lifts.astimezone(dt.UTC):%d %B %Y %H:%M} UTC"
        else:
            why = "e-mail not verified, until you confirm your e-mail address"
        kinds = ", ".join(sorted({f.kind for f in risky}))
        return [_finding("new_account_high_risk", 0.9, kinds, f"{why}; shares {kinds}", self.name)]


class RepeatedReportsDetector(SignalDetector):
    """Several distinct people reported the same account within the window."""

    name = "repeated_reports"

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        count: Any = facts.context.get("reports_received")
        if not isinstance(count, int | float) or count < trust_setting("REPEATED_REPORTS_THRESHOLD"):
            return []
        days = trust_setting("REPEATED_REPORTS_WINDOW_DAYS")
        return [_finding("repeated_reports", min(1.0, 0.7 + 0.1 * count), str(int(count)),
                         f"reported by {int(count)} people in {days} days", self.name)]  # fmt: skip


IMPERSONATION_REPORTERS = 2  # distinct reporters; one malicious report must not lock anyone out


class ImpersonationReportsDetector(SignalDetector):
    """At least IMPERSONATION_REPORTERS distinct people reported the account for impersonation
    within the reports window (`impersonation_reports` in the context)."""

    name = "impersonation_report"

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        count: Any = facts.context.get("impersonation_reports")
        if not isinstance(count, int | float) or isinstance(count, bool) or count < IMPERSONATION_REPORTERS:
            return []
        days = trust_setting("REPEATED_REPORTS_WINDOW_DAYS")
        return [_finding("impersonation_report", min(1.0, 0.7 + 0.1 * count), str(int(count)),
                         f"reported for impersonation by {int(count)} people in {days} days", self.name)]  # fmt: skip


class IdentityLinksDetector(SignalDetector):
    """Links the identity graph found between this account and others (`identity_links` in the
    context: `{"kind", "strength": "strong"|"weak", "account_id", "standing"}` each, plus the
    counts `banned_strong_links`, `banned_weak_links`, `existing_strong_links`).

    - `ban_evasion_strong`: a strong identifier (phone, document, face, e-mail, payment instrument)
      shared with a banned account;
    - `ban_evasion_weak`: only weak ones (device, IP, network, photo) shared with a banned account;
    - `duplicate_account`: a strong identifier shared with an account that is not banned.

    The evidence names the shared identifier kinds and the linked accounts ("shares phone, document
    with banned account #12"); the value lists the linked account ids, so an override after a won
    appeal holds for the same accounts only."""

    name = "identity_links"
    _COUNTS = ("banned_strong_links", "banned_weak_links", "existing_strong_links")

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        context = facts.context
        links = context.get("identity_links")
        if links is None and not any(name in context for name in self._COUNTS):
            return []  # nothing the identity graph found (nearly every signal)
        by_account: dict[tuple[str, bool], dict[int, set[str]]] = {}
        if isinstance(links, list):
            for link in links:
                if not isinstance(link, dict) or not isinstance(link.get("account_id"), int):
                    continue
                strong = link.get("strength") == "strong"
                banned = link.get("standing") == "banned"
                group = ("strong" if strong else "weak", banned)
                by_account.setdefault(group, {}).setdefault(link["account_id"], set()).add(str(link.get("kind", "?")))
        findings: list[Finding] = []
        strong_banned = by_account.get(("strong", True)) or {}
        weak_banned = by_account.get(("weak", True)) or {}
        strong_other = by_account.get(("strong", False)) or {}
        n_strong_banned = max(len(strong_banned), self._count(facts, "banned_strong_links"))
        n_weak_banned = max(len(weak_banned), self._count(facts, "banned_weak_links"))
        n_strong_other = max(len(strong_other), self._count(facts, "existing_strong_links"))
        if n_strong_banned:
            findings.append(self._found("ban_evasion_strong", 1.0, strong_banned, "banned", n_strong_banned))
        elif n_weak_banned:  # device or network only: adds risk, never blocks
            findings.append(self._found("ban_evasion_weak", 0.6, weak_banned, "banned", n_weak_banned))
        if n_strong_other:
            findings.append(self._found("duplicate_account", 0.9, strong_other, "other", n_strong_other))
        return findings

    @staticmethod
    def _count(facts: SignalFacts, name: str) -> int:
        value = facts.context.get(name)
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else 0

    def _found(self, kind: str, score: float, accounts: dict[int, set[str]], what: str, count: int) -> Finding:
        if accounts:
            parts = [f"shares {', '.join(sorted(kinds))} with {what} account #{account}"
                     for account, kinds in sorted(accounts.items())]  # fmt: skip
            evidence, value = "; ".join(parts), ",".join(str(a) for a in sorted(accounts))
        else:
            strength = "a device or network" if kind == "ban_evasion_weak" else "a strong identifier"
            evidence, value = f"shares {strength} with {count} {what} account(s)", str(count)
        return _finding(kind, score, value, evidence, self.name)


VELOCITY = register_detector(VelocityDetector())
NEW_ACCOUNT_HIGH_RISK = register_detector(NewAccountHighRiskDetector())
REPEATED_REPORTS = register_detector(RepeatedReportsDetector())
IDENTITY_LINKS = register_detector(IdentityLinksDetector())
IMPERSONATION_REPORTS = register_detector(ImpersonationReportsDetector())
