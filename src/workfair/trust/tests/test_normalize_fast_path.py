# ruff: noqa: RUF001 - lookalike characters are part of the input alphabet
"""The compact layer's fast path (`_may_change` False: compact = clean, identity map) is exact.

The fast path skips `_compact_layer` when a cheap screen finds no place where one of its rules could
fire. These tests build text from the pieces those rules look at (number words, easy/hard letters,
"at"/"dot" words, mail providers and TLDs, "@", brackets, dots, white space, lookalikes) and check that
whenever the screen lets a text through, the full loop would have left it unchanged, and that
`normalize` gives exactly what the full loop gives.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workfair.trust.normalize import _clean_layer, _compact_layer, _may_change, normalize

PIECES = [
    # number words, glued ones, words that only start like them
    "one", "five", "Five", "FIVE", "twenty", "ten", "nine", "oh", "OH", "fivefive", "sixsix", "tenant",
    "sixth", "seventh", "several", "often", "eleven", "double", "Triple", "treble",
    # letters read as digits
    "o", "O", "l", "I", "i", "lo", "oil", "IOI", "ooo", "oooo", "S", "s", "B", "b", "|", "h",
    # at / dot words and what may follow them
    "at", "AT", "dot", "Dot", "period", "punto", "that", "dotted", "gmail", "com", "org", "example", "io",
    "me", "smith72", "my-site", "163",
    # punctuation and white space
    "@", ".", ",", "-", "/", "(", ")", "[", "]", "{", "}", "<", ">", "#", "_", "'",
    " ", " ", " ", "  ", "   ", "\t", "\n", "\x1c", "\x0b",
    # digits
    "0", "5", "7", "12", "555",
    # plain words
    "a", "x", "call", "me", "the",
    # non-ASCII: lookalikes, full-width, circled, keycaps, invisible, accents
    "О", "о", "ｏ", "Ｏ", "Ι", "і", "５", "①", "❺", "5\ufe0f\u20e3", "\u200b", "é", "＠", "．", "\u2003",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _full_loop(text):
    """What `normalize` computed before the fast path: always the compact loop, spans composed."""
    clean, c_starts, c_ends = _clean_layer(text)
    compact, k_starts, k_ends = _compact_layer(clean)
    o_starts = [c_starts[s] if s < len(c_starts) else len(text) for s in k_starts]
    o_ends = [c_ends[e - 1] if e - 1 < len(c_ends) else len(text) for e in k_ends]
    return clean, compact, list(c_starts), list(c_ends), o_starts, o_ends


def _fields(n):
    return n.clean, n.compact, list(n.clean_starts), list(n.clean_ends), list(n.compact_starts), list(n.compact_ends)


@settings(max_examples=3000)
@given(texts)
def test_fast_path_only_when_the_loop_changes_nothing(text):
    clean = _clean_layer(text)[0]
    if clean.isascii() and not _may_change(clean):
        assert _compact_layer(clean) == (clean, list(range(len(clean))), list(range(1, len(clean) + 1)))


@settings(max_examples=3000)
@given(texts)
def test_normalize_equals_the_full_loop(text):
    assert _fields(normalize(text)) == _full_loop(text)


@given(st.text(max_size=80))
def test_normalize_equals_the_full_loop_on_any_text(text):
    assert _fields(normalize(text)) == _full_loop(text)


@pytest.mark.parametrize(
    "text",
    [
        "five", "fivefive", "twenty-one", "double 5", "5 oh 5", "555-O123", "55l-0I23", "55S0123", "5|5",
        "jane @ example", "jane@ example", "jane dot smith", "jane at gmail", "jane at example.org",
        "jane (at) example", "jane [ dot ] org", "(@)", "gmail . com", "x\x1c@y",
    ],
)  # fmt: skip
def test_the_screen_sees_each_rule(text):
    assert _may_change(text)
    assert normalize(text).compact != text or _compact_layer(text)[1] != list(range(len(text)))


@pytest.mark.parametrize(
    "text",
    [
        "Let's talk on the Workfair call tomorrow at 10.",
        "Between 2007-2016 I worked at a bank as a developer.",
        "Fixed in commit 1a18341c37d23ab1af27b84e6ecd04bc0c67f5ae, please pull.",
        "ok here it is kofi21@proton.me",
        "We paid the invoice (see above) [done].",
    ],
)
def test_ordinary_text_takes_the_fast_path(text):
    assert not _may_change(text)
    n = normalize(text)
    assert n.compact == text
    assert n.compact_starts == range(len(text))
