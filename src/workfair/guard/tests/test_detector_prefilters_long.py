"""The shortcuts for long texts (job posts, proposals) skip only texts their scans find nothing in.

Long texts hold many of the words the word prefilters look for, so these ask for more: a phrase or
piece as written (`services.Literal`), the job-content patterns' own word gates, only the words some
gate asks for (`services.needed_words`), byte-shape questions for the IBAN and crypto scans, six
digits for a labelled bank finding. Each is checked against the plain scan on strings generated from
the patterns (see `test_detector_prefilters`), and on long texts built from them.
"""

import random
import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workfair.guard.detectors import Detector, job_content, lower_ascii, payment, scam, services
from workfair.guard.detectors.services import Literal, WordNeeds, literals, may_match, needed_words
from workfair.guard.findings import ScreenContext
from workfair.guard.normalize import normalize
from workfair.guard.tests.test_detector_prefilters import sample
from workfair.guard.tlds import words

# Sentences of the job posts and proposals the gate sees: most words of the prefilters are here
# ("take", "we", "can", "your", "pay", "find", "proposal"), but none of the patterns match.
FILLER = [
    "I own a yoga studio in Pune and I am looking for help with a focused project.",
    "The work should take 3 to 6 months; we would like to start next week.",
    "In your proposal, tell us about a similar project and how you would approach this one.",
    "We can pay for extra hours; please share your portfolio and your rate.",
    "Send us a short report when you can; we help people find the right tools. No feedback loops, we cut scope.",
    "What we expect:\n- Clear estimates per screen.\n- Attention to accessibility and page speed.",
    "Hello, I have 13 years of experience and I can start this week. Contact me here with questions.",
]


def _long_text(rnd, patterns, pieces=2):
    """A long text: filler sentences with samples of `patterns` between them."""
    parts = [rnd.choice(FILLER) for _ in range(rnd.randint(2, 6))]
    for _ in range(pieces):
        parts.insert(rnd.randint(0, len(parts)), sample(rnd.choice(patterns), rnd))
    return rnd.choice([" ", "\n\n", ". "]).join(parts)


# --- Literal pieces and needed words ---------------------------------------------------------------


def test_a_literal_piece_is_found_anywhere_a_word_only_whole():
    needs = WordNeeds((words("no"), literals("fee", "service charge")))
    assert needs.met(needed_words("no feedback"), "no feedback")  # "fee" inside a word
    assert needs.met(needed_words("no  service charge"), "no  service charge")
    assert not needs.met(needed_words("no service  charge"), "no service  charge")  # not as written
    assert not needs.met(needed_words("nothing here"), "nothing here")
    assert not WordNeeds((words("hi"), words("fee"))).met(needed_words("hi feedback"), "hi feedback")


def test_the_first_set_of_an_alternative_must_be_one_of_words():
    with pytest.raises(ValueError, match="whole words"):
        WordNeeds((literals("take this"), words("we")))
    assert isinstance(next(iter(literals("x y"))), Literal)


@settings(max_examples=300)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789 .,:;'-\n\t\x1c", max_size=120))
def test_the_needed_words_are_the_word_runs_a_gate_asks_for(text):
    runs = set(re.findall(r"\w+", text))
    assert needed_words(text) == runs & services._VOCABULARY
    for needs in (job_content._ANY_NEEDS, scam._ANY_NEEDS, payment._PAY_OUTSIDE_NEEDS):
        # the same answer as with every run of the text
        whole = not any(runs.isdisjoint(s) for s in needs.alternatives[0])
        kept = not any(needed_words(text).isdisjoint(s) for s in needs.alternatives[0])
        assert whole == kept


def test_a_gate_made_after_a_text_was_read_is_asked_with_its_words():
    norm = normalize("a zyzzyva arrived")
    assert not may_match(norm, WordNeeds((words("arrived"), words("zzzz"))))  # reads the text's words
    with mock.patch.object(services, "_VOCABULARY", services._VOCABULARY):  # undone after the test
        late = WordNeeds((words("zyzzyva"),))
        assert may_match(norm, late)


# --- the job-content word gates --------------------------------------------------------------------


def _content_needs_hold(text):
    lower = lower_ascii(text)
    if lower is None:
        return True
    found = needed_words(lower)
    return all(
        needs.met(found, lower) or rx.search(text, lower) is None
        for (_, rx, _), needs in zip(job_content._COMPILED, job_content._COMPILED_NEEDS, strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_a_job_content_gate_never_skips_a_post_its_pattern_matches(seed):
    rnd = random.Random(seed)
    for (_, rx, _), needs in zip(job_content._COMPILED, job_content._COMPILED_NEEDS, strict=True):
        for _ in range(6):
            text = sample(rx.slow, rnd)
            lower = lower_ascii(text)
            if lower is not None and rx.search(text, lower):
                assert needs.met(needed_words(lower), lower), (rx.slow.pattern[:60], text)


def test_the_job_content_samples_do_match_their_patterns():
    rnd = random.Random(11)
    for _, rx, _ in job_content._COMPILED:
        texts = [sample(rx.slow, rnd) for _ in range(40)]
        assert sum(1 for t in texts if rx.slow.search(t)) >= 5, rx.slow.pattern[:60]


def _content(text):
    found = job_content.PROHIBITED_JOB_CONTENT.detect(text, normalize(text), ScreenContext(surface="job_post"))
    return [(f.kind, f.start, f.end, f.score) for f in found]


def _content_plain(text):
    # every pattern, no gate: what the detector reported before it had gates
    out: list[tuple[str, int, int, float]] = []
    for kind, rx, score in job_content._COMPILED:
        out.extend((kind, m.start(), m.end(), score) for m in rx.slow.finditer(text))
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32))
def test_job_content_finds_in_long_posts_what_every_pattern_finds(seed):
    rnd = random.Random(seed)
    patterns = [rx.slow for _, rx, _ in job_content._COMPILED]
    text = _long_text(rnd, patterns, pieces=rnd.randint(0, 3))
    if rnd.random() < 0.5:
        # not ASCII: asked of its ASCII shadow, or scanned when a character stands for an ASCII letter
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randint(0, len(text))
            text = text[:at] + rnd.choice(_OTHER_CHARS) + text[at:]
        # other spaces between the words of a match (`\s` matches them)
        text = "".join(rnd.choice("\u00a0\u2003") if c == " " and rnd.random() < 0.3 else c for c in text)
    assert _content(text) == _content_plain(text), text


