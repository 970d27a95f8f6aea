"""Automatic document checks on pictures made in code, and MRZ parsing with the ICAO 9303 specimens."""

from __future__ import annotations

import datetime as dt

import pytest

from workfair.core import clock
from workfair.identity.tests import imagegen
from workfair.identity.verification import checks
from workfair.identity.verification.checks import (
    CORNERS_CUT,
    CORNERS_IN_FRAME,
    CORNERS_UNKNOWN,
    find_faces,
    names_match,
    normalize_name,
    parse_mrz_text,
    read_mrz,
    run_document_checks,
    sharpness,
    single_face,
)
from workfair.identity.verification.images import SafeImage, as_safe_image, perceptual_hash

# ICAO Doc 9303 specimens: Anna Maria Eriksson of Utopia, born 12 August 1974, documents expiring 15 April 2012.
TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
BEFORE_EXPIRY = dt.datetime(2011, 6, 1, 12, tzinfo=dt.UTC)
ANNA = {"first_name": "Anna", "last_name": "Eriksson", "date_of_birth": dt.date(1974, 8, 12)}


def corrupt(line: str, position: int, digit: str) -> str:
    return line[:position] + digit + line[position + 1 :]


@pytest.fixture(scope="module")
def front() -> SafeImage:
    return as_safe_image(imagegen.document())


@pytest.fixture(scope="module")
def back() -> SafeImage:
    return as_safe_image(imagegen.document(with_face=False))


@pytest.fixture(scope="module")
def selfie() -> SafeImage:
    return as_safe_image(imagegen.selfie_with_document())


def by_name(report: checks.CheckReport) -> dict[str, checks.CheckResult]:
    return {r.name: r for r in report.results}


# --- size, sharpness, corners --------------------------------------------------------------------


def test_a_sharp_card_measures_far_above_the_threshold_and_a_blurred_one_below() -> None:
    threshold = checks.DEFAULTS["SHARPNESS_MIN"]

    assert sharpness(imagegen.document()) > 4 * threshold
    assert sharpness(imagegen.document(blur=1)) > threshold
    assert sharpness(imagegen.document(blur=2)) < threshold
    assert sharpness(imagegen.document(blur=5)) < threshold / 4


def test_sharpness_does_not_depend_on_resolution() -> None:
    small, large = imagegen.document(), imagegen.document((3200, 2400), card_width=2200)

    assert abs(sharpness(small) - sharpness(large)) < 0.3 * sharpness(small)


def test_a_blurred_document_is_refused_with_advice() -> None:
    result = checks.check_sharp(as_safe_image(imagegen.document(blur=3)), name="front_sharp", what="photo")

    assert not result.passed
    assert result.blocking
    assert "blurry" in result.message
    assert "retake" in result.message


def test_a_small_photo_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    small = as_safe_image(imagegen.document((640, 480), card_width=500))

    assert not checks.check_readable(small, name="front_readable", min_side=600, what="photo").passed
    assert checks.check_readable(small, name="front_readable", min_side=480, what="photo").passed


@pytest.mark.parametrize(
    ("picture", "verdict"),
    [
        pytest.param(imagegen.document(), CORNERS_IN_FRAME, id="whole-card"),
        pytest.param(imagegen.document().rotate(12, fillcolor=(45, 40, 38)), CORNERS_IN_FRAME, id="tilted-card"),
        pytest.param(imagegen.document(blur=3), CORNERS_IN_FRAME, id="blurred-card"),
        pytest.param(imagegen.document(offset=(-100, -80)), CORNERS_CUT, id="top-left-cut"),
        pytest.param(imagegen.document(offset=(600, 600)), CORNERS_CUT, id="bottom-right-cut"),
        pytest.param(imagegen.document(offset=(250, 700)), CORNERS_CUT, id="bottom-edge-cut"),
        pytest.param(imagegen.landscape(), CORNERS_UNKNOWN, id="no-card"),
        pytest.param(imagegen.document((1100, 693), card_width=1100, offset=(0, 0)), CORNERS_UNKNOWN, id="scan"),
    ],
)
def test_the_document_outline_rule(picture, verdict) -> None:  # type: ignore[no-untyped-def]
    assert checks.document_outline(picture)[0] == verdict


def test_a_cut_off_document_is_refused_and_an_undetectable_one_is_only_a_note() -> None:
    cut = checks.check_corners(as_safe_image(imagegen.document(offset=(-100, -80))), name="c", what="document")
    unknown = checks.check_corners(as_safe_image(imagegen.landscape()), name="c", what="document")

    assert not cut.passed
    assert cut.blocking
    assert "four corners" in cut.message
    assert unknown.passed
    assert not unknown.blocking


# --- faces ---------------------------------------------------------------------------------------


