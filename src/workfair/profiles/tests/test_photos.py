"""Photo upload: real people, real photos. Only real images of sane size showing one face; the
stored file is a clean re-encoding; another account's photo is refused; the identity graph and
the trust engine see every upload."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from workfair.identity.models import Identifier
from workfair.identity.tests import imagegen
from workfair.identity.tests.imagegen import image_bytes, photo_bytes
from workfair.profiles import actions
from workfair.profiles.models import FreelancerProfile
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.trust.models import Signal

pytestmark = pytest.mark.django_db


def upload(client, name: str, content: bytes, content_type: str = "image/jpeg"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("profiles:upload_photo"), {"photo": SimpleUploadedFile(name, content, content_type=content_type)}
    )


@pytest.fixture
def profile(client):  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    client.force_login(profile.user)
    return profile


def sideways_photo_with_metadata() -> bytes:
    """An upright 600x800 portrait stored turned on its side, with an EXIF orientation saying
    "rotate 90° clockwise to display", a camera maker and a GPS position."""
    upright = imagegen.portrait((600, 800), face_size=330, person=1)
    stored = upright.rotate(90, expand=True)  # 800x600 as the camera wrote it
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SecretCam"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return imagegen.encode(stored, "JPEG", exif=exif.tobytes())


def test_photo_is_re_encoded_with_exif_orientation_applied_and_metadata_dropped(client, profile) -> None:  # type: ignore[no-untyped-def]
    raw = sideways_photo_with_metadata()

    response = upload(client, "me.jpg", raw)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name.startswith("profile-photos/")
    assert profile.photo.name.endswith(".jpg")
    assert len(profile.photo_hash) == 16
    stored = profile.photo.read()
    assert stored != raw
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (600, 800)  # turned upright
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0


def test_large_photos_are_stored_scaled_down(client, profile) -> None:  # type: ignore[no-untyped-def]
    assert upload(client, "me.jpg", photo_bytes(2, size=(2000, 2000))).status_code == 302

    profile.refresh_from_db()
    with Image.open(profile.photo) as image:
        assert image.size == (1024, 1024)


def test_a_transparent_png_is_flattened_onto_white_and_stored_as_jpeg(client, profile) -> None:  # type: ignore[no-untyped-def]
    picture = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    picture.paste(imagegen.portrait(person=3), (50, 50))

    response = upload(client, "me.png", imagegen.encode(picture, "PNG"), "image/png")

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name.endswith(".jpg")
    with Image.open(profile.photo) as image:
        assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"this is not an image at all", b"not an image we can read"),
        ("cut.jpg", photo_bytes()[:2000], b"damaged or incomplete"),
        ("huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), b"larger than 5 MB"),
        ("bomb.png", image_bytes((8000, 6000), fmt="PNG", mode="1"), b"too many pixels"),
        ("doc.tiff", image_bytes(fmt="TIFF"), b"TIFF images are not accepted: upload a JPEG, PNG or WebP photo"),
        ("anim.gif", imagegen.animated_bytes("GIF"), b"GIF images are not accepted"),
        ("anim.webp", imagegen.animated_bytes("WEBP"), b"not an animation"),
        ("view.jpg", imagegen.encode(imagegen.landscape()), b"We couldn&#x27;t find a face"),
        ("blank.jpg", image_bytes((40, 20)), b"We couldn&#x27;t find a face"),
        ("us.jpg", imagegen.encode(imagegen.two_people()), b"Only one person, please"),
        ("far.jpg", imagegen.encode(imagegen.portrait((1600, 1600), face_size=120)), b"too small"),
    ],
)
def test_bad_uploads_are_refused_with_a_form_error_and_nothing_is_stored(
    client, profile, name, content, message
) -> None:  # type: ignore[no-untyped-def]
    response = upload(client, name, content)

    assert response.status_code == 400
    assert message in response.content
    stored = FreelancerProfile.objects.get(pk=profile.pk)
    assert stored.photo.name == ""
    assert stored.photo_hash == ""


def test_a_refused_upload_keeps_the_previous_photo(client, profile) -> None:  # type: ignore[no-untyped-def]
    upload(client, "me.jpg", photo_bytes(1))
    profile.refresh_from_db()
    before = profile.photo.name

    upload(client, "notes.jpg", b"nope")
    upload(client, "view.jpg", imagegen.encode(imagegen.landscape()))

    profile.refresh_from_db()
    assert profile.photo.name == before
    assert profile.photo.storage.exists(before)


def test_replacing_and_removing_the_photo_deletes_old_files(
    client, profile, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "one.jpg", photo_bytes(1))
    profile.refresh_from_db()
    first = profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "two.jpg", photo_bytes(2))
    profile.refresh_from_db()
    second = profile.photo.name
    storage = profile.photo.storage

    assert not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:remove_photo"))
    profile.refresh_from_db()
    assert profile.photo.name == ""
    assert profile.photo_hash == ""
    assert not storage.exists(second)


# --- reuse across accounts and the identity graph -------------------------------------------------


def test_another_accounts_photo_is_refused_even_re_encoded_and_resized(client, profile) -> None:  # type: ignore[no-untyped-def]
    owner = FreelancerProfileFactory()
    actions.do_set_profile_photo(actor=owner.user, upload=io.BytesIO(photo_bytes(5)), size=None)
    copy = imagegen.encode(imagegen.portrait(person=5).resize((640, 640)), "JPEG", quality=55)

    exact = upload(client, "me.jpg", photo_bytes(5))
    near = upload(client, "me2.jpg", copy)

    for response in (exact, near):
        assert response.status_code == 400
        assert b"already on another Workfair account" in response.content
    profile.refresh_from_db()
    assert profile.photo.name == ""
    # The attempts still reached the identity graph and the trust engine.
    assert Signal.objects.filter(actor=profile.user, kind="photo.uploaded").count() == 2
    assert Identifier.objects.filter(user=profile.user, kind="photo").exists()
    # A photo of someone else is fine, and the owner may upload their own photo again.
    assert upload(client, "mine.jpg", photo_bytes(6)).status_code == 302
    actions.do_set_profile_photo(actor=owner.user, upload=io.BytesIO(photo_bytes(5)), size=None)


def test_every_upload_is_a_photo_uploaded_signal_with_its_perceptual_hash_in_the_graph(client, profile) -> None:  # type: ignore[no-untyped-def]
    assert upload(client, "me.jpg", photo_bytes(7)).status_code == 302

    profile.refresh_from_db()
    signal = Signal.objects.get(actor=profile.user, kind="photo.uploaded")
    assert signal.target_type == "profiles.freelancerprofile"
    assert signal.target_id == str(profile.pk)
    assert Identifier.objects.get(user=profile.user, kind="photo").value == profile.photo_hash


@pytest.mark.parametrize(
    ("outcome", "status", "message"),
    [("block", 403, b"We can&#x27;t accept this photo"), ("hold", 403, b"our team is reviewing your account")],
)
def test_a_blocked_or_held_upload_is_refused_and_the_decision_kept(
    client, profile, monkeypatch, outcome, status, message
) -> None:  # type: ignore[no-untyped-def]
    def engine_says(user, identifiers, **kwargs):  # type: ignore[no-untyped-def]
        Signal.objects.create(actor=user, subject_id=user.pk, kind=kwargs["signal_kind"], created_at=profile.created_at)
        return SimpleNamespace(outcome=outcome)

    monkeypatch.setattr(actions, "check_identifiers", engine_says)

    response = upload(client, "me.jpg", photo_bytes(8))

    assert response.status_code == status
    assert message in response.content
    profile.refresh_from_db()
    assert profile.photo.name == ""
    # Raised after the transaction: what the engine recorded stays.
    assert Signal.objects.filter(actor=profile.user, kind="photo.uploaded").exists()


def test_the_navigation_avatar_shows_the_uploaded_photo(client, profile) -> None:  # type: ignore[no-untyped-def]
    before = client.get(reverse("web:dashboard")).content.decode()
    assert '<img class="avatar"' not in before  # initials until there is a photo

    assert upload(client, "me.jpg", photo_bytes()).status_code == 302

    profile.refresh_from_db()
    page = client.get(reverse("web:dashboard")).content.decode()
    assert f'<img class="avatar" src="{profile.photo.url}"' in page


def test_every_page_names_the_favicon(client, profile) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("web:dashboard")).content.decode()

    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page
