"""Test pictures made in code: encoded uploads, document-like cards, blur, and faces.

No network: faces come from the pictures bundled inside scikit-image. Person 0 is NASA's
public-domain portrait of astronaut Eileen Collins (`skimage.data.astronaut()`); persons 1 and
up are 91 distinct people from the small Labeled Faces in the Wild sample
(`skimage.data.lfw_subset()`, 25x25 pixels each, scaled up), for tests that need several accounts
with different faces."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFilter


def encode(image: Image.Image, fmt: str = "JPEG", **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def image_bytes(
    size: tuple[int, int] = (40, 20),
    fmt: str = "JPEG",
    mode: str = "RGB",
    *,
    exif: bool = False,
    gps: bool = False,
) -> bytes:
    """A plain image in `fmt`; `exif` adds an orientation (rotate 90°) and a camera maker tag,
    `gps` a GPS position: metadata that must never survive the re-encoding."""
    color: int | str = 1 if mode == "1" else "red" if mode == "RGB" else 0
    image = Image.new(mode, size, color=color)
    kwargs: dict[str, object] = {}
    if exif or gps:
        data = Image.Exif()
        if exif:
            data[0x0112] = 6  # orientation: rotate 90° clockwise to display
            data[0x010F] = "SecretCam"  # maker
        if gps:
            data[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
        kwargs["exif"] = data.tobytes()
    return encode(image, fmt, **kwargs)


def animated_bytes(fmt: str = "GIF", frames: int = 3, size: tuple[int, int] = (32, 32)) -> bytes:
    pictures = [Image.new("RGB", size, color=(40 * i, 80, 120)) for i in range(frames)]
    return encode(pictures[0], fmt, save_all=True, append_images=pictures[1:], duration=100, loop=0)


# --- faces -----------------------------------------------------------------------------------------


@cache
def _astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


@cache
def _lfw_faces() -> Any:
    from skimage import data

    return data.lfw_subset()[:100]  # the first 100 are faces, the rest are not


# LFW sample faces the detector finds exactly once in every layout made here (`portrait`, `photo_bytes`).
UNRELIABLE_FACES = frozenset({4, 10, 14, 30, 61, 78, 82, 89})
RELIABLE_FACES = tuple(i for i in range(1, 100) if i not in UNRELIABLE_FACES)


def _face_index(person: int) -> int:
    return 0 if person == 0 else RELIABLE_FACES[(person - 1) % len(RELIABLE_FACES)]


def face(size: int = 240, person: int = 0) -> Image.Image:
    """A square picture of a real face, `size` pixels wide: person 0 (head and shoulders) or one
    of persons 1 and up (another person for each number up to 91, the face filling the square)."""
    if person == 0:
        crop = _astronaut().crop((140, 20, 300, 180))  # Eileen Collins' head
        return crop.resize((size, size), Image.Resampling.LANCZOS)
    pixels = (_lfw_faces()[_face_index(person)] * 255).astype("uint8")
    return Image.fromarray(pixels).resize((size, size), Image.Resampling.BICUBIC).convert("RGB")


WALLS = [(205, 200, 190), (60, 90, 140), (240, 240, 240), (120, 60, 60), (90, 130, 90), (30, 30, 30)]


def portrait(size: tuple[int, int] = (800, 800), face_size: int = 420, person: int = 0) -> Image.Image:
    """A selfie-like picture: one large face on a plain wall, above a striped jumper whose stripes
    spell the person's number, so that different people's photos never hash alike."""
    index = _face_index(person)
    canvas = Image.new("RGB", size, WALLS[index % len(WALLS)])
    width, height = size
    top = (height - face_size) // 3
    head = face(face_size, person)
    canvas.paste(head, ((width - face_size) // 2, top))
    draw = ImageDraw.Draw(canvas)
    stripe = width // 7
    jumper_top = min(height - 1, top + face_size + height // 20)
    for bit in range(7):
        shade = (235, 225, 200) if index >> bit & 1 else (25, 35, 70)
        draw.rectangle((bit * stripe, jumper_top, (bit + 1) * stripe, height), fill=shade)
    return canvas


def photo_bytes(person: int = 0, fmt: str = "JPEG", size: tuple[int, int] = (800, 800), **kwargs: object) -> bytes:
    """An encoded portrait of `person`, as a profile photo upload."""
    return encode(portrait(size, face_size=min(size) * 52 // 100, person=person), fmt, **kwargs)


def landscape(size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A picture with no face: sky, a field and a sun."""
    canvas = Image.new("RGB", size, (120, 170, 230))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, size[1] * 2 // 3, size[0], size[1]), fill=(70, 140, 60))
    draw.ellipse((size[0] - 180, 40, size[0] - 80, 140), fill=(250, 220, 90))
    return canvas


