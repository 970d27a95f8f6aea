"""Identity verification with documents: start, uploads (sealed, re-encoded), submit and checks,
the identity graph, the review hand-off and the reviewer's decision."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.core.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from workfair.core.models import AuditLogEntry
from workfair.identity.models import Identifier, IdentityVerification, SealedFile
from workfair.identity.sealing import envelope as sealing
from workfair.identity.states import DocumentType, SealedPurpose, VerificationStatus
from workfair.identity.tests.factories import (
    IdentityVerificationFactory,
    jpeg_bytes,
    sealed_root,  # noqa: F401 - fixture
    verify_phone,
)
from workfair.identity.verification import actions as verification
from workfair.identity.verification import queries as verification_queries
from workfair.notifications.models import Notification
from workfair.trust.models import Case
from workfair.trust.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

VS = VerificationStatus


def png_upload(name: str = "photo.png", size: tuple[int, int] = (80, 60), text: bytes = b"") -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, (120, 30, 200))
    if text:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", text.decode())
        image.save(out, "PNG", pnginfo=info)
    else:
        image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def passing_report(**extracted: Any) -> SimpleNamespace:
    return SimpleNamespace(
        passed=True,
        results=[SimpleNamespace(name="document_face", passed=True, message="We found the photo.", blocking=True)],
        extracted={
            "document_number": "123456789",
            "country": "GBR",
            "given_names": "JANE",
            "surname": "DOE",
            **extracted,
        },
        document_hash="f0e1d2c3b4a59687",
        face_hash="0123456789abcdef",
    )


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The automatic checks' verdict, set by the test (real documents are not needed here)."""
    state: dict[str, Any] = {"report": passing_report(), "calls": []}

    def fake(front: Any, back: Any, selfie: Any, **kwargs: Any) -> Any:
        state["calls"].append({"front": front, "back": back, "selfie": selfie, **kwargs})
        return state["report"]

    monkeypatch.setattr(verification, "_document_checks", lambda: fake)
    return state


def person() -> Any:
    user = FreelancerFactory(first_name="Jane", last_name="Doe")
    verify_phone(user)
    return user


def ready(document_type: str = DocumentType.PASSPORT) -> tuple[Any, IdentityVerification]:
    user = person()
    v = verification.do_start_verification(actor=user, document_type=document_type, country="gb")
    for side in verification_queries.required_sides(v):
        verification.do_upload_document(actor=user, verification=v, side=side, upload=png_upload())
    return user, v


# --- start ---------------------------------------------------------------------------------------


def test_start_needs_a_verified_phone_and_a_valid_choice() -> None:
    user = FreelancerFactory()
    with pytest.raises(PermissionDenied, match="phone"):
        verification.do_start_verification(actor=user, document_type="passport", country="GB")
    verify_phone(user)
    with pytest.raises(InvalidInput, match="kind of document"):
        verification.do_start_verification(actor=user, document_type="library_card", country="GB")
    with pytest.raises(InvalidInput, match="country"):
        verification.do_start_verification(actor=user, document_type="passport", country="Great Britain")
    v = verification.do_start_verification(actor=user, document_type="passport", country="gb")
    assert (v.status, v.document_country, v.provider) == (VS.DRAFT, "GB", "workfair")


def test_starting_again_changes_the_open_draft_and_drops_photos_of_another_document() -> None:
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload())
    front_id = IdentityVerification.objects.get(pk=v.pk).front_id
    again = verification.do_start_verification(actor=user, document_type="id_card", country="FR")
    assert again.pk == v.pk
    again.refresh_from_db()
    assert (again.document_type, again.document_country, again.front_id) == ("id_card", "FR", None)
    assert SealedFile.objects.get(pk=front_id).purge_after <= clock.now()
    assert IdentityVerification.objects.filter(user=user).count() == 1


def test_too_many_attempts_are_refused() -> None:
    user = person()
    for _ in range(verification.MAX_ATTEMPTS_PER_30_DAYS):
        v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
        verification.do_cancel_verification(actor=user, verification=v)
    with pytest.raises(RateLimited):
        verification.do_start_verification(actor=user, document_type="passport", country="GB")


# --- uploads -------------------------------------------------------------------------------------


