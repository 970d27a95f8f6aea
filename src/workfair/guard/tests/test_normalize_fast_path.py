# ruff: noqa: RUF001 - lookalike characters are part of the input alphabet
"""The compact layer's shortcuts give exactly what the plain token loop gives.

`_compact_layer` does not walk every token: `_candidates` finds where a rule may fire and only a window
of tokens around those is tokenised; for short texts `_may_change` first screens out those where no rule
can fire (compact = clean, identity map). These tests keep the plain loop (`_reference_compact`: every
rule tried at every token of the whole text) and compare on text built from the pieces the rules look
at (number words, easy/hard letters, "at"/"dot" words, mail providers and TLDs, "@", brackets, dots,
white space, lookalikes), on long texts where windows are cut and widened, and on any text.
"""

import sys
import warnings
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workfair.guard import normalize as N
from workfair.guard.normalize import _clean_layer, _compact_layer, _may_change, normalize
from workfair.guard.tlds import MAIL_PROVIDERS, is_tld


def _reference_compact(clean):
    """The compact layer of `clean` by the plain loop: every token tokenised and tried by the rules."""
    words = N._TOKEN_RE.findall(clean)
    offsets = list(accumulate(map(len, words), initial=0))
    kinds = [N._KIND.get(w[0], "p") for w in words]
    low = [w.lower() for w in words]
    n = len(words)
    out, starts, ends, glue = [], [], [], []
    copied = 0

    def emit(s, start, end, is_glue=False):
        nonlocal copied
        for c in range(copied, start):
            out.append(clean[c])
            starts.append(c)
            ends.append(c + 1)
        for ch in s:
            if is_glue:
                glue.append(len(out))
            out.append(ch)
            starts.append(start)
            ends.append(end)
        copied = end

    def numberish(k):
        if k < 0 or k >= n:
            return False
        if kinds[k] == "d":
            return True
        return low[k] in N._UNITS or low[k] in N._TENS or (kinds[k] == "w" and N._split_glued(low[k]) is not None)

    def neighbour(k, step):
        seen = 0
        j = k + step
        while 0 <= j < n and (kinds[j] == "s" or (kinds[j] == "p" and words[j] in N._DIGIT_SEPARATORS)):
            seen += len(words[j])
            if seen > 1:
                return -1
            j += step
        return j if 0 <= j < n else -1

    def domain_follows(k):
        j = k + 1
        if j < n and kinds[j] == "s" and len(words[j]) <= 2:
            j += 1
        labels = []
        while j < n and kinds[j] in ("w", "d"):
            label = low[j]
            j += 1
            while j < n and (kinds[j] in ("w", "d") or words[j] == "-"):
                label += low[j]
                j += 1
            labels.append(label)
            m = j
            if m < n and kinds[m] == "s" and len(words[m]) <= 2:
                m += 1
            if m < n and (words[m] == "." or low[m] in N._DOT_WORDS):
                m += 1
            elif m + 2 < n and words[m] in N._BRACKETS and low[m + 1] in N._DOT_WORDS and words[m + 2] in ")]}>":
                m += 3
            else:
                break
            if m < n and kinds[m] == "s" and len(words[m]) <= 2:
                m += 1
            j = m
        if len(labels) >= 2:
            return is_tld(labels[-1])
        return len(labels) == 1 and labels[0] in MAIL_PROVIDERS

    k = 0
    while k < n:
        tok, cs, ce, kind, lw = words[k], offsets[k], offsets[k + 1], kinds[k], low[k]
        k += 1  # the next token to look at, unless a rule takes more
        if kind == "w":
            if lw in N._TENS:
                if (
                    k + 1 < n
                    and words[k] in ("-", " ")
                    and low[k + 1] in N._UNITS
                    and len(N._UNITS[low[k + 1]]) == 1
                    and N._UNITS[low[k + 1]] != "0"
                ):
                    emit(N._TENS[lw] + N._UNITS[low[k + 1]], cs, offsets[k + 2])
                    k += 2
                else:
                    emit(N._TENS[lw] + "0", cs, ce)
                continue
            if lw in N._UNITS:
                emit(N._UNITS[lw], cs, ce)
                continue
            if lw in N._REPEAT:
                j = neighbour(k - 1, 1)
                if j != -1 and (
                    low[j] in N._UNITS or low[j] in N._ZERO_WORDS or (kinds[j] == "d" and len(words[j]) == 1)
                ):
                    digit = N._UNITS.get(low[j]) or N._ZERO_WORDS.get(low[j]) or words[j]
                    emit(digit * int(N._REPEAT[lw]), cs, offsets[j + 1])
                    k = j + 1
                    continue
            if lw in N._ZERO_WORDS or (len(tok) <= 3 and not tok.strip(N._EASY_CHARS)):
                prev_j, next_j = neighbour(k - 1, -1), neighbour(k - 1, 1)
                attached = (k > 1 and kinds[k - 2] == "d") or (k < n and kinds[k] == "d")
                if (numberish(prev_j) and numberish(next_j)) or (
                    attached and (numberish(prev_j) or numberish(next_j)) and lw != "i"
                ):
                    if lw in N._ZERO_WORDS and lw != "o":
                        emit(N._ZERO_WORDS[lw], cs, ce)
                    else:
                        emit("".join(N._LETTER_DIGITS_EASY[c] for c in tok), cs, ce)
                    continue
            if tok in N._LETTER_DIGITS_HARD and 1 < k < n and kinds[k - 2] == "d" and kinds[k] == "d":
                emit(N._LETTER_DIGITS_HARD[tok], cs, ce)
                continue
            if lw in N._AT_WORDS or lw in N._DOT_WORDS:
                prev_j, next_j = neighbour(k - 1, -1), neighbour(k - 1, 1)
                if (
                    prev_j != -1
                    and next_j != -1
                    and kinds[prev_j] in ("w", "d")
                    and kinds[next_j] in ("w", "d")
                    and (lw in N._DOT_WORDS or domain_follows(k - 1))
                ):
                    emit("@" if lw in N._AT_WORDS else ".", cs, ce, True)
                    continue
            if len(lw) >= 6 and (parts := N._split_glued(lw)):
                for w, ps, pe in parts:
                    emit(N._UNITS.get(w) or N._TENS[w] + "0", cs + ps, cs + pe)
                continue
        elif kind == "p":
            if tok in N._BRACKETS:
                j = k
                if j < n and kinds[j] == "s":
                    j += 1
                if j < n and (low[j] in N._AT_WORDS or low[j] in N._DOT_WORDS or words[j] in ("@", ".")):
                    word_j = j
                    j += 1
                    if j < n and kinds[j] == "s":
                        j += 1
                    if j < n and words[j] == N._BRACKETS[tok]:
                        w = low[word_j]
                        emit("@" if w in N._AT_WORDS or w == "@" else ".", cs, offsets[j + 1], True)
                        k = j + 1
                        continue
            if tok == "@":
                emit("@", cs, ce, True)
                continue
            if tok == "|" and 1 < k < n and kinds[k - 2] == "d" and kinds[k] == "d":
                emit("1", cs, ce)
                continue
            if (
                tok == "."
                and k > 1
                and kinds[k - 2] == "s"
                and k < n
                and kinds[k] == "s"
                and (next_j := neighbour(k - 1, 1)) != -1
                and (prev_j := neighbour(k - 1, -1)) != -1
                and kinds[next_j] == "w"
                and kinds[prev_j] in ("w", "d")
                and is_tld(low[next_j])
            ):
                emit(".", cs, ce, True)
                continue
    emit("", len(clean), len(clean))
    keep = [True] * len(out)
    for g in glue:  # the white space around a glue character goes
        for step in (-1, 1):
            j = g + step
            while 0 <= j < len(out) and out[j].isspace():
                keep[j] = False
                j += step
    pick = [i for i in range(len(out)) if keep[i]]
    return "".join(out[i] for i in pick), [starts[i] for i in pick], [ends[i] for i in pick]