def test_faces_are_found_where_they_are() -> None:
    assert len(find_faces(imagegen.portrait())) == 1
    assert find_faces(imagegen.landscape()) == []
    assert len(find_faces(imagegen.two_people())) == 2
    (on_card,) = find_faces(imagegen.document())
    left, top, right, bottom = on_card.box
    assert left > 250
    assert right < 250 + 1100 // 2
    assert top > 253
    assert bottom < 253 + 693


def test_one_person_in_a_selfie() -> None:
    assert single_face(imagegen.portrait(), min_share=0.12)[0] is not None
    assert single_face(imagegen.landscape(), min_share=0.12) == (None, checks.NO_FACE)
    assert single_face(imagegen.two_people(), min_share=0.12) == (None, checks.SEVERAL_FACES)
    small = imagegen.portrait((1600, 1600), face_size=120)
    face, why = single_face(small, min_share=0.12)
    assert face is None
    assert "too small" in why


def test_the_photo_on_a_card_held_up_in_a_selfie_is_not_a_second_person() -> None:
    picture = imagegen.selfie_with_document()

    face, _ = single_face(picture, min_share=0.12)

    assert len(find_faces(picture)) == 2
    assert face is not None
    assert face.top < 500


# --- the machine-readable zone ---------------------------------------------------------------------


def test_the_td3_passport_specimen_parses_with_valid_check_digits() -> None:
    mrz = parse_mrz_text(TD3, today=dt.date(2011, 6, 1))

    assert mrz.readable
    assert mrz.valid
    assert mrz.mrz_type == "TD3"
    assert mrz.document_code == "P"
    assert mrz.number == "L898902C3"
    assert mrz.country == "UTO"
    assert mrz.nationality == "UTO"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.date_of_birth == dt.date(1974, 8, 12)
    assert mrz.expiry == dt.date(2012, 4, 15)
    assert mrz.invalid_fields == ()


def test_the_td1_id_card_specimen_parses_from_one_string_with_stray_spaces() -> None:
    mrz = parse_mrz_text("\n".join(line[:10] + " " + line[10:].lower() for line in TD1), today=dt.date(2011, 6, 1))

    assert mrz.readable
    assert mrz.valid
    assert mrz.mrz_type == "TD1"
    assert mrz.number == "D23145890"
    assert mrz.document_code == "I"
    assert mrz.date_of_birth == dt.date(1974, 8, 12)


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        pytest.param([TD3[0], corrupt(TD3[1], 9, "7")], "document number", id="td3-number"),
        pytest.param([TD3[0], corrupt(TD3[1], 19, "3")], "date of birth", id="td3-birth"),
        pytest.param([TD3[0], corrupt(TD3[1], 27, "1")], "expiry date", id="td3-expiry"),
        pytest.param([TD1[0], TD1[1][:-1] + "5", TD1[2]], "overall check digit", id="td1-composite"),
        pytest.param([TD3[0], corrupt(TD3[1], 13, "5")], "date of birth", id="td3-altered-birth-date"),
    ],
)
def test_a_wrong_check_digit_or_an_altered_field_is_caught(lines: list[str], field: str) -> None:
    mrz = parse_mrz_text(lines)

    assert mrz.readable
    assert not mrz.valid
    assert field in mrz.invalid_fields


@pytest.mark.parametrize("lines", [[], ["hello"], ["a", "b", "c", "d"]])
def test_text_that_is_not_an_mrz_is_unreadable(lines: list[str]) -> None:
    mrz = parse_mrz_text(lines)

    assert not mrz.readable
    assert not mrz.valid


def test_two_digit_years_are_resolved_sensibly() -> None:
    today = dt.date(2030, 1, 1)
    assert checks._mrz_date("990101", past=True, today=today) == dt.date(1999, 1, 1)
    assert checks._mrz_date("250101", past=True, today=today) == dt.date(2025, 1, 1)
    assert checks._mrz_date("350101", past=False, today=today) == dt.date(2035, 1, 1)
    assert checks._mrz_date("991301", past=False, today=today) is None


def test_without_tesseract_the_mrz_is_not_read(monkeypatch: pytest.MonkeyPatch, front: SafeImage) -> None:
    monkeypatch.setattr(checks.shutil, "which", lambda name: None)

    assert read_mrz(front) is None


def test_ocr_reads_nothing_from_a_card_without_real_lines(front: SafeImage) -> None:
    if not checks.ocr_available():
        pytest.skip("the tesseract binary is not installed here: the OCR path cannot run")
    assert read_mrz(front) is None


# --- comparing names -----------------------------------------------------------------------------


def test_names_are_compared_without_case_accents_or_middle_names() -> None:
    assert normalize_name("Zoë O'Brien-Łukasz") == "zoe o brien lukasz"
    assert names_match("Anna Eriksson", "ANNA MARIA ERIKSSON")
    assert names_match("José Müller", "JOSE MULLER")
    assert names_match("José Müller", "JOSE MUELLER")
    assert not names_match("Anna Eriksson", "JOHN SMITH")
    assert not names_match("Anna Eriksson", "ANNA SVENSSON")
    assert not names_match("", "ANNA ERIKSSON")