# word characters, others, and the four that match ASCII letters case-insensitively
_OTHER_CHARS = ["ã", "ó", "\u2013", "\u2019", "\u00a0", "\u0660", "é", "ß", "\u0130", "\u0131", "\u017f", "\u212a"]


def test_the_characters_that_stand_for_ascii_letters_are_those_the_shadow_avoids():
    letters = [re.compile(re.escape(c), re.I) for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
    found = set()
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        # `re` matches a letter case-insensitively through its lower or upper case: keep the candidates
        if any(x.isascii() for x in (c.lower() + c.upper() + c.casefold())) and any(p.match(c) for p in letters):
            found.add(c)
    assert found == set(job_content._FOLDS_TO_ASCII.pattern[1:-1])
    assert job_content._ascii_shadow("São Paulo \u2013 FAKE reviews") == "s_o paulo   fake reviews"
    assert job_content._ascii_shadow("\u212aelvin") is None
    assert _content("take my te\u017ft for me") == _content_plain("take my te\u017ft for me") != []
    assert _content("Café: take my exam for me") == _content_plain("Café: take my exam for me") != []


def test_job_content_skips_ordinary_posts_without_a_scan():
    text = " ".join(FILLER)
    lower = lower_ascii(text)
    assert lower is not None
    found = needed_words(lower)
    assert not [kind for (kind, _, _), needs in job_content._GATED if needs.met(found, lower)]
    assert _content("Please take my exam for me and write FAKE reviews") == _content_plain(
        "Please take my exam for me and write FAKE reviews"
    )
    assert _content("Please take my exam for me")


# --- the pattern detectors on long texts ------------------------------------------------------------

_LONG_PIECES = [
    *[p for _, _, p in scam._PATTERNS],
    scam._MESSENGER,
    scam._PAY_REQUEST,
    payment._PAY_OUTSIDE,
    *[p for _, p in payment._BANK_PATTERNS],
    payment._BTC_LEGACY,
    payment._BTC_BECH32,
    payment._ETH,
    payment._TRON,
    re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}"),  # IBAN-like runs
]
_LONG_DETECTORS: list[Detector] = [
    payment.IbanDetector(),
    payment.BankAccountDetector(),
    payment.CryptoDetector(),
    payment.PaymentServiceDetector(),
    scam.ScamDetector(),
]


def _found(text):
    norm, ctx = normalize(text), ScreenContext(surface="job_post")
    return [(f.kind, f.start, f.end, f.score, f.value) for d in _LONG_DETECTORS for f in d.detect(text, norm, ctx)]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32))
def test_the_payment_and_scam_detectors_find_in_long_texts_what_they_find_without_shortcuts(seed):
    rnd = random.Random(seed)
    text = _long_text(rnd, _LONG_PIECES, pieces=rnd.randint(1, 3))
    fast = _found(text)
    with (
        mock.patch.object(payment, "may_match", return_value=True),
        mock.patch.object(scam, "may_match", return_value=True),
        mock.patch.object(payment, "compact_digits", return_value=99),
        mock.patch.object(payment, "_may_hold_iban", return_value=True),
        mock.patch.object(payment, "_has_long_run", lambda clean: payment._LONG_RUN.search(clean) is not None),
    ):
        assert _found(text) == fast, text


@settings(max_examples=300)
@given(st.text(alphabet="ABDEGZabz0123456789 -_.:٣é", max_size=40))
def test_the_iban_shape_question_never_skips_a_start(text):
    if payment._IBAN_START.search(text):
        assert payment._may_hold_iban(text)


@settings(max_examples=300)
@given(st.text(alphabet="aZ09_ -.é٣", max_size=40) | st.text(max_size=40))
def test_the_long_run_question_is_that_of_the_pattern(text):
    assert payment._has_long_run(text) == (payment._LONG_RUN.search(text) is not None)


@pytest.mark.parametrize("sep", [" ", "_", "-", "é"])
def test_a_long_run_is_fourteen_letters_or_digits(sep):
    for n in range(10, 18):
        run = ("Ab3" * 6)[:n]
        assert payment._has_long_run(f"x{sep}{run}{sep}y") == (n >= 14) == bool(payment._LONG_RUN.search(run)), n


def test_a_labelled_account_number_needs_six_digits():
    ctx = ScreenContext(surface="message")
    norm = normalize("account number: 12 34 5")  # the pattern matches, the value is too short
    assert payment._BANK_LABELLED["account_number"].search(norm.compact, norm.compact.lower())
    assert not payment.BankAccountDetector().detect(norm.original, norm, ctx)
    norm = normalize("account number: 12 34 56")
    assert [f.value for f in payment.BankAccountDetector().detect(norm.original, norm, ctx)] == ["123456"]
