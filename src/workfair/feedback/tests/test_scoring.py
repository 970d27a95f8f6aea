"""The Job Success Score: each outcome, the windows, the minimum number of contracts, and that an
unrevealed review moves nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from workfair.core import clock
from workfair.feedback import queries
from workfair.feedback.scoring import (
    MIN_CONTRACTS,
    ContractOutcome,
    Outcome,
    job_success_score,
    outcome_of,
    window_score,
)
from workfair.feedback.states import ReviewerRole
from workfair.feedback.tests.factories import ended_paid_contract, leave

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
SHORT = dt.timedelta(days=10)


def contract(n: int = 1, *, days_ago: int = 30, duration: dt.timedelta = SHORT, **review: object) -> ContractOutcome:
    return ContractOutcome(contract_id=n, ended_at=NOW - dt.timedelta(days=days_ago), duration=duration, **review)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ({"rating": 5, "work_again": True, "recommend": 9}, Outcome.POSITIVE),
        ({"rating": 4, "work_again": True, "recommend": 7}, Outcome.POSITIVE),
        ({"rating": 5, "work_again": False, "recommend": 9}, Outcome.NEGATIVE),  # private feedback counts
        ({"rating": 5, "work_again": True, "recommend": 4}, Outcome.NEGATIVE),
        ({"rating": 2, "work_again": True, "recommend": 9}, Outcome.NEGATIVE),
        ({"rating": 3, "work_again": True, "recommend": 8}, Outcome.NEUTRAL),
        ({"rating": 5, "work_again": True, "recommend": 6}, Outcome.NEUTRAL),
        ({}, Outcome.NO_REVIEW),
        ({"window_closed": False}, None),  # still waiting for feedback: not counted yet
    ],
)
def test_outcome_of_one_contract(review: dict[str, object], expected: Outcome | None) -> None:
    assert outcome_of(contract(**review)) == expected


def test_a_long_clean_relationship_without_review_is_positive() -> None:
    assert outcome_of(contract(duration=dt.timedelta(days=120))) == Outcome.POSITIVE


def test_score_needs_enough_contracts_and_weighs_missing_reviews_by_half() -> None:
    assert window_score([Outcome.POSITIVE] * (MIN_CONTRACTS - 1), 12).score is None
    outcomes = [Outcome.POSITIVE] * 4 + [Outcome.NEGATIVE] + [Outcome.NO_REVIEW] * 2
    assert window_score(outcomes, 12).score == round(100 * 4 / 6)  # 4 of 5 + 2 * 0.5


def test_the_better_window_is_shown() -> None:
    good_old = [contract(n, days_ago=500, rating=5, work_again=True, recommend=10) for n in range(6)]
    bad_recent = [contract(10 + n, days_ago=20, rating=1, work_again=False, recommend=0) for n in range(5)]
    result = job_success_score(good_old + bad_recent, NOW)
    assert [(w.months, w.contracts, w.score) for w in result.windows] == [(12, 5, 0), (24, 11, 55)]
    assert result.score == 55
    assert job_success_score([contract(days_ago=800, rating=5, work_again=True, recommend=9)], NOW).score is None


@pytest.mark.django_db
def test_only_revealed_reviews_move_the_score() -> None:
    first = ended_paid_contract()
    freelancer = first.freelancer
    leave(first, ReviewerRole.CLIENT, rating=1, work_again=False, recommend=0)
    with clock.frozen_at(clock.now() + dt.timedelta(days=1)):
        counted = queries.job_success(freelancer.pk).windows[0].contracts
    assert counted == 0  # hidden, and the window is still open: nothing counts yet
    with clock.frozen_at(clock.now() + dt.timedelta(days=15)):
        queries_result = queries.job_success(freelancer.pk)
    assert queries_result.windows[0].contracts == 1
    assert queries_result.score is None  # fewer than MIN_CONTRACTS
