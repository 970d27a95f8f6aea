"""Profile photo intake: real people, real photos.

Decoding is `workfair.identity.verification.images.load_upload`, shared with identity documents: byte and pixel
limits before decoding, bombs, truncated files and animations refused, EXIF orientation applied,
metadata and anything smuggled after the image data dropped. The raw upload is never stored.

On top of that a profile photo must show exactly one person's face, large enough to recognise
(`check_face`), and its perceptual hash lets the identity graph and `actions.do_set_profile_photo`
spot a photo another account already uses.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile

from workfair.core.errors import InvalidInput
from workfair.identity.interface import SafeImage, load_upload, perceptual_hash, single_face

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# A profile photo never needs more than 40 megapixels.
MAX_PHOTO_PIXELS = 40_000_000
# Stored photos are scaled down to fit this box.
STORED_MAX_SIDE = 1024
# The face must be at least this share of the photo's shorter side: a head-and-shoulders picture,
# not a crowd or a landscape with someone far away.
FACE_MIN_SHARE = 0.10


@dataclass(frozen=True)
class PreparedPhoto:
    file: ContentFile[bytes]
    image: SafeImage
    phash: str


def prepare_photo(upload: IO[bytes], *, size: int | None) -> PreparedPhoto:
    """Validate an uploaded photo and return a re-encoded JPEG copy with a random file name, the
    decoded image and its perceptual hash. Raises InvalidInput for anything that is not a JPEG, PNG
    or WebP image of at most 5 MB and 40 megapixels showing one person's face."""
    if size is not None and size > MAX_PHOTO_BYTES:
        raise InvalidInput("The photo is larger than 5 MB.")
    image = load_upload(upload, max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PHOTO_PIXELS)
    check_face(image)
    return PreparedPhoto(file=_encode(image), image=image, phash=perceptual_hash(image))


def check_face(image: SafeImage) -> None:
    """Exactly one person's face, clearly visible; InvalidInput saying what to change otherwise."""
    face, why = single_face(image.image, min_share=FACE_MIN_SHARE)
    if face is None:
        raise InvalidInput(why, code="photo_face")


def _encode(image: SafeImage) -> ContentFile[bytes]:
    picture = image.image.copy()
    picture.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
