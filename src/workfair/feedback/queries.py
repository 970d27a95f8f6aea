"""Every read about reviews that depends on who asks (docs/subsystems/feedback.md).

The double-blind rule lives here: a review is shown to anyone but its author only once it is
revealed (`revealed_at` set), and every count and average reads revealed reviews only, so what
one side wrote leaks to nobody before the reveal. Staff see everything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from workfair.contracts.models import Contract
from workfair.contracts.queries import access_contract_by_id
from workfair.contracts.states import ContractStatus, ContractType, MilestoneStatus
from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.feedback.models import Review
from workfair.feedback.scoring import WINDOWS_MONTHS, ContractOutcome, JobSuccess, job_success_score
from workfair.feedback.states import CRITERIA, REVIEW_WINDOW, ReviewerRole
from workfair.trust.interface import hidden_target_ids

REVIEW_TARGET = "feedback.review"
REPLY_TARGET = "feedback.reply"


def _user_id(actor: Any) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _is_staff(actor: Any) -> bool:
    return bool(getattr(actor, "is_staff", False))


def role_in(contract: Contract, user_id: int | None) -> str | None:
    """The side `user_id` stands on in the contract, or None."""
    if user_id is not None and user_id == contract.client_id:
        return ReviewerRole.CLIENT
    if user_id is not None and user_id == contract.freelancer_id:
        return ReviewerRole.FREELANCER
    return None


def window_closes_at(contract: Contract) -> dt.datetime | None:
    """When the review window of an ended contract closes (docs/rules.md, "Feedback")."""
    return contract.ended_at + REVIEW_WINDOW if contract.ended_at is not None else None


def money_paid(contract: Contract) -> bool:
    """Whether money reached the freelancer: a released milestone. Hourly contracts pay through
    the Work Diary, which does not bill yet, so none has money paid."""
    if contract.contract_type != ContractType.FIXED:
        return False
    return contract.milestones.filter(status=MilestoneStatus.APPROVED).exists()


def why_not_reviewable(contract: Contract, role: str | None, now: dt.datetime) -> str:
    """Why this side may not review the contract now ("" when it may). The action refuses with
    the same words the page shows."""
    if role is None:
        return "Only the client and the freelancer of a contract can review it."
    if contract.status != ContractStatus.ENDED or contract.ended_at is None:
        return "Feedback opens when the contract ends."
    closes = window_closes_at(contract)
    if closes is not None and now >= closes:
        return "The feedback window of this contract has closed (14 days after it ended)."
    if not money_paid(contract):
        return "Only contracts with money paid can be reviewed."
    return ""


def access_contract_for_feedback(actor: Any, contract_id: int) -> Contract:
    """The contract, for its two sides and staff; NotFound otherwise (as for the contract page)."""
    return access_contract_by_id(actor, contract_id)


def access_review_by_id(actor: Any, review_id: int) -> Review:
    """A review the actor may read: a revealed one (anyone), their own (its author), any (staff).
    NotFound otherwise, the same answer as for a review that does not exist: an unrevealed review
    is invisible even to the person it is about."""
    queryset = Review.objects.select_related("author", "subject", "contract").filter(pk=review_id)
    if not _is_staff(actor):
        user_id = _user_id(actor)
        queryset = queryset.filter(Q(revealed_at__isnull=False) | Q(author_id=user_id or 0))
    review = queryset.first()
    if review is None:
        raise NotFound("Review not found.")
    return review


def mark_text_shown(reviews: Iterable[Review], viewer: Any = None) -> list[Review]:
    """Set `shown_text`/`text_hidden` and `shown_reply`/`reply_hidden` on each review: the text
    others read, or "" where a trust decision hides or holds it (its author and staff still see
    their own, with the flag set so the page can say so). Two queries whatever the number."""
    items = list(reviews)
    hidden = hidden_target_ids(REVIEW_TARGET, [r.pk for r in items])
    hidden_replies = hidden_target_ids(REPLY_TARGET, [r.pk for r in items if r.replied_at])
    viewer_id, staff = _user_id(viewer), _is_staff(viewer)
    for review in items:
        review.text_hidden = str(review.pk) in hidden  # type: ignore[attr-defined]
        sees_own = staff or viewer_id == review.author_id
        review.shown_text = review.public_text if not review.text_hidden or sees_own else ""  # type: ignore[attr-defined]
        review.reply_hidden = str(review.pk) in hidden_replies  # type: ignore[attr-defined]
        sees_reply = staff or viewer_id == review.subject_id
        review.shown_reply = review.reply_public_text if not review.reply_hidden or sees_reply else ""  # type: ignore[attr-defined]
        # In the order of states.CRITERIA (a JSON column need not keep the order it was given).
        review.criteria_list = [  # type: ignore[attr-defined]
            (label, review.criteria[key])
            for key, label in CRITERIA.get(review.author_role, ())
            if key in review.criteria
        ]
    return items


@dataclass
class ContractFeedback:
    """What one side of an ended contract sees of its feedback (see `contract_feedback`)."""

    role: str | None
    refusal: str
    closes_at: dt.datetime | None
    mine: Review | None
    theirs: Review | None  # only once revealed
    criteria: tuple[tuple[str, str], ...] = field(default=())

    @property
    def can_write(self) -> bool:
        return self.mine is None and not self.refusal

    @property
    def can_reply(self) -> bool:
        return self.theirs is not None and self.theirs.replied_at is None


def contract_feedback(actor: Any, contract: Contract) -> ContractFeedback:
    """The actor's review of the contract and, once revealed, the other side's. The same two
    queries run whether or not the other side has written (nothing differs but the answer)."""
    user_id = _user_id(actor)
    role = role_in(contract, user_id)
    now = clock.now()
    reviews = list(Review.objects.filter(Q(author_id=user_id or 0) | Q(revealed_at__isnull=False), contract=contract))
    mark_text_shown(reviews, actor)
    mine = next((r for r in reviews if r.author_id == user_id), None)
    theirs = next((r for r in reviews if r.author_id != user_id and r.subject_id == user_id), None)
    return ContractFeedback(
        role=role,
        refusal=why_not_reviewable(contract, role, now),
        closes_at=window_closes_at(contract),
        mine=mine,
        theirs=theirs,
        criteria=CRITERIA.get(role or "", ()),
    )


def _received_as(role: str) -> str:
    """Reviews a freelancer received were written by clients, and back."""
    return ReviewerRole.CLIENT if role == ReviewerRole.FREELANCER else ReviewerRole.FREELANCER


def revealed_reviews_of(user_id: int, role: str) -> QuerySet[Review]:
    """The revealed reviews `user_id` received as `role` ("freelancer" or "client"), newest first."""
    return (
        Review.objects.filter(subject_id=user_id, author_role=_received_as(role), revealed_at__isnull=False)
        .select_related("author", "contract")
        .order_by("-revealed_at", "-id")
    )


@dataclass(frozen=True)
class RatingSummary:
    average: float | None  # 1 decimal, None without reviews
    count: int


def rating_summary(user_id: int, role: str) -> RatingSummary:
    """Average overall rating and number of revealed reviews `user_id` received as `role`. One query."""
    row = revealed_reviews_of(user_id, role).order_by().aggregate(average=Avg("rating"), count=Count("id"))
    average = row["average"]
    return RatingSummary(average=round(float(average), 1) if average is not None else None, count=row["count"])


def profile_reviews(viewer: Any, user_id: int, role: str, *, limit: int = 10) -> tuple[RatingSummary, list[Review]]:
    """What a profile shows: the rating summary and the latest revealed reviews with their text
    as the viewer may read it. Three queries whatever the number of reviews."""
    reviews = mark_text_shown(revealed_reviews_of(user_id, role)[:limit], viewer)
    return rating_summary(user_id, role), reviews


def job_success(freelancer_id: int) -> JobSuccess:
    """The freelancer's Job Success Score now (`scoring.job_success_score`), from their paid,
    ended fixed-price contracts of the last 24 months and the clients' revealed reviews only (an
    unrevealed review moves nothing, so the score leaks nothing before the reveal). Two queries."""
    now = clock.now()
    since = now - dt.timedelta(days=30 * max(WINDOWS_MONTHS))
    contracts = list(
        Contract.objects.filter(
            freelancer_id=freelancer_id,
            status=ContractStatus.ENDED,
            ended_at__gte=since,
            milestones__status=MilestoneStatus.APPROVED,
        )
        .distinct()
        .values_list("pk", "started_at", "ended_at")
    )
    reviews = {
        r.contract_id: r
        for r in Review.objects.filter(
            contract_id__in=[pk for pk, _, _ in contracts],
            author_role=ReviewerRole.CLIENT,
            revealed_at__isnull=False,
        )
    }
    outcomes = []
    for pk, started_at, ended_at in contracts:
        if ended_at is None:  # an ended contract always has its end time; the column allows none
            continue
        review = reviews.get(pk)
        outcomes.append(
            ContractOutcome(
                contract_id=pk,
                ended_at=ended_at,
                duration=ended_at - started_at,
                rating=review.rating if review else None,
                work_again=review.work_again if review else None,
                recommend=review.recommend if review else None,
                window_closed=now >= ended_at + REVIEW_WINDOW,
            )
        )
    return job_success_score(outcomes, now)
