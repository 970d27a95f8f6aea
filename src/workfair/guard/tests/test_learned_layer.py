# ruff: noqa: RUF001 - the examples are written as people write them (Cyrillic, Arabic, full-width punctuation)
"""The learned layer (`detectors/learned.py`): a character n-gram model for abuse and prohibited job
posts, beside the rules. The examples here are written for the tests, in phrasings that are not in the
language files nor in the training examples (`benchmarks/screening/market_corpus.py`): what the model
adds over the rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workfair.guard.decisions import screen_text
from workfair.guard.detectors import learned
from workfair.guard.detectors.learned import CharModel, grams, market_model, prepare


@pytest.fixture
def rules_alone() -> Iterator[None]:
    learned.ENABLED = False
    try:
        yield
    finally:
        learned.ENABLED = True


# Polite and cold threats in languages the rules miss in these words (each allowed by the rules alone):
# held when the model is sure, reported to moderators (a finding, no hold) when it is only likely.
POLITE_THREATS = [
    ("Sería una lástima que tu familia tuviera un accidente", "hold"),
    ("Seria triste se sua casa pegasse fogo", "hold"),
    ("Будет очень жаль, если с твоими детьми что-то случится", "allow"),
    ("Ce serait triste qu'il arrive un malheur à tes enfants", "allow"),
]


@pytest.mark.parametrize(("text", "decision"), POLITE_THREATS)
def test_the_model_finds_polite_threats_the_rules_let_through(text: str, decision: str, rules_alone: None) -> None:
    before = screen_text(text)
    assert before.decision == "allow"
    assert not [f for f in before.findings if f.category == "abuse"]
    learned.ENABLED = True
    result = screen_text(text)
    assert result.decision == decision
    found = [f for f in result.findings if f.detector == "learned"]
    assert found
    assert found[0].category == "abuse"
    assert found[0].evidence.startswith("model: abusive")
    assert found[0].score == (learned.ABUSE_HOLD_SCORE if decision == "hold" else learned.ABUSE_FLAG_SCORE)


@pytest.mark.parametrize(
    "text",
    [
        "the villain says: it would be a shame if something happened to your family",  # work content, quoted
        "ugh this stupid printer is broken again",  # undirected swearing
        "Thanks for the quick delivery, the logo looks great!",
        "Could you send the invoice for milestone 2?",
        "Te mando el archivo mañana, gracias por la paciencia",
        "Спасибо, все работает, оплачу сегодня",
        "The family photos for the landing page are in the shared folder.",
        "ok",
    ],
)
def test_honest_messages_get_no_model_finding(text: str) -> None:
    result = screen_text(text)
    assert result.decision == "allow"
    assert not [f for f in result.findings if f.detector == "learned"]


def test_a_short_message_is_never_held_by_the_model_alone() -> None:
    # found by the messaging tests: the model scored this 0.85 (a hold) on its few grams
    result = screen_text("Are you free next week?")
    assert result.decision == "allow"
    assert all(f.score < 0.8 for f in result.findings if f.detector == "learned")


def test_a_likely_but_unsure_message_is_reported_not_held() -> None:
    # "hold when sure, warn when likely": a score between the two thresholds is a finding the
    # moderators see (over the report threshold), under the abuse-hold rule
    model = market_model()
    assert model.thresholds["abuse_flag"] < model.thresholds["abuse_hold"]
    assert learned.ABUSE_FLAG_SCORE < 0.8 <= learned.ABUSE_HOLD_SCORE


def test_a_prohibited_post_in_new_words_is_held_for_a_person_with_its_category(rules_alone: None) -> None:
    post = "I need someone to take my chemistry final exam online next week"
    assert screen_text(post, surface="job_post").decision == "allow"
    learned.ENABLED = True
    result = screen_text(post, surface="job_post")
    assert result.decision == "hold"  # job-borderline: queued for a person, not refused by a model
    found = [f for f in result.findings if f.detector == "learned"]
    assert found[0].category == "prohibited"
    assert found[0].kind == "academic_cheating"
    assert "academic_cheating" in found[0].evidence


@pytest.mark.parametrize(
    "post",
    [
        "We want a developer to build a hotel booking website with reviews from guests",
        "Chemistry tutor to help me prepare for my final exam",
        "Create a payroll template in Excel for our 12 employees",
    ],
)
def test_honest_posts_with_the_same_words_open(post: str) -> None:
    assert screen_text(post, surface="job_post").decision == "allow"


def test_the_job_post_model_is_not_scored_on_messages() -> None:
    result = screen_text("I need someone to take my chemistry final exam online next week")
    assert not [f for f in result.findings if f.category == "prohibited"]


def test_grams_read_every_script_as_written() -> None:
    assert prepare("  Ты   ТУПОЙ ") == " ты тупой "
    assert " ты " in grams("Ты тупой")
    assert "тупо" in grams("Ты тупой")
    assert "ｍ" not in "".join(grams("ｍ0r0n"))  # NFKC: full-width letters are letters


def test_the_scorer_is_a_plain_linear_model() -> None:
    model = CharModel({"heads": ["a"], "bias": [0.0], "features": {" ab ": [1.0, 2.0]}, "thresholds": {}, "kinds": []})
    assert model.scores("ab")["a"] == pytest.approx(1 / (1 + 2.718281828459045**-2.0))
    assert model.scores("zz")["a"] == pytest.approx(0.5)