def test_upload_stores_only_the_sealed_re_encoded_jpeg(sealed_root: Path) -> None:  # noqa: F811
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    marker = b"SECRET-EXIF-LIKE-COMMENT-0xDEADBEEF"
    verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload(text=marker))
    v.refresh_from_db()
    sealed = v.front
    assert sealed is not None
    assert (sealed.purpose, sealed.content_type) == (SealedPurpose.DOCUMENT_FRONT, "image/jpeg")
    assert sealed.purge_after is not None  # an abandoned draft's photos go too
    disk = (sealed_root / sealed.storage_name).read_bytes()
    assert marker not in disk
    assert b"PNG" not in disk
    plain = sealing.open_sealed(sealed, actor=None, reason="test")
    assert plain.startswith(b"\xff\xd8")  # a JPEG, re-encoded
    assert marker not in plain


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"just some text, not a picture", content_type="text/plain"), "not an image"),
        (SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"), "empty"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(upload: Any, message: str, sealed_root: Path) -> None:  # noqa: F811
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    with pytest.raises(InvalidInput, match=message):
        verification.do_upload_document(actor=user, verification=v, side="front", upload=upload)
    assert SealedFile.objects.count() == 0
    assert not sealed_root.exists() or not any(sealed_root.rglob("*.sealed"))
    assert IdentityVerification.objects.get(pk=v.pk).front_id is None


def test_oversized_upload_is_refused_and_nothing_is_stored(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "MAX_UPLOAD_BYTES": 1000}
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    with pytest.raises(InvalidInput, match="larger than"):
        verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload(size=(400, 400)))
    assert SealedFile.objects.count() == 0


def test_decompression_bomb_is_refused_and_nothing_is_stored(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "MAX_PIXELS": 10_000}
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    # A small file that declares many pixels (a plain colour compresses to almost nothing).
    bomb = io.BytesIO()
    Image.new("L", (4000, 4000), 0).save(bomb, "PNG")
    assert len(bomb.getvalue()) < 100_000
    upload = SimpleUploadedFile("bomb.png", bomb.getvalue(), content_type="image/png")
    with pytest.raises(InvalidInput, match="pixels"):
        verification.do_upload_document(actor=user, verification=v, side="selfie", upload=upload)
    assert SealedFile.objects.count() == 0


def test_a_passport_has_no_back_and_someone_else_cannot_upload() -> None:
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    with pytest.raises(InvalidInput, match="no back"):
        verification.do_upload_document(actor=user, verification=v, side="back", upload=png_upload())
    with pytest.raises(NotFound):
        verification.do_upload_document(actor=FreelancerFactory(), verification=v, side="front", upload=png_upload())
    with pytest.raises(InvalidInput):
        verification.do_upload_document(actor=user, verification=v, side="passport_photo", upload=png_upload())


def test_replacing_a_photo_marks_the_old_one_for_deletion() -> None:
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    verification.do_upload_document(actor=user, verification=v, side="selfie", upload=png_upload())
    first = v.selfie_id
    verification.do_upload_document(actor=user, verification=v, side="selfie", upload=png_upload())
    assert v.selfie_id != first
    assert SealedFile.objects.get(pk=first).purge_after <= clock.now()


def test_access_is_only_for_the_owner() -> None:
    user, v = ready()
    assert verification_queries.access_verification_by_id(user, v.pk) == v
    with pytest.raises(NotFound):
        verification_queries.access_verification_by_id(FreelancerFactory(), v.pk)
    with pytest.raises(NotFound):
        verification_queries.access_verification_by_id(user, v.pk + 1000)


# --- submit --------------------------------------------------------------------------------------


def test_submitting_without_every_photo_is_refused(checks: dict[str, Any]) -> None:
    user = person()
    v = verification.do_start_verification(actor=user, document_type="id_card", country="FR")
    verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload())
    with pytest.raises(InvalidInput, match="back of the document, selfie with the document"):
        verification.do_submit_verification(actor=user, verification=v)
    assert checks["calls"] == []
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.DRAFT


