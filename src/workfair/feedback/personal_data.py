"""Feedback's part of "download my data" (`core.personal_data`): the reviews the person wrote (as
written) and the reviews about them that are revealed (as others read them: a review still hidden
by the double-blind window is not in the export). Nothing is erased: reviews stay under the
pseudonymised account, so a score cannot be reset by deleting an account."""

from __future__ import annotations

from typing import Any

from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.feedback.models import Review


def export_reviews(user: Any) -> ExportPart:
    return ExportPart(
        records={
            "written": list(
                Review.objects.filter(author_id=user.pk)
                .order_by("pk")
                .values(
                    "contract_id",
                    "rating",
                    "criteria",
                    "text",
                    "work_again",
                    "recommend",
                    "created_at",
                    "revealed_at",
                    "reply_public_text",
                )
            ),
            "received": list(
                Review.objects.filter(subject_id=user.pk, revealed_at__isnull=False)
                .order_by("pk")
                .values("contract_id", "rating", "criteria", "public_text", "revealed_at", "reply_text")
            ),
        }
    )


def register() -> None:
    register_personal_data("reviews", export=export_reviews)