def two_people(size: tuple[int, int] = (1000, 600), face_size: int = 360) -> Image.Image:
    """Two faces side by side (the same face twice, mirrored)."""
    canvas = Image.new("RGB", size, (205, 200, 190))
    head = face(face_size)
    canvas.paste(head, (size[0] // 4 - face_size // 2, (size[1] - face_size) // 2))
    canvas.paste(head.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (3 * size[0] // 4 - face_size // 2, 100))
    return canvas


# --- documents -------------------------------------------------------------------------------------

CARD_RATIO = 85.6 / 53.98  # ISO/IEC 7810 ID-1 (ID cards, driving licences)


def document(
    size: tuple[int, int] = (1600, 1200),
    *,
    card_width: int = 1100,
    offset: tuple[int, int] | None = None,
    with_face: bool = True,
    blur: float = 0.0,
) -> Image.Image:
    """A photo of an ID card lying on a dark table: a light card with printed lines of text-like
    bars and (by default) a portrait on its left. `offset` moves the card's top-left corner (it may
    leave the frame, cutting corners off); `blur` applies a Gaussian blur of that radius."""
    width, height = size
    card_height = round(card_width / CARD_RATIO)
    left, top = offset if offset is not None else ((width - card_width) // 2, (height - card_height) // 2)
    canvas = Image.new("RGB", size, (45, 40, 38))
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle((left, top, left + card_width, top + card_height), radius=24, fill=(236, 232, 220))
    photo_w = card_width * 30 // 100
    photo_h = round(photo_w * 1.28)
    px, py = left + card_width // 20, top + card_height // 6
    if with_face:
        canvas.paste(face(photo_w).resize((photo_w, photo_h)), (px, py))
    else:
        draw.rectangle((px, py, px + photo_w, py + photo_h), fill=(180, 180, 185))
    text_left = px + photo_w + card_width // 20
    for row in range(6):
        y = py + row * card_height // 9
        length = card_width * (45 - 4 * (row % 3)) // 100
        draw.rectangle((text_left, y, text_left + length, y + card_height // 30), fill=(30, 30, 60))
    # The machine-readable zone: two dark bands along the bottom edge.
    for band in range(2):
        y = top + card_height - card_height // 5 + band * card_height // 12
        draw.rectangle(
            (left + card_width // 20, y, left + card_width * 19 // 20, y + card_height // 28), fill=(20, 20, 20)
        )
    if blur:
        canvas = canvas.filter(ImageFilter.GaussianBlur(blur))
    return canvas


def selfie_with_document(size: tuple[int, int] = (1200, 1000)) -> Image.Image:
    """A selfie: a large face above a smaller card held in front of the chest."""
    canvas = Image.new("RGB", size, (205, 200, 190))
    head = face(460)
    canvas.paste(head, ((size[0] - 460) // 2, 40))
    card = document((700, 460), card_width=660, with_face=True)
    canvas.paste(card.crop((20, 20, 680, 440)), ((size[0] - 660) // 2, size[1] - 440))
    return canvas