def _compact_or_identity(clean):
    return _compact_layer(clean) or (clean, list(range(len(clean))), list(range(1, len(clean) + 1)))


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
# prose between the pieces, long enough that the windows around candidates are cut and widened
FILLER = ["We would like to start next week. ", "x" * 30, " " * 20, "Clear estimates per screen; ", "\n\n"]
# domain chains after "at", longer than a first window
LABELS = ["a", "gmail", "example", "x1", "my-site", "com", "org", "io", "dot", "five", "o", "at"]
SEPARATORS = [".", " . ", " dot ", "[dot]", " [ dot ] ", "  .  ", "(dot)", "-", " ", "   "]

texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
# long enough for `_compact_layer` to tokenise windows, not the whole text
PROSE = "Hello, I read your post and I would like to help. " * 3
long_texts = st.lists(st.sampled_from(PIECES + FILLER), max_size=120).map("".join).map(lambda t: PROSE + t + PROSE)
chains = st.lists(
    st.one_of(
        st.sampled_from([*FILLER, "at ", "AT  ", " at", "I ", "555 "]),
        st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(SEPARATORS)).map("".join), max_size=16).map(
            "".join
        ),
    ),
    max_size=12,
).map(lambda parts: PROSE + "".join(parts))


def _full_loop(text):
    """What `normalize` computes without any shortcut: the plain loop, spans composed."""
    clean, c_starts, c_ends = _clean_layer(text)
    compact, k_starts, k_ends = _reference_compact(clean)
    o_starts = [c_starts[s] for s in k_starts]
    o_ends = [c_ends[e - 1] for e in k_ends]
    return clean, compact, list(c_starts), list(c_ends), o_starts, o_ends