# --- all checks together ---------------------------------------------------------------------------


def test_a_good_submission_passes_and_reports_what_it_read(
    front: SafeImage, back: SafeImage, selfie: SafeImage
) -> None:
    with clock.frozen_at(BEFORE_EXPIRY):
        report = run_document_checks(front, back, selfie, document_type="id_card", profile=ANNA, mrz_text=TD1)

    assert report.passed, report.failures
    assert report.failures == []
    results = by_name(report)
    assert results["mrz"].passed
    assert results["mrz"].blocking
    assert results["name"].passed
    assert results["name"].blocking
    assert results["date_of_birth"].passed
    assert results["date_of_birth"].blocking
    assert report.extracted["document_number"] == "D23145890"
    assert report.extracted["country"] == "UTO"
    assert report.extracted["expiry"] == dt.date(2012, 4, 15)
    assert report.extracted["date_of_birth"] == dt.date(1974, 8, 12)
    assert len(report.document_hash) == 16
    assert report.face_hash is not None
    assert len(report.face_hash) == 16
    # The face hash is of the face, not of the whole selfie.
    assert report.face_hash != perceptual_hash(selfie)
    face, _ = single_face(selfie.image, min_share=0.12)
    assert face is not None
    assert report.face_hash == perceptual_hash(checks.face_crop(selfie.image, face))


def test_an_expired_document_a_wrong_name_and_a_wrong_birth_date_are_refused(
    front: SafeImage, back: SafeImage, selfie: SafeImage
) -> None:
    profile = {"first_name": "Anna", "last_name": "Svensson", "date_of_birth": dt.date(1975, 8, 12)}

    report = run_document_checks(front, back, selfie, document_type="id_card", profile=profile, mrz_text=TD1)

    assert not report.passed
    assert {r.name for r in report.failures} == {"expiry", "name", "date_of_birth"}
    assert "expired on 15 April 2012" in by_name(report)["expiry"].message


def test_a_corrupted_mrz_is_refused(front: SafeImage, selfie: SafeImage) -> None:
    lines = [TD3[0], corrupt(TD3[1], 9, "7")]

    with clock.frozen_at(BEFORE_EXPIRY):
        report = run_document_checks(front, None, selfie, document_type="passport", profile=ANNA, mrz_text=lines)

    assert [r.name for r in report.failures] == ["mrz"]
    assert "document number" in report.failures[0].message


def test_bad_pictures_fail_with_messages_a_person_can_act_on(selfie: SafeImage) -> None:
    blurred = as_safe_image(imagegen.document(blur=3))
    faceless = as_safe_image(imagegen.document(with_face=False, offset=(-100, -80)))
    crowd = as_safe_image(imagegen.two_people())

    report = run_document_checks(blurred, faceless, crowd, document_type="id_card", profile=ANNA)

    failures = {r.name: r.message for r in report.failures}
    assert set(failures) == {"front_sharp", "back_corners", "selfie_face"}
    assert "hold the camera still" in failures["front_sharp"]
    assert "Only one person" in failures["selfie_face"]
    assert report.face_hash is None

    no_face = run_document_checks(
        as_safe_image(imagegen.document(with_face=False)), None, selfie, document_type="passport", profile=ANNA
    )
    assert [r.name for r in no_face.failures] == ["document_face"]


def test_without_an_mrz_the_details_are_left_to_the_reviewer_and_declared_expiry_is_used(
    monkeypatch: pytest.MonkeyPatch, front: SafeImage, selfie: SafeImage
) -> None:
    monkeypatch.setattr(checks.shutil, "which", lambda name: None)

    report = run_document_checks(
        front, None, selfie, document_type="passport", profile=ANNA, declared={"expiry": "2001-01-31"}
    )

    results = by_name(report)
    assert results["mrz"].passed
    assert not results["mrz"].blocking
    assert results["name"].passed
    assert not results["name"].blocking
    assert not results["expiry"].passed
    assert results["expiry"].blocking
    assert report.extracted["expiry"] == dt.date(2001, 1, 31)


def test_checks_that_could_not_be_made_say_not_run_not_passed(
    front: SafeImage, selfie: SafeImage, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No machine-readable lines to read (no OCR, none typed), no name or birth date on the profile.
    monkeypatch.setattr(checks, "_mrz_lines", lambda *args, **kwargs: [])
    report = run_document_checks(front, None, selfie, document_type="passport", profile={}, mrz_text=None)

    results = by_name(report)
    for name in ("mrz", "expiry", "name", "date_of_birth"):
        assert results[name].ran is False, name
        assert results[name].blocking is False, name
    assert results["document_face"].ran is True


def test_checks_that_ran_say_so(front: SafeImage, back: SafeImage, selfie: SafeImage) -> None:
    with clock.frozen_at(BEFORE_EXPIRY):
        report = run_document_checks(front, back, selfie, document_type="id_card", profile=ANNA, mrz_text=TD1)
    assert all(result.ran for result in report.results)
