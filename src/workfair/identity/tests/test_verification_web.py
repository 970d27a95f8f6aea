"""The person's pages and JSON API of identity verification: every step, errors as form errors,
photos never shown back."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.identity.models import IdentityVerification, SealedFile, VideoCheck
from workfair.identity.states import VerificationStatus
from workfair.identity.tests.factories import (
    IdentityVerificationFactory,
    VideoSlotFactory,
    sealed_root,  # noqa: F401 - fixture
    verify_phone,
)
from workfair.identity.verification import actions as verification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

VS = VerificationStatus
API = "/api/v1/identity/verification"


def png(size: tuple[int, int] = (80, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 160, 90)).save(out, "PNG")
    return out.getvalue()


def photo(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png(), content_type="image/png")


@pytest.fixture
def passing(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    state: dict[str, Any] = {
        "report": SimpleNamespace(
            passed=True,
            results=[SimpleNamespace(name="selfie_face", passed=True, message="We found your face.", blocking=True)],
            extracted={"document_number": "X1234567", "country": "GBR"},
            document_hash="00ff00ff00ff00ff",
            face_hash="ff00ff00ff00ff00",
        )
    }
    monkeypatch.setattr(verification, "_document_checks", lambda: lambda *a, **k: state["report"])
    return state


def signed_in(phone: bool = True) -> tuple[Any, Client]:
    user = FreelancerFactory(first_name="Ada", last_name="Byron")
    if phone:
        verify_phone(user)
    client = Client()
    client.force_login(user)
    return user, client


# --- pages ---------------------------------------------------------------------------------------


def test_the_hub_needs_a_login_and_starts_with_the_phone() -> None:
    response = Client().get("/account/verification/")
    assert response.status_code == 302
    _, client = signed_in(phone=False)
    page = client.get("/account/verification/").content.decode()
    assert "Verify your phone number" in page
    assert 'href="/account/phone/"' in page
    assert "Start: choose your document" not in page


def test_the_whole_flow_on_the_pages(passing: dict[str, Any], sealed_root: Any) -> None:  # noqa: F811
    user, client = signed_in()
    page = client.get("/account/verification/").content.decode()
    assert "Start: choose your document" in page
    response = client.post("/account/verification/start/", {"document_type": "id_card", "country": "fr"})
    assert response.status_code == 302
    assert response["Location"] == "/account/verification/upload/front/"

    form = client.get("/account/verification/upload/front/").content.decode()
    assert 'accept="image/*"' in form
    assert 'capture="environment"' in form
    assert 'enctype="multipart/form-data"' in form
    assert "Photo 1 of 3" in form
    selfie_form = client.get("/account/verification/upload/selfie/").content.decode()
    assert 'capture="user"' in selfie_form

    response = client.post("/account/verification/upload/front/", {"photo": photo()})
    assert response["Location"] == "/account/verification/upload/back/"
    response = client.post("/account/verification/upload/back/", {"photo": photo()})
    assert response["Location"] == "/account/verification/upload/selfie/"
    response = client.post("/account/verification/upload/selfie/", {"photo": photo()})
    assert response["Location"] == "/account/verification/"

    hub = client.get("/account/verification/").content.decode()
    assert "Front of the document uploaded" in hub
    assert "Send my documents" in hub
    # Never a link to, or the name of, a stored photo.
    v = IdentityVerification.objects.get(user=user)
    for sealed in SealedFile.objects.filter(owner=user):
        assert sealed.storage_name.split("/")[-1] not in hub
    assert "<img" not in hub.split("<main", 1)[1]

    response = client.post("/account/verification/submit/", {"document_number": "X1234567", "expiry": "2032-01-31"})
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.status == VS.IN_REVIEW
    assert "Your documents are with our team" in client.get("/account/verification/").content.decode()


def test_a_bad_upload_is_a_form_error_and_stores_nothing() -> None:
    user, client = signed_in()
    client.post("/account/verification/start/", {"document_type": "passport", "country": "GB"})
    bad = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="application/pdf")
    response = client.post("/account/verification/upload/front/", {"photo": bad})
    assert response.status_code == 400
    assert "not an image" in response.content.decode()
    assert "field-error" in response.content.decode()
    assert SealedFile.objects.filter(owner=user).count() == 0
    response = client.post("/account/verification/upload/front/", {})
    assert response.status_code == 400
    # A passport has no back page to upload.
    assert client.get("/account/verification/upload/back/").status_code == 404


def test_start_errors_are_form_errors() -> None:
    _, client = signed_in()
    response = client.post("/account/verification/start/", {"document_type": "passport", "country": "Narnia"})
    assert response.status_code == 400
    assert "two- or three-letter code" in response.content.decode()


def test_failed_checks_are_shown_with_what_to_do(passing: dict[str, Any]) -> None:
    _user, client = signed_in()
    client.post("/account/verification/start/", {"document_type": "passport", "country": "GB"})
    client.post("/account/verification/upload/front/", {"photo": photo()})
    client.post("/account/verification/upload/selfie/", {"photo": photo()})
    passing["report"] = SimpleNamespace(
        passed=False,
        results=[
            SimpleNamespace(
                name="front_corners",
                passed=False,
                blocking=True,
                message="The document runs off the picture: show all four corners.",
            )
        ],
        extracted={},
        document_hash="",
        face_hash=None,
    )
    client.post("/account/verification/submit/", {})
    hub = client.get("/account/verification/").content.decode()
    assert "Some photos need retaking" in hub
    assert "show all four corners" in hub
    # Submitting again without new photos is refused with the reason.
    response = client.post("/account/verification/submit/", {})
    assert response.status_code == 409
    assert "Upload new photos" in response.content.decode()


def test_booking_page_lists_free_times_and_refuses_a_taken_one() -> None:
    user, client = signed_in()
    v = IdentityVerificationFactory(user=user, status=VS.VIDEO_REQUIRED,
                                    video_due_at=dt.datetime(2031, 3, 9, 12, tzinfo=dt.UTC))  # fmt: skip
    assert "by 9 March 2031" in client.get("/account/verification/").content.decode()  # the deadline is said
    start = clock.now() + dt.timedelta(days=1)
    free = VideoSlotFactory(starts_at=start)
    taken = VideoSlotFactory(starts_at=start + dt.timedelta(hours=1))
    other = IdentityVerificationFactory(status=VS.VIDEO_REQUIRED)
    from workfair.identity.video import actions as video

    video.do_book_video_check(actor=other.user, verification=other, slot=taken)
    page = client.get("/account/verification/video/").content.decode()
    assert f'value="{free.pk}"' in page
    assert f'value="{taken.pk}"' not in page
    response = client.post("/account/verification/video/", {"slot": taken.pk})
    assert response.status_code == 409
    assert "Someone else has just booked" in response.content.decode()
    response = client.post("/account/verification/video/", {"slot": "nonsense"})
    assert response.status_code == 400
    response = client.post("/account/verification/video/", {"slot": free.pk})
    assert response.status_code == 302
    check = VideoCheck.objects.get(verification=v)
    page = client.get("/account/verification/video/").content.decode()
    assert check.meeting_url in page
    response = client.post("/account/verification/video/cancel/")
    assert response.status_code == 302
    assert IdentityVerification.objects.get(pk=v.pk).status == VS.VIDEO_REQUIRED


# --- API -----------------------------------------------------------------------------------------


def test_the_api_flow(passing: dict[str, Any]) -> None:
    _user, client = signed_in()
    status = client.get(API).json()
    assert status["phone_verified"] is True
    assert status["verification"] is None
    response = client.post(
        f"{API}/start", {"document_type": "passport", "country": "GB"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["verification"]["missing"] == ["front", "selfie"]
    response = client.post(f"{API}/submit", {}, content_type="application/json")
    assert response.status_code == 400
    assert "Upload" in response.json()["detail"]
    for side in ("front", "selfie"):
        response = client.post(f"{API}/upload", {"side": side, "file": photo()})
        assert response.status_code == 200, response.content
    body = response.json()
    assert body["verification"]["uploaded"] == {"front": True, "selfie": True}
    assert "storage_name" not in response.content.decode()
    bad = client.post(f"{API}/upload", {"side": "front", "file": SimpleUploadedFile("x.txt", b"hello")})
    assert bad.status_code == 400
    assert "not an image" in bad.json()["detail"]
    response = client.post(f"{API}/submit", {"document_number": "X1234567"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["verification"]["status"] == "in_review"
    again = client.post(f"{API}/submit", {}, content_type="application/json")
    assert again.status_code == 409


def test_api_slots_and_booking() -> None:
    user, client = signed_in()
    IdentityVerificationFactory(user=user, status=VS.VIDEO_REQUIRED)
    past = VideoSlotFactory(starts_at=clock.now() - dt.timedelta(hours=2))
    slot = VideoSlotFactory(starts_at=clock.now() + dt.timedelta(days=1))
    ids = [s["id"] for s in client.get(f"{API}/slots").json()]
    assert ids == [slot.pk]
    response = client.post(f"{API}/book", {"slot_id": past.pk}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"{API}/book", {"slot_id": 999999}, content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"{API}/book", {"slot_id": slot.pk}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["meeting_url"].startswith("https://")
    assert client.get(API).json()["verification"]["video_check"]["id"] == response.json()["id"]


def test_api_needs_a_login_and_an_open_verification() -> None:
    assert Client().get(API).status_code == 401
    _, client = signed_in()
    response = client.post(f"{API}/upload", {"side": "front", "file": photo()})
    assert response.status_code == 404
    response = client.post(
        f"{API}/start", {"document_type": "passport", "country": "GB"}, content_type="application/json"
    )
    assert response.status_code == 201
