"""What the trust engine needs of feedback: reporting a review. Registered from
`FeedbackConfig.ready`. A report names only what the reporter can see: an unrevealed review is
NotFound for everyone but its author, as on the pages and in the API."""

from __future__ import annotations

from typing import Any

from workfair.feedback.queries import REVIEW_TARGET, access_review_by_id
from workfair.trust import interface as trust


def _review_author(actor: Any, review_id: int) -> Any:
    return access_review_by_id(actor, review_id).author


def register() -> None:
    trust.register_report_target("review", REVIEW_TARGET, _review_author)