def _fields(n):
    return n.clean, n.compact, list(n.clean_starts), list(n.clean_ends), list(n.compact_starts), list(n.compact_ends)


@settings(max_examples=3000)
@given(texts)
def test_fast_path_only_when_the_loop_changes_nothing(text):
    clean = _clean_layer(text)[0]
    if not _may_change(clean):
        assert _reference_compact(clean) == (clean, list(range(len(clean))), list(range(1, len(clean) + 1)))


@settings(max_examples=3000)
@given(texts)
def test_windows_equal_the_plain_loop(text):
    clean = _clean_layer(text)[0]
    assert _compact_or_identity(clean) == _reference_compact(clean)


@settings(max_examples=1000)
@given(long_texts)
def test_windows_equal_the_plain_loop_on_long_text(text):
    clean = _clean_layer(text)[0]
    assert _compact_or_identity(clean) == _reference_compact(clean)


@settings(max_examples=1000)
@given(chains)
def test_windows_equal_the_plain_loop_on_long_domains(text):
    assert _compact_or_identity(text) == _reference_compact(text)


@settings(max_examples=3000)
@given(texts)
def test_normalize_equals_the_full_loop(text):
    assert _fields(normalize(text)) == _full_loop(text)


@settings(max_examples=500)
@given(long_texts)
def test_normalize_equals_the_full_loop_on_long_text(text):
    assert _fields(normalize(text)) == _full_loop(text)


@given(st.text(max_size=80))
def test_normalize_equals_the_full_loop_on_any_text(text):
    assert _fields(normalize(text)) == _full_loop(text)


@given(st.text(min_size=300, max_size=600))
def test_normalize_equals_the_full_loop_on_any_long_text(text):
    assert _fields(normalize(text)) == _full_loop(text)


def test_the_clean_layer_is_ascii():
    """`_candidates` encodes the clean layer as ASCII: every character's replacement is ASCII."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # unidecode on lone surrogates
        assert all(N._clean_char.__wrapped__(chr(c)).isascii() for c in range(0x80, sys.maxunicode + 1))


@pytest.mark.parametrize(
    ("text", "compact"),
    [
        (PROSE + "mail me at " + "a." * 40 + "com please", PROSE + "mail me@" + "a." * 40 + "com please"),
        (PROSE + "mail me at " + "a." * 40 + "zz please", PROSE + "mail me at " + "a." * 40 + "zz please"),
        ("x" * 160 + " call 555 O123 " + "y" * 60 + " five", "x" * 160 + " call 555 0123 " + "y" * 60 + " 5"),
    ],
)
def test_a_window_widens_for_what_a_rule_reads(text, compact):
    assert len(text) >= N._WHOLE_BELOW  # tokenised in windows
    assert _compact_or_identity(text)[0] == compact
    assert _compact_or_identity(text) == _reference_compact(text)


RULE_TEXTS = [
    "five", "fivefive", "twenty-one", "double 5", "5 oh 5", "555-O123", "55l-0I23", "55S0123", "5|5",
    "jane @ example", "jane@ example", "jane dot smith", "jane at gmail", "jane at example.org",
    "jane (at) example", "jane [ dot ] org", "(@)", "gmail . com", "gmail\t. com", "x\x1c@y", "5 . com",
]  # fmt: skip


@pytest.mark.parametrize("text", RULE_TEXTS)
def test_the_screen_sees_each_rule(text):
    assert _may_change(text)
    assert _compact_layer(text) is not None
    assert _compact_layer(text) == _reference_compact(text)


@pytest.mark.parametrize("text", RULE_TEXTS)
def test_the_candidates_see_each_rule(text):
    text = f"{PROSE}{text} {PROSE}"
    assert _compact_layer(text) is not None
    assert _compact_layer(text) == _reference_compact(text)


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
