"""Automatic checks of identity documents and selfies: pure functions, no database.

They only sort out photos a reviewer could not use (too small, blurry, cut off, no face) and read
what the document says about itself (the machine-readable zone) so the person hears at once what
to fix. Passing them proves nothing: a person reviews every verification afterwards.

How each check decides (thresholds can be tuned in WORKFAIR_IDENTITY, keys in `_setting`):

- readable: the shorter side of a document photo has at least DOCUMENT_MIN_SIDE pixels (600), of a
  selfie SELFIE_MIN_SIDE (480).
- sharp: the variance of the Laplacian of the photo scaled to 1000 px on its long side is at least
  SHARPNESS_MIN (50). A card photographed sharply measures in the hundreds; a Gaussian blur of
  1.5 px already brings it below 50 (calibrated with `tests/imagegen.document`).
- corners: edges (Canny) are traced and the largest outline's convex hull is simplified
  (approxPolyDP). Four corners clear of the image border: the whole document is in the picture.
  An outline covering at least a tenth of the picture with two or more corners on the border: the
  document runs off the picture (refused). Anything else (a plain scan, a cluttered table):
  "not detectable", which is not a failure; the reviewer looks.
- faces: OpenCV 5's wheels ship neither the Haar cascade classifier nor face models, so faces are
  found with the LBP frontal-face cascade trained by OpenCV that ships inside scikit-image
  (`skimage.feature.Cascade`), on the picture scaled to 800 px. Overlapping detections are merged.
  The document's front needs at least one face. The selfie needs one large face (at least
  SELFIE_FACE_MIN_SHARE of the shorter side); another face at least 60 % as wide is a second
  person. A small face (the document's own photo held up in the selfie) is fine.
- MRZ: read by passporteye when the tesseract binary is installed; the lines (read, or given) are
  parsed and every ICAO 9303 check digit must hold. Without an MRZ, the details are left to the
  reviewer (not a failure).
- expiry and the profile match use the MRZ when there is one, else what the person declared.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import cv2
import numpy as np
from django.conf import settings
from PIL import Image

from workfair.core import clock
from workfair.identity.verification.images import SafeImage, perceptual_hash

DEFAULTS: dict[str, float] = {
    "DOCUMENT_MIN_SIDE": 600,
    "SELFIE_MIN_SIDE": 480,
    "SHARPNESS_MIN": 50.0,
    "SELFIE_FACE_MIN_SHARE": 0.12,
    "NAME_MATCH_MIN": 85.0,
}
SHARPNESS_SIDE = 1000  # sharpness is measured at this size so that it does not depend on resolution
FACE_SEARCH_SIDE = 800
SECOND_FACE_RATIO = 0.6
CORNER_MIN_AREA = 0.10
CORNER_BORDER_MARGIN = 0.01


def _setting(name: str) -> float:
    identity: Mapping[str, Any] = getattr(settings, "WORKFAIR_IDENTITY", {})
    return float(identity.get(name, DEFAULTS[name]))


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """One check: `message` tells the person what is wrong and what to do; a failed `blocking`
    check stops the submission, a non-blocking one is only a note for the reviewer. `ran` is false
    when the check could not be made (nothing to read or compare): a reviewer sees "not run", never
    "passed"."""

    name: str
    passed: bool
    message: str
    blocking: bool = True
    ran: bool = True


@dataclass(frozen=True)
class CheckReport:
    passed: bool
    results: list[CheckResult]
    extracted: dict[str, Any] = field(default_factory=dict)
    document_hash: str = ""
    face_hash: str | None = None

    @property
    def failures(self) -> list[CheckResult]:
        """The blocking checks that failed: what the person must fix."""
        return [r for r in self.results if r.blocking and not r.passed]


# --- image measurements --------------------------------------------------------------------------


def _gray(image: Image.Image, side: int | None = None) -> np.ndarray[Any, Any]:
    array = np.asarray(image.convert("L"))
    if side is None:
        return array
    height, width = array.shape
    scale = side / max(height, width)
    if scale >= 1:
        return array
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(array, size, interpolation=cv2.INTER_AREA)


def sharpness(image: Image.Image) -> float:
    """Variance of the Laplacian at 1000 px on the long side: low means blurred (few sharp edges)."""
    return float(cv2.Laplacian(_gray(image, SHARPNESS_SIDE), cv2.CV_64F).var())


def check_readable(image: SafeImage, *, name: str, min_side: int, what: str) -> CheckResult:
    if min(image.width, image.height) < min_side:
        return CheckResult(
            name,
            False,
            f"The {what} is too small ({image.width}x{image.height} pixels): take it with your phone's "
            f"camera, at least {min_side} pixels on the shorter side.",
        )
    return CheckResult(name, True, f"The {what} is large enough.")


def check_sharp(image: SafeImage, *, name: str, what: str) -> CheckResult:
    if sharpness(image.image) < _setting("SHARPNESS_MIN"):
        return CheckResult(name, False, f"The {what} is blurry: hold the camera still, in good light, and retake it.")
    return CheckResult(name, True, f"The {what} is sharp.")


CORNERS_IN_FRAME = "in_frame"
CORNERS_CUT = "cut"
CORNERS_UNKNOWN = "not_detectable"


def document_outline(image: Image.Image) -> tuple[str, list[tuple[int, int]]]:
    """Where the document's corners are (see the module docstring): (verdict, corners), corners in
    the pixels of a copy scaled to 1000 px."""
    gray = _gray(image, SHARPNESS_SIDE)
    height, width = gray.shape
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 50, 150)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return CORNERS_UNKNOWN, []
    hulls = [cv2.convexHull(contour) for contour in contours]
    hull = max(hulls, key=cv2.contourArea)
    if cv2.contourArea(hull) < CORNER_MIN_AREA * width * height:
        return CORNERS_UNKNOWN, []
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    corners = [(int(x), int(y)) for x, y in approx]
    margin = CORNER_BORDER_MARGIN * min(width, height)
    on_border = [x <= margin or y <= margin or x >= width - 1 - margin or y >= height - 1 - margin for x, y in corners]
    if sum(on_border) >= 2 and len(corners) <= 6:
        return CORNERS_CUT, corners
    if len(corners) == 4 and not any(on_border):
        return CORNERS_IN_FRAME, corners
    return CORNERS_UNKNOWN, corners


def check_corners(image: SafeImage, *, name: str, what: str) -> CheckResult:
    verdict, _ = document_outline(image.image)
    if verdict == CORNERS_CUT:
        return CheckResult(
            name,
            False,
            f"Part of the {what} is cut off: lay it on a dark, plain surface and keep all four corners in the picture.",
        )
    if verdict == CORNERS_IN_FRAME:
        return CheckResult(name, True, f"All four corners of the {what} are in the picture.")
    return CheckResult(
        name, True, f"We could not find the edges of the {what}; a reviewer will check it is complete.", blocking=False
    )


# --- faces ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """A face's box in the original image's pixels."""

    left: int
    top: int
    width: int
    height: int

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.left + self.width, self.top + self.height)


@cache
def _face_cascade() -> Any:
    from skimage import data
    from skimage.feature import Cascade

    return Cascade(data.lbp_frontal_face_cascade_filename())


def _merge(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge detections of the same face: boxes whose centres fall inside each other's box."""
    groups: list[list[tuple[float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: -b[2]):
        x, y, w, h = box
        cx, cy = x + w / 2, y + h / 2
        for group in groups:
            gx, gy, gw, gh = group[0]
            gcx, gcy = gx + gw / 2, gy + gh / 2
            if (gx <= cx <= gx + gw and gy <= cy <= gy + gh) or (x <= gcx <= x + w and y <= gcy <= y + h):
                group.append(box)
                break
        else:
            groups.append([box])
    merged = []
    for group in groups:
        n = len(group)
        merged.append(
            (
                sum(b[0] for b in group) / n,
                sum(b[1] for b in group) / n,
                sum(b[2] for b in group) / n,
                sum(b[3] for b in group) / n,
            )
        )
    return merged


def find_faces(image: Image.Image, *, min_share: float = 0.04) -> list[Face]:
    """Frontal faces at least `min_share` of the shorter side wide, largest first."""
    gray = _gray(image, FACE_SEARCH_SIDE)
    height, width = gray.shape
    scale = image.width / width
    smallest = max(24, round(min_share * min(width, height)))
    if min(width, height) < smallest:
        return []
    found = _face_cascade().detect_multi_scale(
        img=gray,
        scale_factor=1.15,
        step_ratio=1,
        min_size=(smallest, smallest),
        max_size=(min(width, height), min(width, height)),
    )
    boxes = [(float(d["c"]), float(d["r"]), float(d["width"]), float(d["height"])) for d in found]
    faces = [
        Face(round(x * scale), round(y * scale), round(w * scale), round(h * scale)) for x, y, w, h in _merge(boxes)
    ]
    return sorted(faces, key=lambda f: -f.width)


NO_FACE = "We couldn't find a face: use a clear, well-lit photo of your face, looking at the camera."
SEVERAL_FACES = "Only one person, please: we found more than one face in the photo."


def single_face(image: Image.Image, *, min_share: float) -> tuple[Face | None, str]:
    """The one person's face in a selfie or profile photo, or None and why not. Faces much smaller
    than the main one (a photo on an ID card held up) do not count as another person."""
    faces = find_faces(image)
    if not faces:
        return None, NO_FACE
    main = faces[0]
    if main.width < min_share * min(image.width, image.height):
        return None, "Your face is too small in the photo: come closer to the camera."
    if any(other.width >= SECOND_FACE_RATIO * main.width for other in faces[1:]):
        return None, SEVERAL_FACES
    return main, ""


def face_crop(image: Image.Image, face: Face, margin: float = 0.2) -> Image.Image:
    grow_x, grow_y = round(face.width * margin), round(face.height * margin)
    left, top, right, bottom = face.box
    return image.crop(
        (
            max(0, left - grow_x),
            max(0, top - grow_y),
            min(image.width, right + grow_x),
            min(image.height, bottom + grow_y),
        )
    )


# --- the machine-readable zone ---------------------------------------------------------------------


@dataclass(frozen=True)
class MrzResult:
    """A parsed machine-readable zone. `readable`: the lines have an MRZ's shape; `valid`: and every
    check digit holds. Fields are as printed (names with spaces), dates resolved to a century."""

    readable: bool
    valid: bool
    mrz_type: str = ""
    document_code: str = ""
    country: str = ""
    number: str = ""
    surname: str = ""
    given_names: str = ""
    nationality: str = ""
    sex: str = ""
    date_of_birth: dt.date | None = None
    expiry: dt.date | None = None
    invalid_fields: tuple[str, ...] = ()
    valid_score: int = 0

    def as_extracted(self) -> dict[str, Any]:
        return {
            "document_number": self.number,
            "country": self.country,
            "nationality": self.nationality,
            "surname": self.surname,
            "given_names": self.given_names,
            "date_of_birth": self.date_of_birth,
            "expiry": self.expiry,
            "sex": self.sex,
        }


CHECK_FIELDS = {
    "valid_number": "document number",
    "valid_date_of_birth": "date of birth",
    "valid_expiration_date": "expiry date",
    "valid_personal_number": "personal number",
    "valid_composite": "overall check digit",
}


def _mrz_date(raw: str, *, past: bool, today: dt.date) -> dt.date | None:
    """YYMMDD to a date: a birth date is never in the future; an expiry lies within 50 years of today."""
    if not re.fullmatch(r"\d{6}", raw or ""):
        return None
    yy, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:])
    century = today.year // 100 * 100
    year = century + yy
    if past and year > today.year:
        year -= 100
    if not past and year < today.year - 50:
        year += 100
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_mrz_text(lines: Sequence[str] | str, *, today: dt.date | None = None) -> MrzResult:
    """Parse MRZ lines (TD1 ID card: 3x30; TD2: 2x36; TD3 passport: 2x44) with passporteye's
    parser and verify every check digit. Spaces are dropped and letters upper-cased first."""
    from passporteye.mrz.text import MRZ

    today = today or clock.today()
    raw = lines.splitlines() if isinstance(lines, str) else list(lines)
    cleaned = [re.sub(r"\s+", "", line).upper() for line in raw if line and line.strip()]
    mrz = MRZ(cleaned)
    if mrz.mrz_type is None or not cleaned:
        return MrzResult(readable=False, valid=False)
    data = mrz.to_dict()
    invalid = tuple(label for key, label in CHECK_FIELDS.items() if key in data and not data[key])
    return MrzResult(
        readable=True,
        valid=bool(mrz.valid) and not invalid,
        mrz_type=str(mrz.mrz_type),
        document_code=str(data.get("type", "")).replace("<", ""),
        country=str(data.get("country", "")).replace("<", ""),
        number=str(data.get("number", "")).replace("<", ""),
        surname=str(data.get("surname", "")).strip(),
        given_names=str(data.get("names", "")).strip(),
        nationality=str(data.get("nationality", "")).replace("<", ""),
        sex=str(data.get("sex", "")).replace("<", ""),
        date_of_birth=_mrz_date(str(data.get("date_of_birth", "")), past=True, today=today),
        expiry=_mrz_date(str(data.get("expiration_date", "")), past=False, today=today),
        invalid_fields=invalid,
        valid_score=int(data.get("valid_score", 0)),
    )


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def read_mrz(image: SafeImage | Image.Image) -> dict[str, Any] | None:
    """OCR the machine-readable zone with passporteye; None when tesseract is not installed here or
    no zone was found. The result holds passporteye's fields and the recognised `lines`."""
    if not ocr_available():
        return None
    from passporteye import read_mrz as passporteye_read_mrz

    jpeg = image.jpeg if isinstance(image, SafeImage) else _to_jpeg(image)
    try:
        mrz = passporteye_read_mrz(io.BytesIO(jpeg))
    except Exception:  # OCR trouble means "not read"; the reviewer reads the document
        return None
    if mrz is None or mrz.mrz_type is None:
        return None
    result: dict[str, Any] = dict(mrz.to_dict())
    text = str(mrz.aux.get("raw_text") or mrz.aux.get("text") or "")
    from passporteye.mrz.text import MRZOCRCleaner

    result["lines"] = list(MRZOCRCleaner.apply(text)) if text else []
    return result


