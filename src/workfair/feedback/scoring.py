"""The Job Success Score: a first computation from contract outcomes (docs/subsystems/feedback.md,
"Job Success Score"). Pure: no database, no clock; `queries.job_success` gathers the outcomes.

Each contract the freelancer was paid on, ended inside the window, is one outcome:

    positive   the client's revealed review: overall >= 4 stars, and privately would work with
               them again and recommends them 7 or more out of 10;
               or, without a review, a long clean relationship (90 days or more)
    negative   the client's revealed review: overall <= 2 stars, or privately would not work with
               them again, or recommends them 4 or less
    no review  the window for feedback closed without a client review: half a negative
    neutral    anything else (counts in the total, neither for nor against)

    score = round(100 * positives / (positives + negatives + neutrals + 0.5 * no_reviews))

A window shows a score only with at least MIN_CONTRACTS outcomes; the score shown is the better of
the last 12 and the last 24 months among the windows that have enough."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

MIN_CONTRACTS = 5
LONG_RELATIONSHIP = dt.timedelta(days=90)
WINDOWS_MONTHS = (12, 24)
NO_REVIEW_WEIGHT = 0.5


class Outcome(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    NO_REVIEW = "no_review"


@dataclass(frozen=True)
class ContractOutcome:
    """What the score reads of one paid, ended contract."""

    contract_id: int
    ended_at: dt.datetime
    duration: dt.timedelta
    rating: int | None = None  # the client's revealed overall stars; None without a revealed review
    work_again: bool | None = None
    recommend: int | None = None
    window_closed: bool = True  # the feedback window is over (a missing review is final)


def outcome_of(contract: ContractOutcome) -> Outcome | None:
    """The outcome of one contract, or None while it is still waiting for feedback."""
    if contract.rating is None:
        if contract.duration >= LONG_RELATIONSHIP:
            return Outcome.POSITIVE
        return Outcome.NO_REVIEW if contract.window_closed else None
    if contract.rating <= 2 or contract.work_again is False or (contract.recommend or 0) <= 4:
        return Outcome.NEGATIVE
    if contract.rating >= 4 and contract.work_again and (contract.recommend or 0) >= 7:
        return Outcome.POSITIVE
    return Outcome.NEUTRAL


@dataclass(frozen=True)
class WindowScore:
    months: int
    contracts: int
    score: int | None  # None below MIN_CONTRACTS


def window_score(outcomes: Iterable[Outcome], months: int) -> WindowScore:
    counted = list(outcomes)
    if len(counted) < MIN_CONTRACTS:
        return WindowScore(months, len(counted), None)
    positives = sum(1 for o in counted if o == Outcome.POSITIVE)
    weight = sum(NO_REVIEW_WEIGHT if o == Outcome.NO_REVIEW else 1.0 for o in counted)
    return WindowScore(months, len(counted), round(100 * positives / weight))


@dataclass(frozen=True)
class JobSuccess:
    score: int | None  # the better window's score; None until one window has enough contracts
    windows: tuple[WindowScore, ...]


def job_success_score(contracts: Iterable[ContractOutcome], now: dt.datetime) -> JobSuccess:
    """The score over the last 12 and 24 months (a month = 30 days here) and the one shown."""
    items = list(contracts)
    windows = []
    for months in WINDOWS_MONTHS:
        since = now - dt.timedelta(days=30 * months)
        outcomes = [o for c in items if c.ended_at >= since and (o := outcome_of(c)) is not None]
        windows.append(window_score(outcomes, months))
    scored = [w.score for w in windows if w.score is not None]
    return JobSuccess(score=max(scored) if scored else None, windows=tuple(windows))
