"""Every write about reviews (docs/subsystems/feedback.md): leaving one, answering one, revealing.

Double-blind: a review is written hidden and revealed for both sides at once, when the second
side writes (inside that write's transaction) or when the window closes (`do_reveal_due`, the
timer). Nothing tells the other side a review was written before the reveal: no notification,
no count, no event. Review text goes through the trust engine's gate on the "review" surface
(contact details hidden, abuse held) as proposals and profiles do."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from workfair.contracts.models import Contract
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.feedback.models import Review
from workfair.feedback.queries import REPLY_TARGET, REVIEW_TARGET, role_in, why_not_reviewable
from workfair.feedback.states import CRITERIA, REPLY_MAX, REVIEW_WINDOW, STARS, TEXT_MAX, ReviewerRole
from workfair.notifications.actions import do_notify
from workfair.trust.interface import do_record_signal, gate

logger = logging.getLogger(__name__)

REVIEW_SIGNAL = "review.submitted"
REPLY_SIGNAL = "review.replied"


def _stars(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in STARS:
        raise InvalidInput(f"{what} is a whole number of stars from 1 to 5.")
    return value


def _clean_criteria(role: str, criteria: Mapping[str, Any]) -> dict[str, int]:
    expected = dict(CRITERIA[role])
    if not isinstance(criteria, Mapping) or set(criteria) != set(expected):
        raise InvalidInput(f"Rate each of: {', '.join(expected.values())} (1 to 5 stars).")
    return {key: _stars(criteria[key], label) for key, label in expected.items()}


def _clean_text(text: Any, *, limit: int, what: str) -> str:
    cleaned = (text if isinstance(text, str) else "").strip()
    if not cleaned:
        raise InvalidInput(f"Write your {what}.")
    if len(cleaned) > limit:
        raise InvalidInput(f"Your {what} can have at most {limit} characters.")
    return cleaned


def _screened(actor: Any, kind: str, text: str) -> tuple[Any, str]:
    """The gate's verdict and the text others may read: contact details masked whatever the
    outcome, so a held review a moderator later releases still shows none."""
    g = gate(actor=actor, kind=kind, surface="review", text=text, context={"contract_active": False})
    return g, g.masked_text or text


def _contract_url(contract: Contract) -> str:
    return reverse("contracts:detail", args=[contract.pk]) + "#feedback"


def _reveal(contract: Contract, now: dt.datetime, *, why: str) -> int:
    """Reveal every hidden review of the contract (both sides at once) and tell both people.
    Runs in the caller's transaction with the contract row locked."""
    revealed = Review.objects.filter(contract=contract, revealed_at__isnull=True).update(revealed_at=now)
    if not revealed:
        return 0
    record_audit(actor=None, action="feedback.reveal", target=contract, data={"reviews": revealed, "why": why})
    for person in (contract.client, contract.freelancer):
        do_notify(
            person,
            kind="feedback.revealed",
            title=f"Feedback on {contract.title} is visible",
            body="The feedback of this contract is now public on both profiles.",
            url=_contract_url(contract),
        )
    return revealed


