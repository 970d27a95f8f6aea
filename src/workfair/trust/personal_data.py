"""The trust engine's part of "download my data" (`core.personal_data`): the decisions about the
person with their statements of reasons, their appeals, the reports they filed and their standing.
Nothing is erased: decisions, cases, reports and appeals are kept for safety and stay attached to
the pseudonymised account (docs/rules.md "Your data"). Never exported: other people's reports
about the person, internal case notes, signals and evidence."""

from __future__ import annotations

from typing import Any

from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.trust.models import AccountStanding, Appeal, Decision, Report


def export_trust(user: Any) -> ExportPart:
    standing = AccountStanding.objects.filter(user_id=user.pk).values("level", "until", "reason", "updated_at").first()
    return ExportPart(
        records={
            "standing": standing,
            "decisions": list(
                Decision.objects.filter(subject_id=user.pk, shadow=False)
                .order_by("pk")
                .values("id", "created_at", "outcome", "source", "rule_key", "reason", "target_type", "target_id")
            ),
            "appeals": list(
                Appeal.objects.filter(appellant_id=user.pk)
                .order_by("pk")
                .values("decision_id", "statement", "status", "created_at", "decided_at")
            ),
            "reports_filed": list(
                Report.objects.filter(reporter_id=user.pk)
                .order_by("pk")
                .values("target_type", "target_id", "reason", "note", "created_at")
            ),
        }
    )


def register() -> None:
    register_personal_data("trust", export=export_trust)
