"""Photo upload: only real images of sane size; the stored file is a clean re-encoding."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from workfair.profiles.models import FreelancerProfile
from workfair.profiles.tests.factories import FreelancerProfileFactory

pytestmark = pytest.mark.django_db


def image_bytes(size: tuple[int, int] = (40, 20), fmt: str = "JPEG", mode: str = "RGB", exif: bool = False) -> bytes:
    image = Image.new(mode, size, color=1 if mode == "1" else "red" if mode == "RGB" else 0)
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x0112] = 6  # orientation: rotate 90° clockwise to display
        data[0x010F] = "SecretCam"  # maker: metadata that must not survive
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(client, name: str, content: bytes, content_type: str = "image/jpeg"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("profiles:upload_photo"), {"photo": SimpleUploadedFile(name, content, content_type=content_type)}
    )


@pytest.fixture
def profile(client):  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory()
    client.force_login(profile.user)
    return profile


def test_photo_is_re_encoded_with_exif_orientation_applied_and_metadata_dropped(client, profile) -> None:  # type: ignore[no-untyped-def]
    raw = image_bytes((40, 20), exif=True)

    response = upload(client, "me.jpg", raw)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name.startswith("profile-photos/")
    assert profile.photo.name.endswith(".jpg")
    stored = profile.photo.read()
    assert stored != raw
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)  # turned upright
        assert image.format == "JPEG"
        assert 0x010F not in image.getexif()


def test_transparent_png_stays_png(client, profile) -> None:  # type: ignore[no-untyped-def]
    response = upload(client, "me.png", image_bytes((30, 30), fmt="PNG", mode="RGBA"), "image/png")

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"this is not an image at all", b"not an image we can read"),
        ("cut.jpg", image_bytes()[:60], b"not an image we can read"),
        ("huge.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10), b"larger than 5 MB"),
        ("bomb.png", image_bytes((8000, 6000), fmt="PNG", mode="1"), b"too many pixels"),
        ("doc.tiff", image_bytes(fmt="TIFF"), b"JPEG, PNG, GIF or WebP"),
    ],
)
def test_bad_uploads_are_refused_with_a_form_error_and_nothing_is_stored(
    client, profile, name, content, message
) -> None:  # type: ignore[no-untyped-def]
    response = upload(client, name, content)

    assert response.status_code == 400
    assert message in response.content
    assert FreelancerProfile.objects.get(pk=profile.pk).photo.name == ""


def test_a_refused_upload_keeps_the_previous_photo(client, profile) -> None:  # type: ignore[no-untyped-def]
    upload(client, "me.jpg", image_bytes())
    profile.refresh_from_db()
    before = profile.photo.name

    upload(client, "notes.jpg", b"nope")

    profile.refresh_from_db()
    assert profile.photo.name == before
    assert profile.photo.storage.exists(before)


def test_replacing_and_removing_the_photo_deletes_old_files(
    client, profile, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "one.jpg", image_bytes())
    profile.refresh_from_db()
    first = profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "two.jpg", image_bytes((50, 50)))
    profile.refresh_from_db()
    second = profile.photo.name
    storage = profile.photo.storage

    assert not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:remove_photo"))
    profile.refresh_from_db()
    assert profile.photo.name == ""
    assert not storage.exists(second)