def test_failed_checks_say_what_to_retake_and_a_new_photo_allows_another_try(checks: dict[str, Any]) -> None:
    user, v = ready()
    checks["report"] = SimpleNamespace(
        passed=False,
        results=[
            SimpleNamespace(name="front_sharp", passed=False, message="The photo is blurry: retake it.", blocking=True),
            SimpleNamespace(name="selfie_face", passed=True, message="We found your face.", blocking=True),
        ],
        extracted={},
        document_hash="",
        face_hash=None,
    )
    verification.do_submit_verification(actor=user, verification=v)
    assert v.status == VS.CHECKS_FAILED
    lines = verification_queries.check_lines(v)
    assert next((c.name, c.passed, c.message) for c in lines) == (
        "front_sharp",
        False,
        "The photo is blurry: retake it.",
    )
    assert Case.objects.count() == 0
    assert Identifier.objects.filter(user=user).count() == 0
    with pytest.raises(InvalidTransition, match="Upload new photos"):
        verification.do_submit_verification(actor=user, verification=v)
    verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload())
    assert v.status == VS.DRAFT
    checks["report"] = passing_report()
    verification.do_submit_verification(actor=user, verification=v)
    assert v.status == VS.IN_REVIEW


def test_passing_checks_seal_details_hash_the_number_link_the_graph_and_open_a_review_case(
    checks: dict[str, Any],
) -> None:
    user, v = ready(DocumentType.ID_CARD)
    declared = verification.clean_declared(document_number="12 345-6789", expiry="2031-05-01")
    verification.do_submit_verification(actor=user, verification=v, declared=declared)
    v.refresh_from_db()
    assert v.status == VS.IN_REVIEW
    call = checks["calls"][0]
    assert call["back"] is not None  # an id card's back is checked too
    assert call["document_type"] == "id_card"
    assert call["profile"]["first_name"] == "Jane"
    assert call["declared"]["document_number"] == "123456789"
    assert call["front"].jpeg.startswith(b"\xff\xd8")
    # Details sealed, never in clear on the row.
    assert v.details is not None
    assert v.details.purpose == SealedPurpose.DETAILS
    details = json.loads(sealing.open_sealed(v.details, actor=None, reason="test"))
    assert details["document_number"] == "123456789"
    assert details["country"] == "GBR"
    from workfair.identity.graph.hashing import identifier_hash

    assert v.document_number_hash == identifier_hash("document", "GBR:123456789")
    assert "123456789" not in v.document_number_hash
    kinds = set(Identifier.objects.filter(user=user).values_list("kind", flat=True))
    assert {"document", "document_image", "face"} <= kinds
    case = Case.objects.get(pk=v.case_id)
    assert (case.queue, case.subject_id, case.target_type, case.target_id) == (
        "identity",
        user.pk,
        "identity.verification",
        str(v.pk),
    )
    # While a person reviews, the photos are kept.
    assert not SealedFile.objects.filter(
        pk__in=[v.front_id, v.back_id, v.selfie_id], purge_after__isnull=False
    ).exists()


def test_submitting_twice_is_refused(checks: dict[str, Any]) -> None:
    user, v = ready()
    verification.do_submit_verification(actor=user, verification=v)
    with pytest.raises(InvalidTransition, match="already been sent"):
        verification.do_submit_verification(actor=user, verification=v)
    stale = IdentityVerification.objects.get(pk=v.pk)
    stale.status = VS.DRAFT  # a second tab that still shows the draft
    with pytest.raises(InvalidTransition):
        verification.do_submit_verification(actor=user, verification=stale)
    assert len(checks["calls"]) == 2
    assert Case.objects.count() == 1


def test_someone_else_cannot_submit(checks: dict[str, Any]) -> None:
    _, v = ready()
    with pytest.raises(NotFound):
        verification.do_submit_verification(actor=FreelancerFactory(), verification=v)