def _to_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


# --- comparing with the profile --------------------------------------------------------------------


def normalize_name(name: str) -> str:
    """Case- and accent-insensitive form of a name: "Zoë O'Brien-Łukasz" -> "zoe o brien lukasz"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ß", "ss").replace("ł", "l").replace("Ł", "L"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z]+", " ", stripped.casefold()).split())


def names_match(profile_name: str, document_name: str) -> bool:
    """Whether two full names are the same person's: every word in one appears in the other, give
    or take a typing or transliteration difference (Müller / MUELLER) and middle names."""
    from rapidfuzz import fuzz

    a, b = normalize_name(profile_name), normalize_name(document_name)
    if not a or not b:
        return False
    return fuzz.token_set_ratio(a, b) >= _setting("NAME_MATCH_MIN")


# --- all checks of a submission --------------------------------------------------------------------


def _document_side_checks(image: SafeImage, *, side: str, what: str) -> list[CheckResult]:
    return [
        check_readable(image, name=f"{side}_readable", min_side=int(_setting("DOCUMENT_MIN_SIDE")), what=what),
        check_sharp(image, name=f"{side}_sharp", what=what),
        check_corners(image, name=f"{side}_corners", what=what),
    ]


def _mrz_lines(
    front: SafeImage, back: SafeImage | None, document_type: str, mrz_text: Sequence[str] | None
) -> Sequence[str] | None:
    if mrz_text:
        return mrz_text
    # Passports carry the zone on the photo page, ID cards on the back; try the likely side first.
    sides = [back, front] if document_type != "passport" else [front]
    for image in sides:
        if image is None:
            continue
        read = read_mrz(image)
        if read and read.get("lines"):
            lines: list[str] = read["lines"]
            return lines
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def run_document_checks(
    front: SafeImage,
    back: SafeImage | None,
    selfie: SafeImage,
    *,
    document_type: str,
    profile: Mapping[str, Any],
    mrz_text: Sequence[str] | None = None,
    declared: Mapping[str, Any] | None = None,
) -> CheckReport:
    """Every automatic check of one submission (see the module docstring for the rules).

    `profile` holds first_name, last_name and date_of_birth (or None) as the account states them;
    `mrz_text` the MRZ lines when already known (else they are OCR'd if tesseract is installed);
    `declared` what the person typed (document_number, country, expiry, date_of_birth), used when
    there is no MRZ. `passed` is whether every blocking check passed."""
    today = clock.today()
    results: list[CheckResult] = []
    results += _document_side_checks(front, side="front", what="photo of the document")
    if back is not None:
        results += _document_side_checks(back, side="back", what="photo of the back of the document")

    document_faces = find_faces(front.image)
    results.append(
        CheckResult("document_face", True, "We found the photo on the document.")
        if document_faces
        else CheckResult(
            "document_face",
            False,
            "We couldn't find the face on the document: photograph the side with your photo, without glare.",
        )
    )

    results.append(
        check_readable(selfie, name="selfie_readable", min_side=int(_setting("SELFIE_MIN_SIDE")), what="selfie")
    )
    face, why = single_face(selfie.image, min_share=_setting("SELFIE_FACE_MIN_SHARE"))
    face_hash = perceptual_hash(face_crop(selfie.image, face)) if face is not None else None
    results.append(
        CheckResult("selfie_face", True, "We found your face in the selfie.")
        if face is not None
        else CheckResult("selfie_face", False, why.replace("the photo", "the selfie"))
    )

    extracted: dict[str, Any] = {}
    declared = declared or {}
    lines = _mrz_lines(front, back, document_type, mrz_text)
    mrz = parse_mrz_text(lines, today=today) if lines else None
    if mrz is None:
        results.append(
            CheckResult(
                "mrz",
                True,
                "The machine-readable lines were not read automatically; a reviewer reads them.",
                False,
                ran=False,
            )
        )
    elif not mrz.readable:
        results.append(
            CheckResult(
                "mrz",
                False,
                "We couldn't read the machine-readable lines (the rows of letters and <<< at the bottom): "
                "retake the photo straight on, without glare, with those lines sharp.",
            )
        )
    elif not mrz.valid:
        wrong = ", ".join(mrz.invalid_fields) or "the lines' format"
        results.append(
            CheckResult(
                "mrz",
                False,
                f"The machine-readable lines do not add up ({wrong}): retake the photo so every character is "
                "sharp, or check you typed them exactly as printed.",
            )
        )
    else:
        results.append(CheckResult("mrz", True, "The machine-readable lines are valid."))
    if mrz is not None and mrz.readable:
        extracted.update({k: v for k, v in mrz.as_extracted().items() if v})

    for key in ("document_number", "country", "expiry", "date_of_birth"):
        if key not in extracted and declared.get(key):
            extracted[key] = _as_date(declared[key]) if key in {"expiry", "date_of_birth"} else declared[key]

    expiry = _as_date(extracted.get("expiry"))
    if expiry is None:
        results.append(
            CheckResult("expiry", True, "The expiry date was not read; a reviewer checks it.", False, ran=False)
        )
    elif expiry <= today:
        results.append(
            CheckResult(
                "expiry", False, f"The document expired on {expiry:%d %B %Y}: use a document that is still valid."
            )
        )
    else:
        results.append(CheckResult("expiry", True, "The document is still valid."))

    document_name = " ".join(filter(None, [extracted.get("given_names", ""), extracted.get("surname", "")]))
    profile_name = " ".join(filter(None, [profile.get("first_name") or "", profile.get("last_name") or ""]))
    if not document_name or not profile_name.strip():
        results.append(
            CheckResult(
                "name", True, "The name was not compared automatically; a reviewer compares it.", False, ran=False
            )
        )
    elif names_match(profile_name, document_name):
        results.append(CheckResult("name", True, "The name matches your profile."))
    else:
        results.append(
            CheckResult(
                "name",
                False,
                "The name on the document does not match the name on your account: correct your name in your "
                "account settings, or use a document of your own.",
            )
        )

    document_birth = _as_date(extracted.get("date_of_birth"))
    profile_birth = _as_date(profile.get("date_of_birth"))
    if document_birth is None or profile_birth is None:
        results.append(
            CheckResult(
                "date_of_birth", True, "The date of birth was not compared automatically.", blocking=False, ran=False
            )
        )
    elif document_birth == profile_birth:
        results.append(CheckResult("date_of_birth", True, "The date of birth matches your profile."))
    else:
        results.append(
            CheckResult(
                "date_of_birth",
                False,
                "The date of birth on the document does not match your account: correct it in your account "
                "settings, or use a document of your own.",
            )
        )

    passed = all(r.passed for r in results if r.blocking)
    return CheckReport(
        passed=passed,
        results=results,
        extracted=extracted,
        document_hash=perceptual_hash(front.image),
        face_hash=face_hash,
    )