def do_leave_review(
    *,
    actor: Any,
    contract: Contract,
    rating: int,
    criteria: Mapping[str, Any],
    text: str,
    work_again: bool,
    recommend: int,
) -> Review:
    """One side of an ended contract reviews the other: public `rating` (1-5), `criteria` (the
    role's keys in `states.CRITERIA`, 1-5 each) and `text`; private `work_again` and `recommend`
    (0-10) for the platform only. Allowed within 14 days after the end, for contracts with money
    paid, once per side (409 the second time). The review stays hidden; when the other side has
    already written, both are revealed now. Refusals (400/403/404/409) write nothing."""
    role = role_in(contract, getattr(actor, "pk", None))
    if role is None:
        raise NotFound("Contract not found.")
    rating = _stars(rating, "The overall rating")
    cleaned = _clean_criteria(role, criteria)
    body = _clean_text(text, limit=TEXT_MAX, what="feedback")
    if not isinstance(work_again, bool):
        raise InvalidInput("Say whether you would work with them again.")
    if isinstance(recommend, bool) or not isinstance(recommend, int) or not 0 <= recommend <= 10:
        raise InvalidInput("How likely you would recommend them is a whole number from 0 to 10.")
    with transaction.atomic():
        # The contract row is the lock both sides take: the second writer sees the first review.
        locked = Contract.objects.select_for_update().select_related("client", "freelancer").get(pk=contract.pk)
        now = clock.now()
        refusal = why_not_reviewable(locked, role, now)
        if refusal:
            raise PermissionDenied(refusal, code="feedback_closed")
        if Review.objects.filter(contract=locked, author=actor).exists():
            raise Conflict("You already left feedback on this contract.", code="duplicate_review")
        g, shown = _screened(actor, REVIEW_SIGNAL, body)
        subject = locked.freelancer if role == ReviewerRole.CLIENT else locked.client
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    contract=locked,
                    author=actor,
                    subject=subject,
                    author_role=role,
                    rating=rating,
                    criteria=cleaned,
                    text=body,
                    public_text=shown,
                    screening=g.outcome,
                    work_again=work_again,
                    recommend=recommend,
                    created_at=now,
                )
        except IntegrityError as exc:  # the same person submitting twice at once
            raise Conflict("You already left feedback on this contract.", code="duplicate_review") from exc
        do_record_signal(actor=actor, kind=REVIEW_SIGNAL, surface="review", target_type=REVIEW_TARGET,
                         target_id=review.pk, gate=g)  # fmt: skip
        record_audit(actor=actor, action="feedback.review", target=review,
                     data={"contract": locked.pk, "role": role, "rating": rating, "screening": g.outcome})  # fmt: skip
        if Review.objects.filter(contract=locked).count() == 2:
            _reveal(locked, now, why="both_written")
            review.revealed_at = now
    return review


def do_reply_to_review(*, actor: Any, review: Review, text: str) -> Review:
    """The person a revealed review is about answers it publicly, once (409 the second time).
    The answer is screened like the review. Refusals write nothing."""
    if getattr(actor, "pk", None) != review.subject_id:
        raise PermissionDenied("Only the person this review is about can answer it.")
    if review.revealed_at is None:
        raise NotFound("Review not found.")
    body = _clean_text(text, limit=REPLY_MAX, what="answer")
    with transaction.atomic():
        g, shown = _screened(actor, REPLY_SIGNAL, body)
        now = clock.now()
        updated = Review.objects.filter(pk=review.pk, replied_at__isnull=True).update(
            reply_text=body, reply_public_text=shown, replied_at=now
        )
        if not updated:
            raise Conflict("You already answered this review.", code="duplicate_reply")
        do_record_signal(actor=actor, kind=REPLY_SIGNAL, surface="review", target_type=REPLY_TARGET,
                         target_id=review.pk, gate=g)  # fmt: skip
        record_audit(actor=actor, action="feedback.reply", target=review, data={"screening": g.outcome})
    review.reply_text, review.reply_public_text, review.replied_at = body, shown, now
    return review


def do_reveal_due() -> int:
    """The timer: reveal the reviews of every contract whose window has closed (14 days after it
    ended), whether one side or none wrote. Idempotent; returns how many reviews it revealed."""
    now = clock.now()
    contract_ids = list(
        Review.objects.filter(revealed_at__isnull=True, contract__ended_at__lte=now - REVIEW_WINDOW)
        .values_list("contract_id", flat=True)
        .distinct()
    )
    revealed = 0
    for contract_id in contract_ids:
        with transaction.atomic():
            locked = Contract.objects.select_for_update().select_related("client", "freelancer").get(pk=contract_id)
            revealed += _reveal(locked, now, why="window_closed")
    return revealed
