"""Leaving, revealing and answering reviews: the double-blind rule and every refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.tests.factories import started_contract
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from workfair.feedback import queries
from workfair.feedback.actions import do_leave_review, do_reply_to_review, do_reveal_due
from workfair.feedback.models import Review
from workfair.feedback.states import ReviewerRole
from workfair.feedback.tasks import reveal_due
from workfair.feedback.tests.factories import ended_paid_contract, leave, review_input
from workfair.notifications.models import Notification

pytestmark = pytest.mark.django_db

CLIENT, FREELANCER = ReviewerRole.CLIENT, ReviewerRole.FREELANCER


def test_first_review_stays_hidden_from_everyone_but_its_author() -> None:
    contract = ended_paid_contract()
    review = leave(contract, CLIENT, rating=2)
    assert review.revealed_at is None
    # The freelancer: no review on their contract, none by id, none on their profile, no count.
    state = queries.contract_feedback(contract.freelancer, contract)
    assert (state.theirs, state.mine, state.can_write) == (None, None, True)
    with pytest.raises(NotFound):
        queries.access_review_by_id(contract.freelancer, review.pk)
    with pytest.raises(NotFound):
        queries.access_review_by_id(ClientFactory(), review.pk)
    assert list(queries.revealed_reviews_of(contract.freelancer_id, "freelancer")) == []
    assert queries.rating_summary(contract.freelancer_id, "freelancer") == queries.RatingSummary(None, 0)
    # The author sees their own, hidden.
    mine = queries.contract_feedback(contract.client, contract).mine
    assert mine is not None
    assert mine.pk == review.pk
    assert mine.revealed_at is None


def test_second_review_reveals_both_at_once() -> None:
    contract = ended_paid_contract()
    first = leave(contract, CLIENT, rating=4)
    now = clock.now() + dt.timedelta(days=3)
    with clock.frozen_at(now):
        second = leave(contract, FREELANCER, rating=5)
    first.refresh_from_db()
    assert first.revealed_at == second.revealed_at == now
    state = queries.contract_feedback(contract.freelancer, contract)
    assert state.theirs is not None
    assert state.theirs.pk == first.pk
    assert queries.rating_summary(contract.freelancer_id, "freelancer") == queries.RatingSummary(4.0, 1)
    assert queries.rating_summary(contract.client_id, "client") == queries.RatingSummary(5.0, 1)


def test_no_notification_before_the_reveal_and_both_told_at_it() -> None:
    contract = ended_paid_contract()
    before = {p: Notification.objects.filter(recipient=p).count() for p in (contract.client, contract.freelancer)}
    leave(contract, CLIENT)
    assert Notification.objects.filter(recipient=contract.freelancer).count() == before[contract.freelancer]
    assert not Notification.objects.filter(kind__startswith="feedback").exists()
    leave(contract, FREELANCER)
    for person in (contract.client, contract.freelancer):
        assert Notification.objects.filter(recipient=person, kind="feedback.revealed").count() == 1


def test_timer_reveals_a_lone_review_when_the_window_closes() -> None:
    contract = ended_paid_contract()
    review = leave(contract, FREELANCER)
    with clock.advanced(dt.timedelta(days=13, hours=23)):
        assert reveal_due() == 0  # the task the beat schedule runs
    review.refresh_from_db()
    assert review.revealed_at is None
    with clock.advanced(dt.timedelta(days=14, minutes=1)):
        assert do_reveal_due() == 1
        assert do_reveal_due() == 0  # idempotent
        with pytest.raises(PermissionDenied, match="window"):
            leave(contract, CLIENT)  # too late for the other side
    review.refresh_from_db()
    assert review.revealed_at is not None
    assert queries.rating_summary(contract.client_id, "client").count == 1
    assert Notification.objects.filter(kind="feedback.revealed").count() == 2


def test_refusals_write_nothing() -> None:
    contract = ended_paid_contract()
    bad_inputs: list[tuple[dict[str, Any], str]] = [
        ({"rating": 0}, "1 to 5"),
        ({"rating": 6}, "1 to 5"),
        ({"rating": True}, "1 to 5"),
        ({"criteria": {"quality": 5}}, "Rate each"),
        ({"criteria": {"quality": 5, "communication": 5, "deadlines": 5, "expertise": 9}}, "1 to 5"),
        ({"text": "   "}, "Write your feedback"),
        ({"text": "x" * 2001}, "at most 2000"),
        ({"recommend": 11}, "0 to 10"),
        ({"recommend": -1}, "0 to 10"),
        ({"work_again": "yes"}, "work with them again"),
    ]
    for overrides, message in bad_inputs:
        with pytest.raises(InvalidInput, match=message):
            do_leave_review(actor=contract.client, contract=contract, **review_input(CLIENT, **overrides))
    with pytest.raises(NotFound):
        do_leave_review(actor=ClientFactory(), contract=contract, **review_input(CLIENT))
    active = started_contract()
    with pytest.raises(PermissionDenied, match="when the contract ends"):
        do_leave_review(actor=active.client, contract=active, **review_input(CLIENT))
    unpaid = ended_paid_contract(paid=False)
    with pytest.raises(PermissionDenied, match="money paid"):
        do_leave_review(actor=unpaid.client, contract=unpaid, **review_input(CLIENT))
    assert Review.objects.count() == 0
    leave(contract, CLIENT)
    with pytest.raises(Conflict):
        leave(contract, CLIENT)
    assert Review.objects.count() == 1


def test_private_feedback_is_kept_but_never_shown_to_the_other_side() -> None:
    contract = ended_paid_contract()
    leave(contract, CLIENT, work_again=False, recommend=2)
    leave(contract, FREELANCER)
    theirs = queries.contract_feedback(contract.freelancer, contract).theirs
    assert theirs is not None
    stored = Review.objects.get(author=contract.client)
    assert (stored.work_again, stored.recommend) == (False, 2)


def test_the_reviewee_answers_once_after_the_reveal() -> None:
    contract = ended_paid_contract()
    about_freelancer = leave(contract, CLIENT)
    with pytest.raises(NotFound):
        do_reply_to_review(actor=contract.freelancer, review=about_freelancer, text="Thanks!")
    leave(contract, FREELANCER)
    about_freelancer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        do_reply_to_review(actor=contract.client, review=about_freelancer, text="Me too")
    with pytest.raises(InvalidInput):
        do_reply_to_review(actor=contract.freelancer, review=about_freelancer, text="  ")
    do_reply_to_review(actor=contract.freelancer, review=about_freelancer, text="Thank you, it was a pleasure.")
    with pytest.raises(Conflict):
        do_reply_to_review(actor=contract.freelancer, review=about_freelancer, text="Again")
    about_freelancer.refresh_from_db()
    assert about_freelancer.reply_public_text == "Thank you, it was a pleasure."
    shown = queries.mark_text_shown([about_freelancer], ClientFactory())[0]
    assert shown.shown_reply == "Thank you, it was a pleasure."  # type: ignore[attr-defined]


def test_contact_details_in_a_review_are_hidden_from_others() -> None:
    contract = ended_paid_contract()
    review = leave(contract, CLIENT, text="Great work. Reach me at carla.client@example.com for more.")
    leave(contract, FREELANCER)
    assert review.screening in ("mask", "hold")  # a new account's contact details are also held
    assert review.public_text == "Great work. Reach me at [contact details hidden] for more."
    stranger_view = queries.mark_text_shown([Review.objects.get(pk=review.pk)], ClientFactory())[0]
    assert (stranger_view.text_hidden, stranger_view.shown_text) == (True, "")  # type: ignore[attr-defined]
    author_view = queries.mark_text_shown([Review.objects.get(pk=review.pk)], contract.client)[0]
    assert author_view.shown_text == review.public_text  # type: ignore[attr-defined]


def test_abusive_review_is_held_for_a_moderator() -> None:
    contract = ended_paid_contract()
    review = leave(contract, FREELANCER, text="shut up you stupid bitch")
    leave(contract, CLIENT)
    assert review.screening in ("hold", "block")
    view = queries.mark_text_shown([Review.objects.get(pk=review.pk)], contract.client)[0]
    assert (view.text_hidden, view.shown_text) == (True, "")  # type: ignore[attr-defined]
    assert view.rating == 5
    # The decision is about the author (their strike, their case), never about the reviewee.
    from workfair.trust.models import Decision, Signal

    signal = Signal.objects.get(kind="review.submitted", target_id=str(review.pk))
    assert signal.subject_id == contract.freelancer_id
    assert set(Decision.objects.filter(signal=signal).values_list("subject_id", flat=True)) == {contract.freelancer_id}


def test_a_review_can_be_reported_only_once_revealed() -> None:
    from workfair.trust.actions import do_file_report

    contract = ended_paid_contract()
    review = leave(contract, CLIENT)
    with pytest.raises(NotFound):
        do_file_report(actor=contract.freelancer, target_type="review", target_id=review.pk, reason="spam")
    leave(contract, FREELANCER)
    report = do_file_report(actor=contract.freelancer, target_type="review", target_id=review.pk, reason="spam")
    assert (report.target_type, report.target_id, report.subject) == (
        "feedback.review",
        str(review.pk),
        contract.client,
    )


def test_criteria_are_listed_in_their_fixed_order() -> None:
    contract = ended_paid_contract()
    review = leave(contract, CLIENT, criteria={"expertise": 2, "deadlines": 3, "communication": 4, "quality": 5})
    shown = queries.mark_text_shown([Review.objects.get(pk=review.pk)], contract.client)[0]
    assert shown.criteria_list == [  # type: ignore[attr-defined]
        ("Quality of work", 5),
        ("Communication", 4),
        ("Met deadlines", 3),
        ("Skills and expertise", 2),
    ]


def test_the_reveal_task_is_registered_and_scheduled(settings: Any) -> None:
    from config.celery import app

    assert "feedback.reveal_due" in app.tasks
    assert "feedback.reveal_due" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
