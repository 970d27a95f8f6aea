"""Operator-tunable numbers of the trust engine, with defaults (docs/rules.md).

Every value can be overridden in settings: `WORKFAIR_TRUST = {"STRIKE_EXPIRY_DAYS": 60, ...}`;
`trust_setting(name)` reads the override or the default. Queue SLAs can also be changed per
queue in the database (`QueueSLA`), which wins over these defaults.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Strikes stop counting after this many days.
    "STRIKE_EXPIRY_DAYS": 90,
    # The enforcement ladder: the highest rung whose `min_weight` the active strikes reach.
    "LADDER": [
        {"min_weight": 1, "level": "warning"},
        {"min_weight": 3, "level": "restricted", "days": 14},
        {"min_weight": 6, "level": "suspended"},
        {"min_weight": 10, "level": "banned"},
    ],
    # Days a restriction lasts when a moderator restricts without saying.
    "DEFAULT_RESTRICTION_DAYS": 14,
    # Share of automated decisions sampled into the quality-review queue.
    "QUALITY_SAMPLE_RATE": 0.02,
    "APPEAL_WINDOW_DAYS": 183,  # six months
    "OVERRIDE_DAYS": 365,  # how long a won appeal stops the same rule striking for the same evidence
    "REPORTS_PER_HOUR": 10,  # per reporter
    "REPEATED_REPORTS_THRESHOLD": 3,  # distinct reporters against one account ...
    "REPEATED_REPORTS_WINDOW_DAYS": 30,  # ... within this many days
    # Actions per actor per hour above which the velocity detector reports.
    "VELOCITY_PER_HOUR": {"message.sent": 60, "proposal.sent": 15, "job.submitted": 8},
    "NEW_ACCOUNT_DAYS": 3,
    "QUEUE_SLA_MINUTES": {
        "job_posts": 30,
        "held_messages": 60,
        "reports": 240,
        "appeals": 2880,
        "quality_review": 4320,
        "account_health": 1440,
        "identity": 1440,  # identity reviews and ban-evasion cases: 24 hours
    },
    # A case's priority moves its due time earlier by this many minutes per risk point (0..100).
    "RISK_MINUTES_PER_POINT": 1,
    # Account health: a case opens when a share is at or above its threshold (with enough contracts
    # for the share to mean something) or when this many reports arrived in the window.
    "HEALTH_THRESHOLDS": {
        "negative_feedback_share": 0.25,
        "dispute_share": 0.20,
        "min_contracts": 4,
        "reports_received": 5,
        "reports_window_days": 90,
    },
}


_overrides: dict[str, Any] | None = None  # settings.WORKFAIR_TRUST, read once (the gate asks often)


def trust_setting(name: str) -> Any:
    """The configured value of `name` (settings.WORKFAIR_TRUST override, else the default)."""
    global _overrides
    if _overrides is None:
        _overrides = getattr(settings, "WORKFAIR_TRUST", {}) or {}
    if name in _overrides:
        return _overrides[name]
    return DEFAULTS[name]


@receiver(setting_changed)
def _forget_overrides(*, setting: str, **kwargs: Any) -> None:
    """`override_settings(WORKFAIR_TRUST=...)` (tests) takes effect at once."""
    global _overrides
    if setting == "WORKFAIR_TRUST":
        _overrides = None
