"""Retention: document images and selfies are deleted IMAGE_RETENTION_DAYS after the final decision;
the hashes (identity graph, document number) stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from workfair.core import clock
from workfair.identity import tasks
from workfair.identity.models import Identifier, IdentityVerification, SealedFile
from workfair.identity.states import VerificationStatus
from workfair.identity.tests.factories import (
    IdentityVerificationFactory,
    VideoSlotFactory,
    jpeg_bytes,
    sealed_file,
    sealed_root,  # noqa: F401 - fixture
)
from workfair.identity.video import actions as video
from workfair.trust.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

VS = VerificationStatus
ALL_OK = dict.fromkeys(video.CHECKLIST, True)


def verified() -> IdentityVerification:
    """Verified through the video check today, with a document hash and graph identifiers."""
    v = IdentityVerificationFactory(status=VS.VIDEO_REQUIRED, with_images=True, document_number_hash="ab" * 32)
    v.details = sealed_file(v.user, "details", b'{"document_number": "X1"}')
    v.save()
    now = clock.now()
    Identifier.objects.create(user=v.user, kind="face", value="0123456789abcdef", first_seen=now, last_seen=now)
    slot = VideoSlotFactory(starts_at=now + dt.timedelta(hours=1))
    check = video.do_book_video_check(actor=v.user, verification=v, slot=slot)
    with clock.frozen_at(slot.starts_at):  # a pass is recorded once the call has started
        video.do_record_video_outcome(actor=StaffFactory(), check=check, passed=True, checklist=ALL_OK)
    return IdentityVerification.objects.get(pk=v.pk)


def test_images_go_after_91_days_and_hashes_stay(
    sealed_root: Path,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    v = verified()
    images = [v.front, v.selfie]
    paths = [sealed_root / f.storage_name for f in images if f is not None]
    assert all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images() == 0  # not yet
    with clock.advanced(dt.timedelta(days=89)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images() == 0
    assert all(p.exists() for p in paths)

    with clock.advanced(dt.timedelta(days=91)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images() == 2
    assert not any(p.exists() for p in paths)
    for f in images:
        row = SealedFile.objects.get(pk=f.pk)  # type: ignore[union-attr]
        assert row.purged_at is not None
        assert bytes(row.wrapped_key) == b""
    # What proves the check happened stays.
    v.refresh_from_db()
    assert v.status == VS.VERIFIED
    assert v.document_number_hash == "ab" * 32
    assert Identifier.objects.filter(user=v.user, kind="face").exists()
    assert SealedFile.objects.get(pk=v.details_id).purged_at is None

    # Idempotent: running again purges nothing more.
    with clock.advanced(dt.timedelta(days=92)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images() == 0


def test_the_task_with_ids_purges_only_those_that_are_due(django_capture_on_commit_callbacks: Any) -> None:
    a, b = verified(), verified()
    with clock.advanced(dt.timedelta(days=91)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images(a.front_id) == 1
        assert tasks.purge_expired_images(a.front_id) == 0
    assert SealedFile.objects.get(pk=a.front_id).purged_at is not None
    assert SealedFile.objects.get(pk=b.front_id).purged_at is None
    # An id that is not due yet is left alone.
    fresh = verified()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images(fresh.front_id) == 0


def test_abandoned_drafts_are_cleaned(django_capture_on_commit_callbacks: Any) -> None:
    from workfair.identity.tests.factories import verify_phone
    from workfair.identity.verification import actions as verification

    draft = IdentityVerificationFactory()
    verify_phone(draft.user)
    verification.do_upload_document(actor=draft.user, verification=draft, side="front", upload=jpeg_bytes())
    with clock.advanced(dt.timedelta(days=91)), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_images() == 1
    assert SealedFile.objects.get(pk=IdentityVerification.objects.get(pk=draft.pk).front_id).purged_at is not None


def test_the_task_is_registered_under_its_name() -> None:
    assert tasks.purge_expired_images.name == "identity.purge_expired_images"


def test_a_video_check_not_booked_in_time_expires_and_the_photos_go(django_capture_on_commit_callbacks: Any) -> None:
    due = clock.now() + dt.timedelta(days=30)
    v = IdentityVerificationFactory(status=VS.VIDEO_REQUIRED, with_images=True, video_due_at=due)
    booked = IdentityVerificationFactory(status=VS.VIDEO_REQUIRED, with_images=True, video_due_at=due)
    video.do_book_video_check(actor=booked.user, verification=booked,
                              slot=VideoSlotFactory(starts_at=clock.now() + dt.timedelta(days=1)))  # fmt: skip
    with clock.advanced(dt.timedelta(days=29)):
        assert tasks.expire_unfinished_verifications() == 0
    with clock.advanced(dt.timedelta(days=30, minutes=1)):
        assert tasks.expire_unfinished_verifications() == 1
        assert tasks.expire_unfinished_verifications() == 0  # idempotent
        v.refresh_from_db()
        assert v.status == VS.CANCELLED
        assert "not done in time" in v.decision_reason
        assert v.user.notifications.filter(title__icontains="expired").exists()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.purge_expired_images()
        assert SealedFile.objects.get(pk=v.front_id).purged_at is not None
        # the booked one waits for its call
        assert IdentityVerification.objects.get(pk=booked.pk).status == VS.VIDEO_BOOKED
        assert SealedFile.objects.get(pk=booked.front_id).purged_at is None


def test_a_missed_call_leaves_at_least_a_week_to_book_again() -> None:
    v = IdentityVerificationFactory(status=VS.VIDEO_REQUIRED, with_images=True,
                                    video_due_at=clock.now() + dt.timedelta(days=2))  # fmt: skip
    slot = VideoSlotFactory(starts_at=clock.now() + dt.timedelta(days=1))
    check = video.do_book_video_check(actor=v.user, verification=v, slot=slot)
    with clock.advanced(dt.timedelta(days=1, hours=1)):
        video.do_record_video_outcome(actor=StaffFactory(), check=check, passed=False, checklist={}, no_show=True)
        v.refresh_from_db()
        assert v.status == VS.VIDEO_REQUIRED
        assert v.video_due_at is not None
        assert v.video_due_at >= clock.now() + dt.timedelta(days=6, hours=23)
    with clock.advanced(dt.timedelta(days=3)):
        assert tasks.expire_unfinished_verifications() == 0


def test_the_expiry_task_is_registered_and_scheduled(settings: Any) -> None:
    from config.celery import app

    assert "identity.expire_unfinished_verifications" in app.tasks
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "identity.expire_unfinished_verifications" in scheduled
