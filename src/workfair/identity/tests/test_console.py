"""Identity pages of the staff console: who gets in, pictures streamed to moderators only and audited
per view, reviews that decide and close the case once, video checks with the checklist, the graph
of linked accounts without raw identifiers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import FreelancerFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.core.models import AuditLogEntry
from workfair.identity.badges.queries import has_badge
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.models import Identifier, IdentityVerification, VideoSlot
from workfair.identity.sealing.envelope import purge
from workfair.identity.states import DocumentType, VerificationStatus
from workfair.identity.tests.factories import (
    IdentityVerificationFactory,
    VideoCheckFactory,
    sealed_file,
    sealed_root,  # noqa: F401 - fixture
)
from workfair.trust import interface as trust
from workfair.trust.models import Case
from workfair.trust.tests.factories import StaffFactory, set_standing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

PHONE = "+447700900123"


@pytest.fixture
def moderator() -> Any:
    return with_totp(StaffFactory())


@pytest.fixture
def in_review() -> IdentityVerification:
    """An identity card (front, back, selfie) waiting for a reviewer, with its case in the identity queue."""
    person: Any = FreelancerFactory(first_name="Nadia", last_name="Rahman")
    v: Any = IdentityVerificationFactory(
        user=person,
        document_type=DocumentType.ID_CARD,
        status=VerificationStatus.IN_REVIEW,
        submitted_at=clock.now(),
        with_images=True,
    )
    v.details = sealed_file(person, "details", b'{"document_number": "L898902C3", "surname": "RAHMAN"}')
    v.case_id = trust.open_case(
        queue=trust.Queue.IDENTITY,
        title="Identity documents: National identity card",
        subject_id=person.pk,
        target_type="identity.verification",
        target_id=str(v.pk),
    )
    v.save()
    return v


def _url(v: IdentityVerification, tail: str = "") -> str:
    return f"/console/identity/verifications/{v.pk}/{tail}"


# --- who gets in ---------------------------------------------------------------------------------


def test_only_staff_with_a_role_and_totp_get_in(client: Any, in_review: Any) -> None:
    pages = ["/console/identity/", _url(in_review), _url(in_review, "images/front/"), "/console/identity/video/",
             f"/console/identity/users/{in_review.user_id}/links/"]  # fmt: skip
    for page in pages:
        assert client.get(page).status_code == 302  # anonymous: log in first
    client.force_login(FreelancerFactory())
    for page in pages:
        assert client.get(page).status_code == 404
    client.force_login(StaffFactory(role="on_duty"))
    for page in pages:
        assert client.get(page).status_code == 404
    client.force_login(StaffFactory())
    response = client.get(_url(in_review))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert not AuditLogEntry.objects.filter(action="identity.sealed_read").exists()


def test_the_owner_cannot_see_their_own_pictures_in_the_console(client: Any, in_review: Any) -> None:
    client.force_login(in_review.user)
    assert client.get(_url(in_review, "images/front/")).status_code == 404
    assert client.get(_url(in_review, "images/selfie/")).status_code == 404
    assert not AuditLogEntry.objects.filter(action="identity.sealed_read").exists()


# --- the review page and its pictures -------------------------------------------------------------


def test_review_page_shows_pictures_side_by_side_checks_details_and_graph(
    client: Any, moderator: Any, in_review: Any
) -> None:
    log_in_with_two_factor(client, moderator)
    page = client.get(_url(in_review))
    assert page.status_code == 200
    html = page.content.decode()
    for side in ("front", "back", "selfie"):
        assert f'src="/console/identity/verifications/{in_review.pk}/images/{side}/"' in html
    assert "Nadia Rahman" in html
    assert f'href="/console/users/{in_review.user_id}/"' in html
    assert "L898902C3" in html  # the details read from the document
    assert "<svg" in html
    assert 'name="decision" value="approve"' in html
    # Reading the details is audited; the pictures are read only when the browser asks for them.
    reads = AuditLogEntry.objects.filter(action="identity.sealed_read")
    assert [r.data["purpose"] for r in reads] == ["details"]
    assert reads[0].actor_id == moderator.pk


def test_each_picture_view_is_streamed_uncached_and_audited_once(client: Any, moderator: Any, in_review: Any) -> None:
    log_in_with_two_factor(client, moderator)
    for n, side in enumerate(("front", "selfie", "front"), start=1):
        response = client.get(_url(in_review, f"images/{side}/"))
        assert response.status_code == 200
        assert response.content.startswith(b"\xff\xd8")  # a JPEG, decrypted
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == "inline"
        reads = AuditLogEntry.objects.filter(action="identity.sealed_read").order_by("id")
        assert reads.count() == n
        last = reads.last()
        assert last is not None
        assert last.actor_id == moderator.pk
        assert last.data["purpose"] == {"front": "document_front", "selfie": "selfie"}[side]
        assert f"verification #{in_review.pk}" in last.data["reason"]
    assert client.get(_url(in_review, "images/passport-scan/")).status_code == 404
    assert client.post(_url(in_review, "images/front/")).status_code == 405


def test_purged_pictures_say_they_were_deleted_after_the_retention_period(
    client: Any, moderator: Any, in_review: Any
) -> None:
    purge(in_review.front)
    purge(in_review.details)
    log_in_with_two_factor(client, moderator)
    html = client.get(_url(in_review)).content.decode()
    assert html.count("Deleted after the retention period.") == 2
    assert "images/front/" not in html
    assert "images/selfie/" in html
    assert client.get(_url(in_review, "images/front/")).status_code == 404
    assert not AuditLogEntry.objects.filter(action="identity.sealed_read").exists()


def test_approving_moves_on_to_the_video_check_and_closes_the_case(client: Any, moderator: Any, in_review: Any) -> None:
    log_in_with_two_factor(client, moderator)
    response = client.post(_url(in_review, "decide/"), {"decision": "approve", "template": "match"})
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == VerificationStatus.VIDEO_REQUIRED
    assert in_review.reviewed_by_id == moderator.pk
    assert in_review.decision_reason.startswith("The document is genuine")
    case = Case.objects.get(pk=in_review.case_id)
    assert (case.status, case.resolution, case.decided_by_id) == ("decided", "approve", moderator.pk)
    # Deciding again is refused, saying why, and changes nothing.
    again = client.post(_url(in_review, "decide/"), {"decision": "reject", "template": "expired"})
    assert again.status_code == 409
    assert "not waiting for a review" in again.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == VerificationStatus.VIDEO_REQUIRED


def test_rejecting_with_own_words_tells_the_reason_and_closes_the_case(
    client: Any, moderator: Any, in_review: Any
) -> None:
    log_in_with_two_factor(client, moderator)
    client.post(
        _url(in_review, "decide/"), {"decision": "reject", "template": "expired", "note": "Glare on the photo."}
    )
    in_review.refresh_from_db()
    assert (in_review.status, in_review.decision_reason) == (VerificationStatus.REJECTED, "Glare on the photo.")
    assert Case.objects.get(pk=in_review.case_id).resolution == "remove"


def test_a_decision_needs_a_reason_and_a_known_verdict(client: Any, moderator: Any, in_review: Any) -> None:
    log_in_with_two_factor(client, moderator)
    assert client.post(_url(in_review, "decide/"), {"decision": "maybe"}).status_code == 400
    assert client.post(_url(in_review, "decide/"), {"decision": "reject", "template": "nope"}).status_code == 400
    in_review.refresh_from_db()
    assert in_review.status == VerificationStatus.IN_REVIEW


def test_the_case_link_leads_to_the_review(client: Any, moderator: Any, in_review: Any) -> None:
    log_in_with_two_factor(client, moderator)
    response = client.get(f"/console/identity/cases/{in_review.case_id}/")
    assert response.status_code == 302
    assert response["Location"] == _url(in_review)
    assert client.get("/console/identity/cases/99999/").status_code == 404
    listing = client.get("/console/identity/").content.decode()
    assert _url(in_review) in listing


# --- video checks --------------------------------------------------------------------------------


def test_agent_opens_slots_from_the_console(client: Any, moderator: Any) -> None:
    log_in_with_two_factor(client, moderator)
    day = (clock.now() + dt.timedelta(days=2)).date().isoformat()
    form = {"day": day, "start": "09:00", "end": "10:00", "minutes": "15", "capacity": "1"}
    response = client.post("/console/identity/video/slots/", form)
    assert response.status_code == 302
    assert VideoSlot.objects.filter(agent=moderator).count() == 4
    bad = client.post("/console/identity/video/slots/", {"day": "tomorrow", "start": "09:00", "end": "10:00"})
    assert bad.status_code == 400
    assert b"YYYY-MM-DD" in bad.content


def test_agent_sees_the_booked_check_and_records_a_pass_with_the_checklist(client: Any, moderator: Any) -> None:
    check: Any = VideoCheckFactory(slot__starts_at=clock.now() + dt.timedelta(hours=1))
    log_in_with_two_factor(client, moderator)
    listing = client.get("/console/identity/video/").content.decode()
    assert check.meeting_url in listing
    assert f"/console/identity/video/{check.pk}/" in listing
    page = client.get(f"/console/identity/video/{check.pk}/").content.decode()
    assert 'name="checklist" value="face_matches"' in page
    # A pass needs every item.
    half = client.post(f"/console/identity/video/{check.pk}/outcome/",
                       {"outcome": "passed", "checklist": ["face_matches"]})  # fmt: skip
    assert half.status_code == 400
    assert "A pass needs every item of the checklist" in half.content.decode()
    every = ["face_matches", "document_live", "name_and_birth_date", "no_coaching", "liveness"]
    early = client.post(f"/console/identity/video/{check.pk}/outcome/", {"outcome": "passed", "checklist": every})
    assert early.status_code == 400  # the call is booked an hour from now
    assert "once the slot has started" in early.content.decode()
    with clock.advanced(dt.timedelta(hours=1)):
        done = client.post(f"/console/identity/video/{check.pk}/outcome/", {"outcome": "passed", "checklist": every})
    assert done.status_code == 302
    check.refresh_from_db()
    assert check.status == "passed"
    assert check.recorded_by_id == moderator.pk
    check.verification.refresh_from_db()
    assert check.verification.status == VerificationStatus.VERIFIED
    assert has_badge(check.verification.user, "identity_verified")
    again = client.post(f"/console/identity/video/{check.pk}/outcome/", {"outcome": "failed", "note": "x"})
    assert again.status_code == 409


def test_a_failed_check_needs_a_note(client: Any, moderator: Any) -> None:
    check: Any = VideoCheckFactory()
    log_in_with_two_factor(client, moderator)
    assert client.post(f"/console/identity/video/{check.pk}/outcome/", {"outcome": "failed"}).status_code == 400
    client.post(f"/console/identity/video/{check.pk}/outcome/", {"outcome": "failed", "note": "Another person."})
    check.verification.refresh_from_db()
    assert check.verification.status == VerificationStatus.REJECTED


# --- linked accounts ------------------------------------------------------------------------------


def test_linked_accounts_show_kinds_strength_and_standing_never_the_values(client: Any, moderator: Any) -> None:
    centre: Any = FreelancerFactory(email="centre@example.com")
    banned: Any = FreelancerFactory(email="banned@example.com")
    check_identifiers(banned, [("phone", PHONE), ("ip", "10.0.0.1")], signal_kind="login")
    set_standing(banned, "banned")
    check_identifiers(centre, [("phone", PHONE), ("ip", "10.0.0.1")], signal_kind="login")
    log_in_with_two_factor(client, moderator)
    page = client.get(f"/console/identity/users/{centre.pk}/links/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "Phone number: strong" in html
    assert "IP address: weak" in html
    assert "banned" in html
    assert "b***@example.com" in html
    assert PHONE not in html
    assert "10.0.0.1" not in html
    for value in Identifier.objects.filter(user=centre).values_list("value", flat=True):
        assert value not in html
    assert client.get("/console/identity/users/999999/links/").status_code == 404


def test_review_page_says_not_run_for_a_check_that_did_not_run(client: Any, moderator: Any, in_review: Any) -> None:
    in_review.checks = [
        {"name": "mrz", "passed": True, "blocking": False, "ran": False,
         "message": "The machine-readable lines were not read automatically; a reviewer reads them."},
        # Stored before `ran` was recorded: known by its message.
        {"name": "expiry", "passed": True, "blocking": False,
         "message": "The expiry date was not read; a reviewer checks it."},
        {"name": "selfie_face", "passed": True, "blocking": True, "message": "We found your face in the selfie."},
    ]  # fmt: skip
    in_review.save(update_fields=["checks"])
    log_in_with_two_factor(client, moderator)
    html = client.get(_url(in_review)).content.decode()
    assert "<strong>Not run</strong> · mrz" in html
    assert "<strong>Not run</strong> · expiry" in html
    assert "<strong>Passed</strong> · selfie_face" in html
    assert "<strong>Passed</strong> · mrz" not in html
