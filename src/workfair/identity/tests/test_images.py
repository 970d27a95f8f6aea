"""Image intake: only still JPEG/PNG/WebP pictures of sane size; the output is a clean re-encoding."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workfair.core.errors import InvalidInput
from workfair.identity.tests import imagegen
from workfair.identity.tests.imagegen import image_bytes
from workfair.identity.verification.images import SafeImage, accepted_formats, hamming, load_upload, perceptual_hash


def test_a_jpeg_is_decoded_upright_and_re_encoded_without_metadata() -> None:
    raw = image_bytes((40, 20), exif=True, gps=True)

    safe = load_upload(raw)

    assert isinstance(safe, SafeImage)
    assert (safe.width, safe.height) == (20, 40)  # EXIF orientation applied to the pixels
    assert safe.image.mode == "RGB"
    assert safe.image.size == (20, 40)
    assert safe.jpeg != raw
    with Image.open(io.BytesIO(safe.jpeg)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (20, 40)
        assert len(stored.getexif()) == 0
        assert "icc_profile" not in stored.info
    assert b"SecretCam" not in safe.jpeg


def test_bytes_smuggled_after_the_image_do_not_survive() -> None:
    raw = image_bytes((64, 64)) + b"<script>alert(1)</script>"

    safe = load_upload(raw)

    assert b"<script>" not in safe.jpeg


def test_a_django_upload_is_read_from_the_start() -> None:
    upload = SimpleUploadedFile("me.png", image_bytes((30, 30), fmt="PNG"), content_type="image/png")
    upload.read(10)

    assert load_upload(upload).width == 30


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt: str) -> None:
    assert load_upload(image_bytes((30, 20), fmt=fmt)).width == 30


def test_transparent_areas_become_white() -> None:
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))

    safe = load_upload(imagegen.encode(image, "PNG"))

    assert safe.image.getpixel((5, 5)) == (255, 255, 255)


def test_heic_is_accepted_only_when_pillow_can_read_it() -> None:
    Image.init()
    assert ("HEIF" in accepted_formats()) == ("HEIF" in Image.OPEN)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"this is not an image at all", "not an image we can read", id="text"),
        pytest.param(b"%PDF-1.4\n1 0 obj <<>> endobj\n", "not an image we can read", id="pdf-named-jpg"),
        pytest.param(image_bytes((200, 200))[:300], "damaged or incomplete", id="truncated"),
        pytest.param(image_bytes(fmt="TIFF"), "TIFF images are not accepted", id="tiff"),
        pytest.param(image_bytes(fmt="BMP"), "BMP images are not accepted", id="bmp"),
        pytest.param(image_bytes(fmt="GIF"), "GIF images are not accepted", id="gif"),
        pytest.param(imagegen.animated_bytes("WEBP"), "not an animation", id="animated-webp"),
        pytest.param(imagegen.animated_bytes("PNG"), "not an animation", id="animated-png"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(content: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        load_upload(content)


def test_too_many_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(InvalidInput, match="larger than 1 MB"):
        load_upload(b"\xff\xd8" + b"0" * (1024 * 1024), max_bytes=1024 * 1024)


def test_the_declared_size_of_an_upload_is_checked_first() -> None:
    upload = SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")
    upload.size = 50 * 1024 * 1024

    with pytest.raises(InvalidInput, match="larger than 10 MB"):
        load_upload(upload)


def test_the_byte_limit_defaults_to_the_identity_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "MAX_UPLOAD_BYTES": 100}

    with pytest.raises(InvalidInput, match="larger than"):
        load_upload(image_bytes((200, 200)))


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    # 48 megapixels of one colour: a few kilobytes of PNG, 144 MB once decoded.
    bomb = image_bytes((8000, 6000), fmt="PNG", mode="1")
    assert len(bomb) < 100_000

    with pytest.raises(InvalidInput, match="too many pixels"):
        load_upload(bomb)


def test_pillows_own_bomb_limit_is_an_error_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    with pytest.raises(InvalidInput, match="too many pixels"):
        load_upload(image_bytes((40, 40)), max_pixels=10_000)  # a warning from Pillow, turned into a refusal


def test_the_pixel_limit_is_configurable() -> None:
    with pytest.raises(InvalidInput, match=r"0\.001 megapixels"):
        load_upload(image_bytes((40, 40)), max_pixels=1000)


def test_formats_can_be_narrowed() -> None:
    with pytest.raises(InvalidInput, match="PNG images are not accepted: upload a JPEG photo"):
        load_upload(image_bytes(fmt="PNG"), formats={"JPEG"})


# --- perceptual hashes ---------------------------------------------------------------------------


def test_the_same_picture_re_encoded_and_resized_hashes_alike_and_another_does_not() -> None:
    portrait = imagegen.portrait()
    again = load_upload(imagegen.encode(portrait.resize((500, 500)), "JPEG", quality=60))
    other = imagegen.landscape()

    first = perceptual_hash(portrait)

    assert len(first) == 16
    assert all(c in "0123456789abcdef" for c in first)
    assert hamming(first, perceptual_hash(again)) <= 4
    assert hamming(first, perceptual_hash(other)) > 12


def test_hamming_counts_differing_bits() -> None:
    assert hamming("0000000000000000", "0000000000000000") == 0
    assert hamming("ffffffffffffffff", "0000000000000000") == 64
    assert hamming("000000000000000f", "0000000000000001") == 3
    with pytest.raises(ValueError, match="different lengths"):
        hamming("ff", "ffff")
