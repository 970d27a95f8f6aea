"""Behavioural detectors: findings about what an account does, not about what a text says.

They read only the facts the engine put in the signal's context (actions in the last hour, account
age, reports received), so they are pure and never touch a database. They join the shared registry
(`register_detector`), so the console lists them with the text detectors; on text alone (the
`workfair screen` path) they find nothing. The engine calls `detect_signal(facts, text_findings)`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from workfair.trust.config import trust_setting
from workfair.trust.detectors import register_detector
from workfair.trust.findings import Finding, ScreenContext
from workfair.trust.normalize import NormalizedText
from workfair.trust.rules import SignalFacts

BEHAVIOUR = "behaviour"


def _finding(kind: str, score: float, value: str, evidence: str, detector: str) -> Finding:
    # Behavioural findings have no span in a text: start = end = 0.
    return Finding(BEHAVIOUR, kind, 0, 0, max(0.0, min(1.0, score)), "", value, evidence, 1, detector)


class _SignalDetector(ABC):
    """Base of the detectors that read a signal's facts rather than a text."""

    name = ""
    categories: tuple[str, ...] = (BEHAVIOUR,)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        """Nothing to find in a text alone (see the module doc)."""
        return []

    @abstractmethod
    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        """Findings about the signal's actor and context (each subclass says which)."""


class VelocityDetector(_SignalDetector):
    """Too many actions of one kind by one actor within the last hour (configured per kind)."""

    name = "velocity"

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        limits: dict[str, int] = trust_setting("VELOCITY_PER_HOUR")
        limit = limits.get(facts.kind)
        count = facts.context.get("actions_last_hour")
        if limit is None or not isinstance(count, int | float) or count <= limit:
            return []
        score = min(1.0, 0.8 + 0.2 * (count - limit) / limit)
        return [_finding("velocity", score, str(int(count)), f"{int(count)} {facts.kind} in an hour (limit {limit})",
                         self.name)]  # fmt: skip


class NewAccountHighRiskDetector(_SignalDetector):
    """A new account (younger than NEW_ACCOUNT_DAYS, or with an unverified e-mail) that shares
    contact or payment details or a scam pattern: the classic off-platform fraud opening."""

    name = "new_account_high_risk"
    _RISKY = frozenset({"contact", "payment", "scam"})

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        age = facts.context.get("account_age_days")
        young = isinstance(age, int | float) and age < trust_setting("NEW_ACCOUNT_DAYS")
        unverified = facts.context.get("email_verified") is False
        if not (young or unverified):
            return []
        risky = [f for f in text_findings if f.category in self._RISKY and f.score >= 0.8]
        if not risky:
            return []
        why = f"account younger than {trust_setting('NEW_ACCOUNT_DAYS')} days" if young else "e-mail not verified"
        kinds = ", ".join(sorted({f.kind for f in risky}))
        return [_finding("new_account_high_risk", 0.9, kinds, f"{why}; shares {kinds}", self.name)]


class RepeatedReportsDetector(_SignalDetector):
    """Several distinct people reported the same account within the window."""

    name = "repeated_reports"

    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        count: Any = facts.context.get("reports_received")
        threshold: int = trust_setting("REPEATED_REPORTS_THRESHOLD")
        if not isinstance(count, int | float) or count < threshold:
            return []
        days = trust_setting("REPEATED_REPORTS_WINDOW_DAYS")
        return [_finding("repeated_reports", min(1.0, 0.7 + 0.1 * count), str(int(count)),
                         f"reported by {int(count)} people in {days} days", self.name)]  # fmt: skip


VELOCITY = register_detector(VelocityDetector())
NEW_ACCOUNT_HIGH_RISK = register_detector(NewAccountHighRiskDetector())
REPEATED_REPORTS = register_detector(RepeatedReportsDetector())
