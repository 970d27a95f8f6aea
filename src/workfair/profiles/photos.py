"""Profile photo intake: accept only real, reasonably sized images and store a clean re-encoding.

The raw upload is never stored: decoding and re-encoding drops metadata (EXIF location, comments)
and anything smuggled after the image data, and EXIF orientation is applied to the pixels first.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from workfair.core.errors import InvalidInput

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Far below Pillow's own bomb limit: a profile photo never needs more than 40 megapixels.
MAX_PHOTO_PIXELS = 40_000_000
# Stored photos are scaled down to fit this box.
STORED_MAX_SIDE = 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def prepare_photo(upload: IO[bytes], *, size: int | None) -> ContentFile[bytes]:
    """Validate an uploaded photo and return a re-encoded copy (JPEG, or PNG when it has
    transparency), named with a random file name. Raises InvalidInput for anything that is not
    a JPEG/PNG/GIF/WebP image of at most 5 MB and 40 megapixels."""
    if size is not None and size > MAX_PHOTO_BYTES:
        raise InvalidInput("The photo is larger than 5 MB.")
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("The photo is larger than 5 MB.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its limit; a warning here means a refused photo.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise InvalidInput("Upload a JPEG, PNG, GIF or WebP image.")
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise InvalidInput("The photo has too many pixels (40 megapixels at most).")
                image.load()
                oriented = ImageOps.exif_transpose(image)
                return _encode(oriented)
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput("The photo has too many pixels (40 megapixels at most).") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        # Pillow reports truncated or malformed files with any of these.
        raise InvalidInput("That file is not an image we can read.") from exc


def _encode(image: Image.Image) -> ContentFile[bytes]:
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
    out = io.BytesIO()
    if has_alpha:
        image.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        image.save(out, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