def test_a_block_from_the_identity_graph_rejects_and_keeps_the_decision(
    checks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workfair.identity.graph import actions as graph

    calls = []

    def blocking(user: Any, identifiers: Any, **kwargs: Any) -> Any:
        calls.append((identifiers, kwargs))
        return SimpleNamespace(outcome="block")

    monkeypatch.setattr(graph, "check_identifiers", blocking)
    user, v = ready()
    with pytest.raises(verification.VerificationBlocked, match="linked to another account"):
        verification.do_submit_verification(actor=user, verification=v)
    v.refresh_from_db()
    assert v.status == VS.REJECTED  # committed before the refusal
    assert v.decided_at is not None
    assert calls[0][1]["signal_kind"] == "identity.submitted"
    assert calls[0][1]["target_id"] == str(v.pk)
    assert ("document", "GBR:123456789") in calls[0][0]
    assert Case.objects.filter(queue="identity").count() == 0
    assert SealedFile.objects.get(pk=v.front_id).purge_after is not None


def test_clean_declared_refuses_nonsense() -> None:
    with pytest.raises(InvalidInput, match="letters and digits"):
        verification.clean_declared(document_number="<script>")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        verification.clean_declared(expiry="next year")
    with pytest.raises(InvalidInput, match="real"):
        verification.clean_declared(date_of_birth="1850-01-01")
    assert verification.clean_declared() == {}


# --- review --------------------------------------------------------------------------------------


def in_review(checks: dict[str, Any]) -> tuple[Any, IdentityVerification]:
    user, v = ready()
    verification.do_submit_verification(actor=user, verification=v)
    return user, v


def test_a_moderator_approves_and_the_person_is_asked_to_book(checks: dict[str, Any]) -> None:
    user, v = in_review(checks)
    moderator = StaffFactory()
    verification.do_review_verification(actor=moderator, verification=v, approve=True, reason="Documents match.")
    v.refresh_from_db()
    assert v.status == VS.VIDEO_REQUIRED
    assert v.reviewed_by == moderator
    case = Case.objects.get(pk=v.case_id)
    assert (case.status, case.resolution) == ("decided", "approve")
    assert Notification.objects.filter(recipient=user, title__icontains="book a live video check").exists()
    # Not final yet: the photos stay for the video check, which has a deadline.
    assert not SealedFile.objects.filter(pk=v.front_id, purge_after__isnull=False).exists()
    assert v.video_due_at is not None
    assert (v.video_due_at - clock.now()).days in (29, 30)


def test_a_rejection_gives_the_reason_and_schedules_the_images(checks: dict[str, Any]) -> None:
    user, v = in_review(checks)
    moderator = StaffFactory()
    with pytest.raises(InvalidInput, match="Say why"):
        verification.do_review_verification(actor=moderator, verification=v, approve=False, reason="  ")
    verification.do_review_verification(actor=moderator, verification=v, approve=False, reason="The photo is edited.")
    v.refresh_from_db()
    assert v.status == VS.REJECTED
    assert Case.objects.get(pk=v.case_id).resolution == "remove"
    note = Notification.objects.get(recipient=user)
    assert "The photo is edited." in note.body
    expected = v.decided_at + dt.timedelta(days=90)
    for pk in (v.front_id, v.selfie_id):
        assert SealedFile.objects.get(pk=pk).purge_after == expected
    assert SealedFile.objects.get(pk=v.details_id).purge_after is None  # details stay (sealed)
    with pytest.raises(InvalidTransition):
        verification.do_review_verification(actor=moderator, verification=v, approve=True, reason="Changed my mind")


def test_only_moderators_review_and_never_their_own(checks: dict[str, Any]) -> None:
    user, v = in_review(checks)
    with pytest.raises(PermissionDenied):
        verification.do_review_verification(actor=FreelancerFactory(), verification=v, approve=True, reason="ok")
    with pytest.raises(PermissionDenied):
        verification.do_review_verification(actor=user, verification=v, approve=True, reason="ok")
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.IN_REVIEW
    staff_user = StaffFactory()
    verify_phone(staff_user)
    own = IdentityVerificationFactory(user=staff_user, status=VS.IN_REVIEW)
    with pytest.raises(PermissionDenied, match="your own"):
        verification.do_review_verification(actor=staff_user, verification=own, approve=True, reason="ok")


def test_cancel_and_audit_trail(checks: dict[str, Any]) -> None:
    user = person()
    v = verification.do_start_verification(actor=user, document_type="passport", country="GB")
    verification.do_upload_document(actor=user, verification=v, side="front", upload=png_upload())
    verification.do_cancel_verification(actor=user, verification=v)
    assert v.status == VS.CANCELLED
    assert SealedFile.objects.get(pk=v.front_id).purge_after <= clock.now()
    with pytest.raises(InvalidTransition):
        verification.do_cancel_verification(actor=user, verification=v)
    actions = set(AuditLogEntry.objects.filter(target_id=str(v.pk)).values_list("action", flat=True))
    assert {"identity.verification_started", "identity.verification_uploaded", "identityverification.cancelled"} <= (
        actions
    )


def test_an_open_verification_blocks_a_second_one_while_in_review(checks: dict[str, Any]) -> None:
    user, _v = in_review(checks)
    with pytest.raises(Conflict, match="already being checked"):
        verification.do_start_verification(actor=user, document_type="passport", country="GB")
    assert jpeg_bytes()  # the factory helper makes real JPEGs
