# ruff: noqa: RUF001 - lookalike characters are the input under test
"""Normalisation undoes each obfuscation trick and keeps a map back to the original offsets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workfair.guard.normalize import NUMBER_WORDS, normalize, sanitize


@pytest.mark.parametrize(
    ("text", "compact"),
    [
        ("five five five 0 one 2 3", "5 5 5 0 1 2 3"),
        ("fivefivefive", "555"),
        ("double seven one", "77 1"),
        ("triple oh nine", "000 9"),
        ("twenty-one forty five", "21 45"),
        ("5 oh 5", "5 0 5"),
        ("555-O123", "555-0123"),
        ("55l-0I23", "551-0123"),
        ("55S0123", "5550123"),
        ("５５５−０１２３", "555-0123"),
        ("①②③④", "1234"),
        ("❶❷❸", "123"),
        ("𝟓𝟓𝟓", "555"),
        ("5️⃣5️⃣5️⃣", "555"),
        ("jane dot smith at gmail dot com", "jane.smith@gmail.com"),
        ("jane (at) example [dot] org", "jane@example.org"),
        ("jane @ example . com", "jane@example.com"),
        ("jane.smith at gmail", "jane.smith@gmail"),
        ("tеlеgrаm", "telegram"),
        ("ΡayΡal", "PayPal"),
        ("what\u200bs\u200bapp", "whatsapp"),
    ],
)
def test_each_trick_is_undone_in_the_compact_layer(text, compact):
    assert normalize(text).compact == compact


@pytest.mark.parametrize(
    "text",
    [
        "meet at 3pm",
        "look at the page",
        "I have one question",
        "Order #4815162342",
        "at home, at work",
        "a tool for IO",
    ],
)
def test_ordinary_words_stay_words(text):
    n = normalize(text)
    assert "@" not in n.compact
    if "Order" in text:
        assert n.compact == text


def test_at_is_not_an_at_sign_before_a_phone_number():
    assert normalize("reach me at 922 664 1082").compact == "reach me at 922 664 1082"


def test_spans_point_back_to_the_original_characters():
    text = "call 5️⃣5️⃣ or five"
    n = normalize(text)
    i = n.compact.index("55")
    start, end = n.span("compact", i, i + 2)
    assert text[start:end] == "5️⃣5️⃣"
    j = n.compact.rindex("5")
    assert text[slice(*n.span("compact", j, j + 1))] == "five"


def test_obfuscation_is_visible_through_the_map():
    n = normalize("call five five")
    assert n.is_obfuscated("compact", 5, len(n.compact))
    assert not n.is_obfuscated("compact", 0, 4)


def test_number_words_are_one_table_per_language():
    assert set(NUMBER_WORDS["en"]) == {"units", "tens", "repeat", "zero_letters"}


def test_lone_surrogates_are_replaced_one_for_one():
    assert sanitize("a\ud800b") == "a?b"


@given(st.text(max_size=200))
def test_every_layer_character_maps_inside_the_original(text):
    n = normalize(text)
    for layer, size in (("clean", len(n.clean)), ("compact", len(n.compact))):
        for i in range(size):
            start, end = n.span(layer, i, i + 1)
            assert 0 <= start <= end <= len(text)
