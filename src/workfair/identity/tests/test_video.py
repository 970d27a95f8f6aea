"""The live video check: slots, booking, moving, the agent's outcome and what a pass grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.identity.badges.queries import has_badge
from workfair.identity.models import IdentityVerification, SealedFile, VideoCheck, VideoSlot
from workfair.identity.states import VerificationStatus, VideoCheckStatus
from workfair.identity.tests.factories import (
    IdentityVerificationFactory,
    VideoSlotFactory,
    sealed_root,  # noqa: F401 - fixture
)
from workfair.identity.video import actions as video
from workfair.identity.video import queries as video_queries
from workfair.notifications.models import Notification
from workfair.trust.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

VS = VerificationStatus
ALL_OK = dict.fromkeys(video.CHECKLIST, True)


def waiting() -> IdentityVerification:
    """A verification whose documents were approved (images sealed)."""
    return IdentityVerificationFactory(status=VS.VIDEO_REQUIRED, with_images=True)


def tomorrow_at(hour: int) -> dt.datetime:
    day = (clock.now() + dt.timedelta(days=1)).date()
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


# --- slots ---------------------------------------------------------------------------------------


def test_staff_open_a_days_range_and_opening_twice_adds_nothing() -> None:
    agent = StaffFactory()
    day = (clock.now() + dt.timedelta(days=2)).date()
    times = video.day_range(day, start=dt.time(9), end=dt.time(10), minutes=15)
    assert [t.strftime("%H:%M") for t in times] == ["09:00", "09:15", "09:30", "09:45"]
    created = video.do_open_video_slots(actor=agent, starts_at=times)
    assert len(created) == 4
    assert all(s.agent == agent for s in created)
    assert video.do_open_video_slots(actor=agent, starts_at=times) == []
    assert VideoSlot.objects.count() == 4


def test_slots_need_staff_future_times_and_sane_sizes() -> None:
    with pytest.raises(PermissionDenied):
        video.do_open_video_slots(actor=FreelancerFactory(), starts_at=[tomorrow_at(9)])
    agent = StaffFactory()
    with pytest.raises(InvalidInput, match="future"):
        video.do_open_video_slots(actor=agent, starts_at=[clock.now() - dt.timedelta(hours=1)])
    with pytest.raises(InvalidInput, match="at least one"):
        video.do_open_video_slots(actor=agent, starts_at=[])
    with pytest.raises(InvalidInput, match="places"):
        video.do_open_video_slots(actor=agent, starts_at=[tomorrow_at(9)], capacity=0)
    with pytest.raises(InvalidInput, match="after its start"):
        video.day_range(tomorrow_at(9).date(), start=dt.time(10), end=dt.time(9))
    assert VideoSlot.objects.count() == 0


def test_available_slots_are_future_and_not_full() -> None:
    past = VideoSlotFactory(starts_at=clock.now() - dt.timedelta(hours=1))
    too_soon = VideoSlotFactory(starts_at=clock.now() + dt.timedelta(minutes=10))
    free = VideoSlotFactory(starts_at=tomorrow_at(10))
    full = VideoSlotFactory(starts_at=tomorrow_at(11))
    v = waiting()
    video.do_book_video_check(actor=v.user, verification=v, slot=full)
    ids = [s.pk for s in video_queries.available_slots()]
    assert ids == [free.pk]
    assert past.pk not in ids
    assert too_soon.pk not in ids


# --- booking -------------------------------------------------------------------------------------


def test_booking_gives_a_private_link_and_notifies(
    settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "MEETING_URL": "https://meet.example.org/wf-{token}"}
    v = waiting()
    slot = VideoSlotFactory(starts_at=tomorrow_at(14))
    with django_capture_on_commit_callbacks(execute=True):
        check = video.do_book_video_check(actor=v.user, verification=v, slot=slot)
    assert v.status == VS.VIDEO_BOOKED
    assert check.meeting_url.startswith("https://meet.example.org/wf-")
    assert len(check.meeting_url.removeprefix("https://meet.example.org/wf-")) >= 30
    other = waiting()
    other_check = video.do_book_video_check(
        actor=other.user, verification=other, slot=VideoSlotFactory(starts_at=tomorrow_at(15))
    )
    assert other_check.meeting_url != check.meeting_url
    note = Notification.objects.get(recipient=v.user)
    assert check.meeting_url in note.body
    assert "14:00 UTC" in note.title
    assert any(check.meeting_url in m.body for m in mailoutbox)


def test_a_taken_slot_is_refused() -> None:
    slot = VideoSlotFactory(starts_at=tomorrow_at(9), capacity=1)
    first, second = waiting(), waiting()
    video.do_book_video_check(actor=first.user, verification=first, slot=slot)
    with pytest.raises(Conflict, match="just booked"):
        video.do_book_video_check(actor=second.user, verification=second, slot=slot)
    assert IdentityVerification.objects.get(pk=second.pk).status == VS.VIDEO_REQUIRED
    assert VideoCheck.objects.count() == 1


def test_a_past_slot_is_refused() -> None:
    v = waiting()
    slot = VideoSlotFactory(starts_at=clock.now() - dt.timedelta(minutes=5))
    with pytest.raises(InvalidInput, match="passed"):
        video.do_book_video_check(actor=v.user, verification=v, slot=slot)
    assert VideoCheck.objects.count() == 0


def test_one_open_booking_and_only_once_approved() -> None:
    v = waiting()
    video.do_book_video_check(actor=v.user, verification=v, slot=VideoSlotFactory(starts_at=tomorrow_at(9)))
    with pytest.raises(Conflict, match="already have"):
        video.do_book_video_check(actor=v.user, verification=v, slot=VideoSlotFactory(starts_at=tomorrow_at(10)))
    draft = IdentityVerificationFactory(status=VS.IN_REVIEW)
    with pytest.raises(InvalidTransition, match="approved"):
        video.do_book_video_check(
            actor=draft.user, verification=draft, slot=VideoSlotFactory(starts_at=tomorrow_at(11))
        )


def test_someone_elses_verification_cannot_be_booked_or_seen() -> None:
    v = waiting()
    stranger = FreelancerFactory()
    slot = VideoSlotFactory(starts_at=tomorrow_at(9))
    with pytest.raises(NotFound):
        video.do_book_video_check(actor=stranger, verification=v, slot=slot)
    check = video.do_book_video_check(actor=v.user, verification=v, slot=slot)
    with pytest.raises(NotFound):
        video_queries.access_video_check_by_id(stranger, check.pk)
    with pytest.raises(NotFound):
        video.do_cancel_video_check(actor=stranger, check=check)


def test_cancel_frees_the_place_and_rebook_moves_in_one_step() -> None:
    v = waiting()
    a = VideoSlotFactory(starts_at=tomorrow_at(9))
    b = VideoSlotFactory(starts_at=tomorrow_at(10))
    check = video.do_book_video_check(actor=v.user, verification=v, slot=a)
    moved = video.do_rebook_video_check(actor=v.user, check=check, slot=b)
    assert moved.slot == b
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.CANCELLED
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.VIDEO_BOOKED
    assert a.pk in [s.pk for s in video_queries.available_slots()]  # the old place is free again
    video.do_cancel_video_check(actor=v.user, check=moved)
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.VIDEO_REQUIRED
    with pytest.raises(InvalidTransition):
        video.do_cancel_video_check(actor=v.user, check=moved)


def test_rebooking_onto_a_full_slot_keeps_the_old_booking() -> None:
    v, other = waiting(), waiting()
    a = VideoSlotFactory(starts_at=tomorrow_at(9))
    full = VideoSlotFactory(starts_at=tomorrow_at(10))
    video.do_book_video_check(actor=other.user, verification=other, slot=full)
    check = video.do_book_video_check(actor=v.user, verification=v, slot=a)
    with pytest.raises(Conflict):
        video.do_rebook_video_check(actor=v.user, check=check, slot=full)
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.BOOKED
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.VIDEO_BOOKED


# --- outcome -------------------------------------------------------------------------------------


def booked() -> VideoCheck:
    v = waiting()
    return video.do_book_video_check(actor=v.user, verification=v, slot=VideoSlotFactory(starts_at=tomorrow_at(9)))


def record_at_slot(*, check: VideoCheck, **outcome: Any) -> VideoCheck:
    """Record an outcome a minute into the booked slot (a pass cannot come before the call)."""
    with clock.frozen_at(check.slot.starts_at + dt.timedelta(minutes=1)):
        return video.do_record_video_outcome(check=check, **outcome)


def test_a_pass_before_the_booked_slot_is_refused_and_changes_nothing() -> None:
    check = booked()
    with pytest.raises(InvalidInput, match="once the slot has started"):
        video.do_record_video_outcome(actor=StaffFactory(), check=check, passed=True, checklist=ALL_OK)
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.BOOKED
    assert IdentityVerification.objects.get(pk=check.verification_id).status == VS.VIDEO_BOOKED
    record_at_slot(actor=StaffFactory(), check=check, passed=True, checklist=ALL_OK)
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.PASSED


def test_a_pass_verifies_grants_the_badge_lifts_the_requirement_and_notifies() -> None:
    from workfair.trust.models import AccountStanding

    check = booked()
    user = check.verification.user
    AccountStanding.objects.create(user=user, level="none", verification_required=True, updated_at=clock.now())
    agent = StaffFactory()
    record_at_slot(actor=agent, check=check, passed=True, checklist=ALL_OK, note="All fine.")
    check.refresh_from_db()
    v = IdentityVerification.objects.get(pk=check.verification_id)
    assert check.status == VideoCheckStatus.PASSED
    assert check.recorded_by == agent
    assert check.checklist == ALL_OK
    assert v.status == VS.VERIFIED
    assert has_badge(user, "identity_verified")
    assert not AccountStanding.objects.get(user=user).verification_required
    assert Notification.objects.filter(recipient=user, title="Your identity is verified").exists()
    user.refresh_from_db()
    assert user.name_verified_at is not None  # accounts' do_set_verified_name recorded the name
    assert (user.verified_first_name, user.verified_last_name) == (user.first_name, user.last_name)
    purge_at = v.decided_at + dt.timedelta(days=90)
    assert SealedFile.objects.get(pk=v.front_id).purge_after == purge_at
    assert SealedFile.objects.get(pk=v.selfie_id).purge_after == purge_at


def test_a_pass_needs_every_checklist_item() -> None:
    check = booked()
    partial = {**ALL_OK, "liveness": False}
    with pytest.raises(InvalidInput, match="liveness"):
        video.do_record_video_outcome(actor=StaffFactory(), check=check, passed=True, checklist=partial)
    with pytest.raises(InvalidInput, match="Unknown"):
        video.do_record_video_outcome(
            actor=StaffFactory(), check=check, passed=True, checklist={**ALL_OK, "vibe": True}
        )
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.BOOKED


def test_a_failure_rejects_with_the_reason() -> None:
    check = booked()
    user = check.verification.user
    agent = StaffFactory()
    with pytest.raises(InvalidInput, match="Say why"):
        video.do_record_video_outcome(actor=agent, check=check, passed=False, checklist={})
    video.do_record_video_outcome(
        actor=agent,
        check=check,
        passed=False,
        checklist={"face_matches": False},
        note="The person on the call is not the person on the document.",
    )
    v = IdentityVerification.objects.get(pk=check.verification_id)
    assert v.status == VS.REJECTED
    assert not has_badge(user, "identity_verified")
    assert Notification.objects.filter(recipient=user, body__icontains="not the person on the document").exists()


def test_a_no_show_sends_the_person_back_to_booking() -> None:
    check = booked()
    agent = StaffFactory()
    with pytest.raises(InvalidInput, match="started"):
        video.do_record_video_outcome(actor=agent, check=check, passed=False, checklist={}, no_show=True)
    with clock.advanced(dt.timedelta(days=2)):
        video.do_record_video_outcome(actor=agent, check=check, passed=False, checklist={}, no_show=True)
    assert VideoCheck.objects.get(pk=check.pk).status == VideoCheckStatus.NO_SHOW
    v = IdentityVerification.objects.get(pk=check.verification_id)
    assert v.status == VS.VIDEO_REQUIRED
    assert Notification.objects.filter(recipient=v.user, title__icontains="missed").exists()
    # ...and can book again.
    video.do_book_video_check(actor=v.user, verification=v, slot=VideoSlotFactory(starts_at=tomorrow_at(16)))


def test_recording_an_outcome_twice_is_refused() -> None:
    check = booked()
    agent = StaffFactory()
    record_at_slot(actor=agent, check=check, passed=True, checklist=ALL_OK)
    with pytest.raises(InvalidTransition, match="already been recorded"):
        video.do_record_video_outcome(actor=agent, check=check, passed=False, checklist={}, note="Oops")
    assert IdentityVerification.objects.get(pk=check.verification_id).status == VS.VERIFIED


def test_only_staff_record_outcomes_and_not_for_themselves() -> None:
    check = booked()
    with pytest.raises(PermissionDenied):
        video.do_record_video_outcome(actor=check.verification.user, check=check, passed=True, checklist=ALL_OK)
    staff_user = StaffFactory()
    own_v = IdentityVerificationFactory(user=staff_user, status=VS.VIDEO_REQUIRED)
    own = video.do_book_video_check(
        actor=staff_user, verification=own_v, slot=VideoSlotFactory(starts_at=tomorrow_at(12))
    )
    with pytest.raises(InvalidInput, match="your own"):
        video.do_record_video_outcome(actor=staff_user, check=own, passed=True, checklist=ALL_OK)


def test_the_verified_name_is_set_through_accounts_when_available(monkeypatch: pytest.MonkeyPatch) -> None:
    from workfair.accounts import actions as accounts_actions

    calls: list[tuple[Any, ...]] = []

    def fake(user: Any, *, first_name: str, last_name: str, actor: Any) -> None:
        calls.append((user.pk, first_name, last_name, actor.pk))

    monkeypatch.setattr(accounts_actions, "do_set_verified_name", fake, raising=False)
    check = booked()
    user = check.verification.user
    agent = StaffFactory()
    record_at_slot(actor=agent, check=check, passed=True, checklist=ALL_OK)
    assert calls == [(user.pk, user.first_name, user.last_name, agent.pk)]


def test_a_verified_person_asked_to_verify_again_can_start_and_a_pass_completes_the_check() -> None:
    """A step-up of the identity method lets a verified person redo verification; passing the new
    video check passes the step-up, so the actions it held back are allowed again."""
    from workfair.identity.states import StepUpMethod, StepUpReason
    from workfair.identity.stepup import actions as stepup
    from workfair.identity.stepup import queries as stepup_queries
    from workfair.identity.tests.factories import verify_phone
    from workfair.identity.verification import actions as verification

    first = IdentityVerificationFactory(status=VS.VERIFIED, with_images=True)
    user = first.user
    verify_phone(user)
    with pytest.raises(Conflict):
        verification.do_start_verification(actor=user, document_type="passport", country="GB")
    step, _ = stepup.do_require_step_up(user, reason=StepUpReason.IMPERSONATION_REPORT, method=StepUpMethod.IDENTITY)
    again = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    assert again.pk != first.pk
    assert again.status == VS.DRAFT

    IdentityVerification.objects.filter(pk=again.pk).update(status=VS.VIDEO_REQUIRED)
    again.refresh_from_db()
    check = video.do_book_video_check(actor=user, verification=again, slot=VideoSlotFactory(starts_at=tomorrow_at(10)))
    record_at_slot(actor=StaffFactory(), check=check, passed=True, checklist=ALL_OK, note="Same person.")
    step.refresh_from_db()
    assert step.status == "passed"
    assert stepup_queries.pending_step_up(user) is None
