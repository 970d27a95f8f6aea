"""JSON API for feedback (thin: parse, call queries/actions, return). The double-blind rule is in
queries: the other side's review appears only once revealed, and no field says whether it exists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from workfair.core.api_errors import ErrorOut
from workfair.feedback import actions, queries
from workfair.feedback.models import Review
from workfair.feedback.schemas import (
    FeedbackStateOut,
    ReviewIn,
    ReviewOut,
    ReviewReplyIn,
)

router = Router(tags=["feedback"])

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def review_out(review: Review) -> dict[str, Any]:
    """A review as `queries.mark_text_shown` prepared it for the reader."""
    return {
        "id": review.pk,
        "contract_id": review.contract_id,
        "author_id": review.author_id,
        "author_name": review.author.public_name,
        "subject_id": review.subject_id,
        "author_role": review.author_role,
        "rating": review.rating,
        "criteria": review.criteria,
        "text": getattr(review, "shown_text", ""),
        "text_hidden": bool(getattr(review, "text_hidden", False)),
        "revealed_at": review.revealed_at,
        "reply": getattr(review, "shown_reply", ""),
        "reply_hidden": bool(getattr(review, "reply_hidden", False)),
        "replied_at": review.replied_at,
    }


def own_review_out(review: Review) -> dict[str, Any]:
    return {
        **review_out(review),
        "work_again": review.work_again,
        "recommend": review.recommend,
        "created_at": review.created_at,
    }


def _state(actor: Any, contract_id: int) -> dict[str, Any]:
    contract = queries.access_contract_for_feedback(actor, contract_id)
    state = queries.contract_feedback(actor, contract)
    return {
        "contract_id": contract.pk,
        "role": state.role,
        "can_write": state.can_write,
        "can_reply": state.can_reply,
        "refusal": "" if state.mine else state.refusal,
        "closes_at": state.closes_at,
        "criteria": [key for key, _ in state.criteria],
        "mine": own_review_out(state.mine) if state.mine else None,
        "theirs": review_out(state.theirs) if state.theirs else None,
    }


@router.get("/contracts/{contract_id}", response={200: FeedbackStateOut, **ERRORS})
def get_contract_feedback(request: HttpRequest, contract_id: int) -> dict[str, Any]:
    """Your feedback on an ended contract and, once revealed, the other side's."""
    return _state(request.auth, contract_id)  # type: ignore[attr-defined]


@router.post("/contracts/{contract_id}", response={201: FeedbackStateOut, **ERRORS})
def leave_review(request: HttpRequest, contract_id: int, payload: ReviewIn) -> Status[dict[str, Any]]:
    """Leave your review of an ended contract (once, within 14 days of the end). It stays hidden
    from the other side until they write theirs or the window closes."""
    actor = request.auth  # type: ignore[attr-defined]
    contract = queries.access_contract_for_feedback(actor, contract_id)
    actions.do_leave_review(
        actor=actor,
        contract=contract,
        rating=payload.rating,
        criteria=payload.criteria,
        text=payload.text,
        work_again=payload.work_again,
        recommend=payload.recommend,
    )
    return Status(201, _state(actor, contract.pk))


@router.get("/reviews/{review_id}", response={200: ReviewOut, **ERRORS})
def get_review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    """A revealed review (or your own)."""
    actor = request.auth  # type: ignore[attr-defined]
    review = queries.access_review_by_id(actor, review_id)
    return review_out(queries.mark_text_shown([review], actor)[0])


@router.post("/reviews/{review_id}/reply", response={200: ReviewOut, **ERRORS})
def reply_to_review(request: HttpRequest, review_id: int, payload: ReviewReplyIn) -> dict[str, Any]:
    """Answer a revealed review about you, publicly and once."""
    actor = request.auth  # type: ignore[attr-defined]
    review = queries.access_review_by_id(actor, review_id)
    actions.do_reply_to_review(actor=actor, review=review, text=payload.text)
    return review_out(queries.mark_text_shown([queries.access_review_by_id(actor, review_id)], actor)[0])
