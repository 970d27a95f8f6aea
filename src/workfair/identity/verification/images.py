"""Image intake shared by identity documents, selfies and profile photos.

An uploaded file is never trusted or stored as sent. `load_upload` reads at most the byte limit,
lets Pillow parse only the accepted formats, refuses decompression bombs from the header (before
any pixel is decoded), truncated files and animations, applies the EXIF orientation to the pixels
and re-encodes a clean JPEG: no metadata (EXIF location, camera serials, comments) and nothing
smuggled after the image data survives.

Animated images (GIF, WebP, APNG) are refused rather than cut to their first frame: a document
photo or a selfie is a still picture, and an animation could show a reviewer one thing and the
checks another. Multi-picture JPEGs (MPO, written by some phone cameras) are not animations: their
first picture is the photo.

Perceptual hashes (`perceptual_hash`, `hamming`) let the identity graph link accounts that upload
the same picture, even re-encoded or slightly resized.
"""

from __future__ import annotations

import contextlib
import io
import struct
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from workfair.core.errors import InvalidInput

JPEG_QUALITY = 90

# Pillow format names. Pillow's JPEG reader also opens multi-picture JPEGs (format "MPO").
BASE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# HEIC (iPhone photos) only when a HEIF plugin (pillow-heif) is registered with Pillow here.
HEIF_FORMATS = frozenset({"HEIF"})


def accepted_formats() -> frozenset[str]:
    """The formats `load_upload` accepts by default on this installation."""
    Image.init()
    return BASE_FORMATS | (HEIF_FORMATS & set(Image.OPEN))


def accepted_formats_label(formats: Collection[str] | None = None) -> str:
    """The accepted formats for a person to read: "JPEG, PNG or WebP"."""
    names = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "HEIF": "HEIC", "GIF": "GIF"}
    shown = [names[f] for f in ("JPEG", "PNG", "WEBP", "HEIF", "GIF") if f in (formats or accepted_formats())]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else "".join(shown)


@dataclass(frozen=True, eq=False)
class SafeImage:
    """A decoded, upright RGB image and its clean JPEG re-encoding (the only bytes to store)."""

    image: Image.Image = field(repr=False)
    jpeg: bytes = field(repr=False)
    width: int
    height: int


def _settings_limit(name: str) -> int:
    value = settings.WORKFAIR_IDENTITY[name]
    assert isinstance(value, int), f"WORKFAIR_IDENTITY[{name!r}] must be a number of bytes or pixels"
    return value


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _read_limited(upload: bytes | IO[bytes], max_bytes: int) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    declared = getattr(upload, "size", None)  # Django's UploadedFile knows its size before reading
    if isinstance(declared, int) and declared > max_bytes:
        return b"\0" * (max_bytes + 1)
    if hasattr(upload, "seek"):
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    return upload.read(max_bytes + 1)


def load_upload(
    upload: bytes | IO[bytes],
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    formats: Collection[str] | None = None,
) -> SafeImage:
    """Decode an uploaded image safely and re-encode it (see the module docstring).

    `max_bytes` and `max_pixels` default to WORKFAIR_IDENTITY's MAX_UPLOAD_BYTES and MAX_PIXELS;
    `formats` (Pillow format names) to `accepted_formats()`. Raises InvalidInput with a message a
    person can act on for an empty, oversized, unreadable, truncated, animated or unsupported file."""
    max_bytes = _settings_limit("MAX_UPLOAD_BYTES") if max_bytes is None else max_bytes
    max_pixels = _settings_limit("MAX_PIXELS") if max_pixels is None else max_pixels
    allowed = frozenset(formats) if formats is not None else accepted_formats()
    data = _read_limited(upload, max_bytes)
    if not data:
        raise InvalidInput("The file is empty: choose the photo again.")
    if len(data) > max_bytes:
        raise InvalidInput(f"The image is larger than {_megabytes(max_bytes)}: upload a smaller photo.")
    too_many_pixels = f"The image has too many pixels ({max_pixels / 1_000_000:g} megapixels at most)."
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; any such warning refuses the file.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=sorted(allowed)) as opened:
                width, height = opened.size
                if width <= 0 or height <= 0:
                    raise InvalidInput("That file is not an image we can read.")
                if width * height > max_pixels:
                    raise InvalidInput(too_many_pixels)
                if getattr(opened, "is_animated", False) and opened.format != "MPO":
                    raise InvalidInput("Upload a still photo, not an animation.")
                opened.load()
                upright = ImageOps.exif_transpose(opened)
                rgb = _flatten_to_rgb(upright)
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput(too_many_pixels) from exc
    except UnidentifiedImageError as exc:
        raise InvalidInput(_unidentified_message(data, allowed)) from exc
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        # Pillow reports truncated or malformed files with any of these.
        raise InvalidInput("That image file is damaged or incomplete: upload it again.") from exc
    rgb.info.clear()  # nothing of the original's metadata (ICC, EXIF, XMP, comments) is written out
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return SafeImage(image=rgb, jpeg=out.getvalue(), width=rgb.width, height=rgb.height)


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent areas become white instead of whatever colour they hid."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _unidentified_message(data: bytes, allowed: frozenset[str]) -> str:
    """Name the format when the file is an image of a kind we do not take, so the person knows
    to convert it; anything else is "not an image". Only the header is parsed, never the pixels."""
    label = accepted_formats_label(allowed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as other:
                kind = other.format or "this kind of"
    except Exception:  # any failure means it is simply not an image we know
        return f"That file is not an image we can read: upload a {label} photo."
    return f"{kind} images are not accepted: upload a {label} photo."


# --- perceptual hashes -------------------------------------------------------------------------

HASH_HEX_LENGTH = 16  # 64-bit pHash


def perceptual_hash(image: Image.Image | SafeImage) -> str:
    """The 64-bit DCT perceptual hash (imagehash.phash) as 16 hex characters; near-identical
    pictures (re-encoded, resized, slightly recoloured) get hashes a few bits apart."""
    import imagehash  # numpy and friends load on first use, not at start-up

    pil = image.image if isinstance(image, SafeImage) else image
    return str(imagehash.phash(pil))


def hamming(a: str, b: str) -> int:
    """Number of differing bits between two perceptual hashes in hex (same length)."""
    if len(a) != len(b):
        raise ValueError("Perceptual hashes of different lengths cannot be compared.")
    return (int(a, 16) ^ int(b, 16)).bit_count()


def as_safe_image(image: Image.Image) -> SafeImage:
    """Wrap an image decoded elsewhere (generated pictures, tests) as a SafeImage."""
    rgb = _flatten_to_rgb(image)
    rgb.info.clear()
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY)
    return SafeImage(image=rgb, jpeg=out.getvalue(), width=rgb.width, height=rgb.height)
