"""The pure scores: TF-IDF cosine as scikit-learn computes it, MinHash similarity and LSH keys."""

from __future__ import annotations

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from workfair.minding import scoring
from workfair.minding.tests.conftest import DJANGO_POST, SPECIFIC_DJANGO, SPECIFIC_LOGO, TEMPLATE


@pytest.mark.parametrize("letter", [SPECIFIC_DJANGO, SPECIFIC_LOGO, TEMPLATE, "Django Django celery"])
def test_the_cosine_is_scikit_learns(letter: str) -> None:
    post = "\n".join(DJANGO_POST)
    vectorizer = TfidfVectorizer(
        preprocessor=scoring.normalise,
        token_pattern=scoring._WORD.pattern,
        stop_words=list(scoring._STOP),
        ngram_range=(1, 2),
        sublinear_tf=True,
    )
    matrix = vectorizer.fit_transform([letter, post])
    expected = float((matrix[0] @ matrix[1].T).toarray()[0, 0])
    assert scoring.topical_cosine(letter, post) == pytest.approx(expected, abs=1e-9)


def test_nothing_but_stop_words_is_not_on_topic() -> None:
    assert scoring.topical_cosine("and the of it", "Django upgrade") == 0.0


def test_similarity_estimates_jaccard_and_bands_find_near_copies() -> None:
    a = scoring.signature(TEMPLATE)
    assert scoring.similarity(a, scoring.signature(TEMPLATE)) == 1.0
    edited = scoring.signature(TEMPLATE.replace("ten years", "eight years"))
    assert scoring.similarity(a, edited) > 0.7
    assert set(scoring.band_keys(a)) & set(scoring.band_keys(edited))
    other = scoring.signature(SPECIFIC_DJANGO)
    assert scoring.similarity(a, other) < 0.1
    assert not set(scoring.band_keys(a)) & set(scoring.band_keys(other))
    assert len(set(scoring.band_keys(a))) == scoring.BANDS == 25
    assert scoring.signature_from_bytes(scoring.signature_bytes(a)).tolist() == a.tolist()


def test_specifics_are_the_posts_skills_and_distinctive_words() -> None:
    found = scoring.post_specifics(DJANGO_POST[0], DJANGO_POST[1], ["Django", "Celery"])
    assert found[:2] == ["django", "celery"]
    assert "postgresql" in found
    assert "the" not in found
    assert "3.2" not in found
    named = scoring.mentioned("We migrated postgres and celery workers", ["celery", "postgresql", "stripe"])
    assert named == ["celery", "postgresql"]  # "postgres" names PostgreSQL (six-letter stems)
