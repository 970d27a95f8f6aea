# ruff: noqa: RUF001, RUF002, RUF003 - the lookalike characters are the point of this module
"""Text normalisation for the conversation guard, with a map back to the original text.

People who want to slip contact details past a filter write them so that a plain pattern misses them:
"five five five 0 one 2 3", "5️⃣5️⃣5️⃣", "５５５", "555-O123", "jane dot smith at gmail dot com",
"tеlеgram" with Cyrillic "е", zero-width spaces inside words. `normalize(text)` undoes these tricks in
two layers, and every character of each layer knows the span of the original text it came from, so a
finding made on a layer is reported (and masked) at its ORIGINAL offsets:

- `clean`: ASCII text kept, each non-ASCII character replaced: invisible characters dropped, keycap and
  dingbat digits turned into ASCII digits, Unicode NFKC (full-width, circled, mathematical and other
  "fancy" letters and digits), lookalike Cyrillic/Greek letters mapped to the Latin letters they
  imitate, anything else transliterated with `unidecode`. The result is ASCII. Case is kept (crypto
  checksums and IBANs need it).
- `compact`: the clean layer with the spoken forms undone: number words to digits ("double seven" ->
  "77", "twenty-one" -> "21", "oh" -> "0" next to digits; one table per language, see `NUMBER_WORDS`),
  letters used as digits inside digit runs (O/o -> 0, l/I/i/| -> 1, S -> 5 and B -> 8 only between
  digits), and the "at"/"dot" words ("(at)", "[dot]", " @ ") to "@"/"." with the spaces around them
  removed. Digit separators are kept: the detectors decide what a run of digits means.
  The rules look at a token and a few around it, so only the tokens near a candidate (`_candidates`:
  a token some rule may rewrite, found without tokenising the text) are tokenised and tried, and the
  text between them is copied in one piece. Fast path: most short texts contain nothing these rules
  change; a cheap screen (`_may_change`, an over-approximation of where a rule can fire) recognises
  them, and their compact layer is the clean layer with the same map. So is that of a text where no
  rule fired.

Contract: `NormalizedText.span(layer, i, j)` gives the original `(start, end)` for layer characters
`[i, j)`; `0 <= start <= end <= len(original)` always holds, for any input string.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, product, repeat
from operator import itemgetter, sub
from typing import Literal

from unidecode import unidecode

from workfair.guard.tlds import MAIL_PROVIDERS, is_tld

Layer = Literal["clean", "compact"]

# Characters that render as nothing (or nearly) and are used to split words past a filter.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
    "\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e"
    "\u206f\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d"
    "\ufe0e\ufe0f\ufeff\uffa0"
)
_KEYCAP = "\u20e3"

# Digits that NFKC leaves alone: dingbat circled digits and the keycap ten.
_EXTRA_DIGITS: dict[str, str] = {"\U0001f51f": "10", "\u24ff": "0", "\U0001f10b": "0", "\U0001f10c": "0"}
for _base, _first in ((0x2776, 1), (0x2780, 1), (0x278A, 1), (0x24F5, 1)):
    for _k in range(10):
        _EXTRA_DIGITS[chr(_base + _k)] = str((_first + _k) % 10) if _k < 9 else "10"
for _k in range(11):  # ⓫..⓴ are 11..20
    _EXTRA_DIGITS[chr(0x24EB + _k)] = str(11 + _k) if _k < 10 else "20"

# Letters that look like Latin letters. unidecode transliterates by sound (Cyrillic "р" -> "r"), but a
# spoofed word is read by its look ("р" -> "p"), so these win over unidecode.
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "ь": "b", "ɡ": "g", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "l",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin lookalikes NFKC keeps
    "ı": "i", "ȷ": "j", "ℓ": "l", "∣": "|", "ǀ": "|", "ο̇": "o",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _clean_char(ch: str) -> str:
    """The clean-layer replacement of one non-ASCII character (may be empty or several characters)."""
    if ch in _INVISIBLE:
        return ""
    if ch in _EXTRA_DIGITS:
        return _EXTRA_DIGITS[ch]
    if ch in _CONFUSABLES:
        return _CONFUSABLES[ch]
    out = unicodedata.normalize("NFKC", ch)
    if out.isascii():
        return out
    pieces = []
    for c in out:
        if c.isascii():
            pieces.append(c)
        elif c in _CONFUSABLES:
            pieces.append(_CONFUSABLES[c])
        elif unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue  # combining marks and format characters carry no letter of their own
        elif unicodedata.category(c) == "Zs":
            pieces.append(" ")
        else:
            pieces.append(unidecode(c))
    return "".join(pieces)


# --- spelled-out numbers: one table per language -----------------------------------------------------
# units: words for one digit (or a short digit string); tens: words that may combine with a unit
# ("twenty one" -> 21); repeat: words that repeat the next digit; zero_letters: words read as 0 only
# next to other digits ("oh").
NUMBER_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "units": {
            "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
            "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
            "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
            "eighteen": "18", "nineteen": "19", "nil": "0", "nought": "0", "niner": "9",
        },
        "tens": {
            "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6",
            "seventy": "7", "eighty": "8", "ninety": "9",
        },
        "repeat": {"double": "2", "triple": "3", "treble": "3"},
        "zero_letters": {"oh": "0", "o": "0"},
    },
}  # fmt: skip


def _merged_tables(langs: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    units: dict[str, str] = {}
    tens: dict[str, str] = {}
    repeat: dict[str, str] = {}
    zero: dict[str, str] = {}
    for lang in langs:
        table = NUMBER_WORDS[lang]
        units.update(table["units"])
        tens.update(table["tens"])
        repeat.update(table["repeat"])
        zero.update(table["zero_letters"])
    return units, tens, repeat, zero


_UNITS, _TENS, _REPEAT, _ZERO_WORDS = _merged_tables(tuple(NUMBER_WORDS))
_GLUED_WORDS = sorted({**_UNITS, **_TENS}, key=len, reverse=True)

# Letters read as digits inside a digit run. The first group only needs one digit neighbour; the
# second (S, B) is also common in ids and hex, so it needs digits on both sides.
_LETTER_DIGITS_EASY = {"o": "0", "O": "0", "l": "1", "I": "1", "i": "1", "|": "1"}
_LETTER_DIGITS_HARD = {"S": "5", "s": "5", "B": "8"}
_EASY_CHARS = "".join(_LETTER_DIGITS_EASY)  # `not tok.strip(_EASY_CHARS)`: every character is one of them

_TOKEN_RE = re.compile(r"[A-Za-z]+|\d+|\s+|.", re.S)
_KIND = {
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "w"),
    **dict.fromkeys("0123456789", "d"),
    **dict.fromkeys(" \t\n\r\x0b\x0c", "s"),
}
_DIGIT_SEPARATORS = frozenset(" \t\n\r-.,/()_*~:;+")
_AT_WORDS = frozenset({"at"})
_DOT_WORDS = frozenset({"dot", "period", "punto"})
_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_HEAD = itemgetter(slice(5))  # a token's first five characters
# the heads of the number words and of any two glued together: a glued number ("fivefive") has one
_NUMBER_HEADS = frozenset(map(_HEAD, (*_GLUED_WORDS, *map("".join, product(_GLUED_WORDS, repeat=2)))))
_EASY_LOWER = sorted({c.lower() for c in _LETTER_DIGITS_EASY if c.isalpha()})
_ASCII_SPACE = "".join(c for c in map(chr, range(128)) if c.isspace())  # what `\s` and isspace() accept
_WS = "[" + re.escape(_ASCII_SPACE) + "]"


@dataclass(frozen=True, init=False)
class NormalizedText:
    """The two normalised layers of `original`, each with per-character original spans."""

    original: str
    clean: str
    compact: str
    # immutable sequences (tuples, or `range`s where the map is the identity)
    clean_starts: Sequence[int]
    clean_ends: Sequence[int]
    compact_starts: Sequence[int]
    compact_ends: Sequence[int]
    # per-text results detectors share (e.g. model features); not part of the value
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __init__(
        self,
        original: str,
        clean: str,
        compact: str,
        clean_starts: Sequence[int],
        clean_ends: Sequence[int],
        compact_starts: Sequence[int],
        compact_ends: Sequence[int],
    ) -> None:
        # One of these is built per message: the fields are set in one go through the instance dict
        # (what the frozen dataclass's own __init__ does with eight object.__setattr__ calls).
        self.__dict__.update(
            original=original,
            clean=clean,
            compact=compact,
            clean_starts=clean_starts,
            clean_ends=clean_ends,
            compact_starts=compact_starts,
            compact_ends=compact_ends,
            memo={},
        )

    def span(self, layer: Layer, i: int, j: int) -> tuple[int, int]:
        """Original `(start, end)` covered by characters `[i, j)` of `layer` (empty range -> empty span)."""
        starts, ends = (
            (self.clean_starts, self.clean_ends) if layer == "clean" else (self.compact_starts, self.compact_ends)
        )
        n = len(starts)
        if n == 0:
            return (0, 0)
        i = max(0, min(i, n - 1))
        j = max(i + 1, min(j, n))
        return (starts[i], ends[j - 1])

    def is_obfuscated(self, layer: Layer, i: int, j: int) -> bool:
        """True when layer characters `[i, j)` differ from the original text they came from."""
        start, end = self.span(layer, i, j)
        text = self.clean if layer == "clean" else self.compact
        return text[i:j] != self.original[start:end]


# The per-character maps of long texts hold many ints above 256, which Python does not cache: taking
# them as slices of this table shares its int objects instead of allocating one per character.
_OFFSETS = tuple(range(8193))


def _offsets(start: int, end: int) -> Sequence[int]:
    """The ints start..end-1 (as `range(start, end)`), shared from `_OFFSETS` where it has them."""
    return _OFFSETS[start:end] if end < len(_OFFSETS) else range(start, end)


# non-ASCII characters, with the short ASCII stretches between them ("5" in "4️⃣5️⃣"), which are cheaper
# to take one by one along with them than to copy as a piece of their own
_NON_ASCII = re.compile(r"[^\x00-\x7f](?:[\x00-\x7f]{0,3}[^\x00-\x7f])*")


def _clean_layer(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    if text.isascii():
        n = len(text)
        return text, range(n), range(1, n + 1)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    copied = 0  # text[:copied] is in `out`
    for m in _NON_ASCII.finditer(text):
        run, end = m.span()
        if copied < run:  # the ASCII characters before the run, kept as they are
            out.append(text[copied:run])
            starts.extend(_offsets(copied, run))
            ends.extend(_offsets(copied + 1, run + 1))
        for i in range(run, end):
            ch = text[i]
            for c in ch if ch.isascii() else _clean_char(ch):
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
        copied = end
    out.append(text[copied:])
    starts.extend(_offsets(copied, n))
    ends.extend(_offsets(copied + 1, n + 1))
    # keycaps: "5" VS16 U+20E3 -> the digit already emitted; the two marks were dropped as invisible /
    # combining, so only the span needs widening to cover them (masking must hide the whole glyph).
    if _KEYCAP in text:
        for k in range(len(starts)):
            e = ends[k]
            while e < n and text[e] in ("\ufe0f", "\ufe0e", _KEYCAP):
                e += 1
            ends[k] = e
    return "".join(out), tuple(starts), tuple(ends)


class _Builder:
    """Builds the compact layer of `clean`: the replacements, and the clean text between them copied.

    Text is kept in pieces (joined once), with the clean-layer span of each character."""

    __slots__ = ("clean", "copied", "ends", "glue", "pieces", "starts")

    def __init__(self, clean: str) -> None:
        self.clean = clean
        self.copied = 0  # clean characters [0, copied) are in the layer (copied or replaced)
        self.pieces: list[str] = []
        self.starts: list[int] = []  # one entry per character, so len(starts) is the length so far
        self.ends: list[int] = []
        self.glue: list[int] = []  # indices of "@"/"." that swallow the spaces around them

    def copy_to(self, end: int) -> None:
        """Clean characters [copied, end) kept as they are, each mapped to itself."""
        start = self.copied
        self.pieces.append(self.clean[start:end])
        if end < len(_OFFSETS):  # as `_offsets`, without the call
            self.starts.extend(_OFFSETS[start:end])
            self.ends.extend(_OFFSETS[start + 1 : end + 1])
        else:
            self.starts.extend(range(start, end))
            self.ends.extend(range(start + 1, end + 1))
        self.copied = end

    def emit(self, s: str, start: int, end: int, *, glue: bool = False) -> None:
        """Characters `s` that replace clean characters [start, end) as a whole ("five" -> "5"), after
        copying the clean characters before `start` that are not in the layer yet."""
        if self.copied < start:
            self.copy_to(start)
        n = len(s)
        if glue:
            size = len(self.starts)
            self.glue.extend(range(size, size + n))
        self.pieces.append(s)
        self.starts.extend([start] * n)
        self.ends.extend([end] * n)
        self.copied = end


@lru_cache(maxsize=4096)
def _split_glued(word: str) -> list[tuple[str, int, int]] | None:
    """Split "fivefivefive" into number words (with offsets), or None when it is not made of them."""
    parts: list[tuple[str, int, int]] = []
    pos = 0
    while pos < len(word):
        for w in _GLUED_WORDS:
            if word.startswith(w, pos):
                parts.append((w, pos, pos + len(w)))
                pos += len(w)
                break
        else:
            return None
    return parts if len(parts) >= 2 else None


def _numberish(kinds: list[str], low: list[str], k: int) -> bool:
    """Token k reads as a number: digits, a number word or glued number words (k == -1: none)."""
    if k < 0 or k >= len(kinds):
        return False
    if kinds[k] == "d":
        return True
    lw = low[k]
    return lw in _UNITS or lw in _TENS or (kinds[k] == "w" and _split_glued(lw) is not None)


def _neighbour(words: list[str], kinds: list[str], k: int, step: int) -> int:
    """Index of the next non-separator token from k in direction step, with at most one separator
    character between them, or -1."""
    n = len(words)
    seen = 0
    j = k + step
    while 0 <= j < n and (kinds[j] == "s" or (kinds[j] == "p" and words[j] in _DIGIT_SEPARATORS)):
        seen += len(words[j])
        if seen > 1:
            return -1
        j += step
    return j if 0 <= j < n else -1


def _domain_follows(words: list[str], kinds: list[str], low: list[str], k: int) -> tuple[bool, int]:
    """True when the tokens after index k spell a domain ("gmail dot com", "example.org", "outlook");
    and the index of the furthest token looked at (or that would have been, past the end)."""
    n = len(words)
    j = k + 1
    if j < n and kinds[j] == "s" and len(words[j]) <= 2:
        j += 1
    labels: list[str] = []
    while j < n and kinds[j] in ("w", "d"):
        label = low[j]
        j += 1
        while j < n and (kinds[j] in ("w", "d") or words[j] == "-"):  # "smith72", "my-site"
            label += low[j]
            j += 1
        labels.append(label)
        # a separator: ".", " . ", " dot ", "[dot]"
        m = j
        if m < n and kinds[m] == "s" and len(words[m]) <= 2:
            m += 1
        if m < n and (words[m] == "." or low[m] in _DOT_WORDS):
            m += 1
        elif m + 2 < n and words[m] in _BRACKETS and low[m + 1] in _DOT_WORDS and words[m + 2] in ")]}>":
            m += 3
        else:
            j = m + 2
            break
        if m < n and kinds[m] == "s" and len(words[m]) <= 2:
            m += 1
        j = m
    if len(labels) >= 2:
        return is_tld(labels[-1]), j
    return len(labels) == 1 and labels[0] in MAIL_PROVIDERS, j


_Window = tuple[list[str], list[str], list[str], list[int], bool]


def _window(clean: str, lo: int, hi: int, first: int, last: int) -> _Window:
    """The tokens of `clean` around the candidates at `first`..`last` (see `_rewrite`), from about `lo`
    to `hi`: tokenised from `lo`, dropping the first token, which may be the tail of a longer one, to
    `hi`, where the last token may be cut short, and widened until `_BEFORE` tokens come before `first`
    (or the text starts) and `_AFTER` whole ones after `last` (or the text ends)."""
    size = len(clean)
    lo, hi = max(0, lo), min(size, hi)
    while True:
        words = _TOKEN_RE.findall(clean, lo, hi)
        start = lo
        if lo:
            start += len(words[0])
            del words[0]
        offsets = list(accumulate(map(len, words), initial=start))
        cut = hi < size
        if (lo and bisect_left(offsets, first) < _BEFORE) or (
            cut and bisect_left(offsets, last) + _AFTER >= len(words)
        ):
            lo, hi = max(0, lo - 2 * _WINDOW), min(size, hi + 2 * _WINDOW)
            continue
        kinds = list(map(_KIND.get, map(itemgetter(0), words), repeat("p")))
        return words, kinds, list(map(str.lower, words)), offsets, cut


def _rewrite(window: _Window, p: int, b: _Builder) -> int:
    """Apply the first rule that fires at the token starting at clean offset p (emitting into `b`);
    return the index in the window of the first token after the ones rewritten, or -1 when no rule
    fires (the token is then copied like any other), or `_SHORT` (with nothing emitted) when the window
    is cut short and `_domain_follows` reads its last token.

    `window` (see `_window`): tokens of the clean text (their kinds and lower case), `offsets[i]` the
    clean offset of `words[i]` (`offsets[len(words)]` the end of the last one), and whether the last
    token is cut. Every rule but the domain one reads at most four tokens after k and two before."""
    words, kinds, low, offsets, cut = window
    n = len(words)
    k = bisect_left(offsets, p)
    tok, cs, ce = words[k], offsets[k], offsets[k + 1]
    kind = kinds[k]
    lw = low[k]
    if kind == "w":
        if lw in _TENS:
            # "twenty one" / "twenty-one" -> 21
            j = k + 1
            if (
                j + 1 < n
                and words[j] in ("-", " ")
                and low[j + 1] in _UNITS
                and len(_UNITS[low[j + 1]]) == 1
                and _UNITS[low[j + 1]] != "0"
            ):
                b.emit(_TENS[lw] + _UNITS[low[j + 1]], cs, offsets[j + 1 + 1])
                return j + 2
            b.emit(_TENS[lw] + "0", cs, ce)
            return k + 1
        if lw in _UNITS:
            b.emit(_UNITS[lw], cs, ce)
            return k + 1
        if lw in _REPEAT:
            j = _neighbour(words, kinds, k, 1)
            if j != -1 and (low[j] in _UNITS or low[j] in _ZERO_WORDS or (kinds[j] == "d" and len(words[j]) == 1)):
                digit = _UNITS.get(low[j]) or _ZERO_WORDS.get(low[j]) or words[j]
                b.emit(digit * int(_REPEAT[lw]), cs, offsets[j + 1])
                return j + 1
        if lw in _ZERO_WORDS or (len(tok) <= 3 and not tok.strip(_EASY_CHARS)):
            # "oh", "O", "l", "lO": digits only inside a digit run
            prev_j = _neighbour(words, kinds, k, -1)
            next_j = _neighbour(words, kinds, k, 1)
            attached = (k > 0 and kinds[k - 1] == "d") or (k + 1 < n and kinds[k + 1] == "d")
            both = _numberish(kinds, low, prev_j) and _numberish(kinds, low, next_j)
            if both or (
                attached and (_numberish(kinds, low, prev_j) or _numberish(kinds, low, next_j)) and lw not in ("i",)
            ):
                if lw in _ZERO_WORDS and lw != "o":
                    b.emit(_ZERO_WORDS[lw], cs, ce)
                else:
                    b.emit("".join(_LETTER_DIGITS_EASY[c] for c in tok), cs, ce)
                return k + 1
        if (
            len(tok) == 1
            and tok in _LETTER_DIGITS_HARD
            and 0 < k < n - 1
            and kinds[k - 1] == "d"
            and kinds[k + 1] == "d"
        ):
            b.emit(_LETTER_DIGITS_HARD[tok], cs, ce)
            return k + 1
        if lw in _AT_WORDS or lw in _DOT_WORDS:
            prev_j = _neighbour(words, kinds, k, -1)
            next_j = _neighbour(words, kinds, k, 1)
            if prev_j != -1 and next_j != -1 and kinds[prev_j] in ("w", "d") and kinds[next_j] in ("w", "d"):
                if lw in _DOT_WORDS:
                    b.emit(".", cs, ce, glue=True)
                    return k + 1
                follows, reach = _domain_follows(words, kinds, low, k)
                if cut and reach >= n - 1:
                    return _SHORT
                if follows:
                    b.emit("@", cs, ce, glue=True)
                    return k + 1
        if len(lw) >= 6:
            parts = _split_glued(lw)
            if parts:
                for w, ps, pe in parts:
                    digits = _UNITS.get(w) or (_TENS[w] + "0")
                    b.emit(digits, cs + ps, cs + pe)
                return k + 1
    elif kind == "p":
        # "(at)", "[dot]", "{ at }"
        if tok in _BRACKETS:
            j = k + 1
            if j < n and kinds[j] == "s":
                j += 1
            if j < n and (low[j] in _AT_WORDS or low[j] in _DOT_WORDS or words[j] in ("@", ".")):
                word_j = j
                j += 1
                if j < n and kinds[j] == "s":
                    j += 1
                if j < n and words[j] == _BRACKETS[tok]:
                    w = low[word_j]
                    sym = "@" if (w in _AT_WORDS or w == "@") else "."
                    b.emit(sym, cs, offsets[j + 1], glue=True)
                    return j + 1
        if tok == "@":
            b.emit("@", cs, ce, glue=True)
            return k + 1
        if tok == "|" and 0 < k < n - 1 and kinds[k - 1] == "d" and kinds[k + 1] == "d":
            b.emit("1", cs, ce)
            return k + 1
        # "gmail . com": a spaced dot before a top-level domain joins the two words
        if (
            tok == "."
            and k > 0
            and kinds[k - 1] == "s"  # " . ": a sentence's full stop has no space before it
            and k + 1 < n
            and kinds[k + 1] == "s"
            and (next_j := _neighbour(words, kinds, k, 1)) != -1
            and (prev_j := _neighbour(words, kinds, k, -1)) != -1
            and kinds[next_j] == "w"
            and kinds[prev_j] in ("w", "d")
            and is_tld(low[next_j])
        ):
            b.emit(".", cs, ce, glue=True)
            return k + 1
    return -1


# --- candidates: where a rule of `_rewrite` may fire ---------------------------------------------------
# The clean layer is ASCII (every replacement `_clean_char` makes is). Its tokens (`_TOKEN_RE`) are
# maximal runs of letters, of digits, of white space (`\s`: `_ASCII_SPACE`), or single other characters,
# so a token boundary shows in the two characters around it, and tokenising a stretch of the text that
# starts at a token boundary gives the text's own tokens there (only the last one may be cut short where
# the stretch ends). `_compact_layer` therefore tokenises only a window around each candidate that
# `_candidates` finds: the start of a token `_rewrite` may rewrite (more is harmless: `_rewrite` then
# returns -1), found with what its rule needs at the very least:
#  - number words, glued numbers, repeat and dot words: every word token whose lower-case first five
#    letters are the head of one (as `_NUMBER_HEADS`; a shorter head is the whole token);
#  - easy letters and zero words ("I", "lO", "oh"; 1-3 of i/l/o, "L" let in): a digit right before or
#    after the token, or a digit or a number word's head one character after it (the rule needs a
#    number-like next neighbour, or a digit token next to it);
#  - S/s/B ("b" let in): a digit on both sides; "|" the same;
#  - "at": a word or digits at most one character before and after it (its neighbours);
#  - "@" and the brackets always; "." with white space on both sides (the token before is white space,
#    the token after starts with a `_KIND` space).
# A word is looked for only when its head is among the text's words (a C-level split); its pattern then
# starts with the word itself, so `re` skips ahead to its occurrences.
def _bytes_table(rules: dict[str, str], default: str) -> bytes:
    """A `bytes.translate` table: each ASCII character to its class (`rules`, else `default`)."""
    return bytes(ord(rules.get(chr(i), default)) for i in range(256))


_LETTER_WORDS = _bytes_table({c: c.lower() for c in map(chr, range(128)) if c.isalpha()}, " ")


def _heads_pattern(heads: Iterable[str]) -> str:
    """A pattern matching at the start of a lower-case word token whose head (first five letters) is
    one of `heads`: after a five-letter head the token may go on, a shorter head is the whole token."""
    trie: dict[str, dict] = {}
    for head in heads:
        node = trie
        for c in head:
            node = node.setdefault(c, {})
        node[""] = {}  # a head ends here

    def alternatives(node: dict[str, dict], depth: int) -> str:
        alts = [c + alternatives(child, depth + 1) for c, child in sorted(node.items()) if c]
        if "" in node:
            alts.append("" if depth == 5 else "(?![a-z])")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return alternatives(trie, 0)


def _word_pattern(word: str, context: str = "") -> re.Pattern[bytes]:
    """The head or whole word `word` at the start of a token of the lower-cased text, where `context`
    (`{w}` standing for the word) holds."""
    whole = "" if len(word) == 5 else "(?![a-z])"
    return re.compile(f"{word}(?<![a-z]{word}){whole}{context.replace('{w}', word)}".encode(), re.S)


_EASY_WORDS = {*_ZERO_WORDS, *("".join(p) for size in (1, 2, 3) for p in product(_EASY_LOWER, repeat=size))}
_NEXT_NUMBERISH = f"(?=[0-9]|.[0-9]|.{_heads_pattern(_NUMBER_HEADS)})"
_WORD_PATTERNS: dict[bytes, re.Pattern[bytes]] = {
    **{t.encode(): _word_pattern(t, "(?:(?<=[0-9]{w})|" + _NEXT_NUMBERISH + ")") for t in _EASY_WORDS},
    **{t.encode(): _word_pattern(t, "(?<=[0-9]{w})(?=[0-9])") for t in {c.lower() for c in _LETTER_DIGITS_HARD}},
    **{t.encode(): _word_pattern(t, "(?:(?<=[0-9]{w})|(?<=[a-z0-9].{w}))(?=.?[a-z0-9])") for t in _AT_WORDS},
    **{h.encode(): _word_pattern(h) for h in {*_NUMBER_HEADS, *map(_HEAD, _REPEAT), *map(_HEAD, _DOT_WORDS)}},
}
_WORD_HEADS_ALL = frozenset(_WORD_PATTERNS)
_MAYBE_REWRITTEN = frozenset({*(h.decode() for h in _WORD_PATTERNS), *_BRACKETS, "@", "|", "."})
_SIGN_CANDIDATES = re.compile(  # each alternative starts with its sign, so `re` skips to the signs
    rf"@|{'|'.join(map(re.escape, _BRACKETS))}|\|(?<=[0-9]\|)(?=[0-9])"
    rf"|\.(?<={_WS}\.)(?=[{re.escape(''.join(c for c, kind in _KIND.items() if kind == 's'))}])".encode()
)


def _candidates(clean: str) -> list[int]:
    """The start of each candidate token of `clean` (see above), in order."""
    raw = clean.encode("ascii")
    found = list(map(re.Match.start, _SIGN_CANDIDATES.finditer(raw)))
    heads = _WORD_HEADS_ALL.intersection(map(_HEAD, raw.translate(_LETTER_WORDS).split()))
    if heads:
        low = raw.lower()
        for head in heads:
            found.extend(map(re.Match.start, _WORD_PATTERNS[head].finditer(low)))
        found.sort()
    return found


# Tokens `_rewrite` needs around a candidate (see there), and the characters first tokenised each side.
_BEFORE, _AFTER = 3, 6
_SHORT = -2  # `_rewrite`: the window is too short
_WINDOW, _GAP = 24, 96
_WHOLE_BELOW = 150  # characters


def _windows(clean: str) -> Iterator[tuple[list[int], _Window]]:
    """The candidates of `clean` in order, in groups that share a window of tokens."""
    size = len(clean)
    if size < _WHOLE_BELOW:
        # a short text is tokenised whole at little cost, and its candidates are then the tokens whose
        # lower-case head is one `_candidates` looks for (cheaper than its searches for each word)
        window = _window(clean, 0, size, 0, 0)
        yield list(compress(window[3], map(_MAYBE_REWRITTEN.__contains__, map(_HEAD, window[2])))), window
        return
    cands = _candidates(clean)
    i, count = 0, len(cands)
    while i < count:
        # the candidates less than _GAP characters apart share one window
        j = i + 1
        while j < count and cands[j] - cands[j - 1] < _GAP:
            j += 1
        yield cands[i:j], _window(clean, cands[i] - _WINDOW, cands[j - 1] + _WINDOW, cands[i], cands[j - 1])
        i = j


def _compact_layer(clean: str) -> tuple[str, list[int], list[int]] | None:
    """The compact layer of `clean` (ASCII, as every clean layer), with the clean span of each of its
    characters; None when no rule changes anything (the compact layer is then `clean`, mapped to itself)."""
    size = len(clean)
    b = _Builder(clean)  # copies the text between the rewrites itself
    done = 0  # clean characters [0, done) are rewritten, or copied without a look
    for cands, window in _windows(clean):
        for p in cands:
            if p < done:
                continue  # taken by an earlier rewrite ("twenty one", "double five", "(at)")
            end = _rewrite(window, p, b)
            if end == _SHORT:  # a domain after "at" may go on: tokenise up to the text's end
                window = _window(clean, cands[0] - _WINDOW, size, cands[0], cands[-1])
                end = _rewrite(window, p, b)
            if end != -1:
                done = window[3][end]

    if not b.pieces:
        return None  # no rule fired
    if b.copied < len(clean):
        b.copy_to(len(clean))

    # drop the spaces around glue characters: "jane @ gmail" -> "jane@gmail"
    chars = "".join(b.pieces)
    if b.glue:
        keep = [True] * len(chars)
        for g in b.glue:
            j = g - 1
            while j >= 0 and chars[j].isspace():
                keep[j] = False
                j -= 1
            j = g + 1
            while j < len(chars) and chars[j].isspace():
                keep[j] = False
                j += 1
        if False in keep:
            return "".join(compress(chars, keep)), list(compress(b.starts, keep)), list(compress(b.ends, keep))
    return chars, b.starts, b.ends


# --- fast path: text the compact layer leaves as it is ------------------------------------------------
# Most messages contain nothing `_compact_layer` would change; their compact layer is the clean layer
# with the identity map. `_may_change(clean)` (for ASCII `clean`) is a cheap OVER-approximation of
# "some rule of `_compact_layer` fires": it is False only when none can, and the loop runs only when it
# is True. Tokens are those of `_TOKEN_RE`: in ASCII text a word token is a maximal run of letters and
# a digit token a maximal run of digits. Why each check covers its rules:
#  1. A number word ("one", "twenty") always becomes digits, and a glued one ("fivefive") is a number
#     word followed by at least one more, so it starts with a two-word concatenation (6+ letters): the
#     first five letters of every such token are in `_NUMBER_HEADS`. With no such token, "numberish"
#     (a rule's test for a number-like neighbour) holds exactly for digit tokens; check 3 relies on it.
#  2. "at", the dot words and the repeat words change only in the context `_CONTEXT_RE` over-approximates:
#     a repeat word needs a digit or a zero word at most one character after it; a dot word a word or
#     digits at most one separator character after it; "at" the same, and then `domain_follows`: a mail
#     provider, or a label followed by a dot separator ("." / dot word / "[dot]") and another label.
#  3. The class string (`_CLASSES`: digit -> 0, o/O/l/I/i -> o, h/H (of "oh") -> h, S/s/B -> s, other
#     letters -> a, ASCII white space -> " ", opening/closing brackets -> "(" / ")", "@", ".", "|"
#     kept, anything else -> "-") has a match of `_CLASS_RULES` wherever one of these rules can fire:
#     an easy-letter or zero-word token ("o".."ooo", "oh") becomes digits only with a digit token
#     right next to it ("5O", "O5"), or one separator character away on both sides ("5 oh 5");
#     S/s/B and "|" only right between two digits ("5S5"); "@" is emitted as itself, so it changes the
#     text only by gluing the white space next to it (" @", "@ "); a lone dot only as " . " between a
#     word or number and a word; a bracket rule needs "(", white space, "at"/dot word/"@"/".", white
#     space and ")".
# A rule that does not fire copies its token unchanged, so when no check matches the loop would copy
# every token (and glue nothing). tests/test_normalize_fast_path.py compares this with the loop on
# random text made of the pieces these rules look at.
def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NUMBER_HEADS_B = frozenset(h.encode() for h in _NUMBER_HEADS)
_CONTEXT_WORDS = frozenset(w.encode() for w in (*_AT_WORDS, *_DOT_WORDS, *_REPEAT))
_WORD_HEADS = _NUMBER_HEADS_B | frozenset(map(_HEAD, _CONTEXT_WORDS))  # one test for checks 1 and 2
_DOT_WORD = f"(?:{_alternatives(_DOT_WORDS)})"
_CONTEXT_RE = re.compile(  # on the lower-cased text
    (
        rf"(?:{_alternatives(_REPEAT)})[^a-z0-9]?(?:[0-9]|(?:{_alternatives(_ZERO_WORDS)})(?![a-z]))"
        rf"|{_DOT_WORD}(?![a-z])[^a-z0-9]?[a-z0-9]"
        rf"|(?:{'|'.join(rf'{w}(?<![a-z]{w})' for w in _AT_WORDS)})(?![a-z])[^a-z0-9]?"
        rf"(?:(?:{_alternatives(MAIL_PROVIDERS)})(?![a-z0-9-])"
        rf"|[a-z0-9][a-z0-9-]*+{_WS}{{0,2}}(?:\.|{_DOT_WORD}|[(\[{{<]{_DOT_WORD}[)\]}}>]){_WS}{{0,2}}[a-z0-9])"
    ).encode()
)
_CLASSES = _bytes_table(
    {
        **{c: "a" for c in map(chr, range(128)) if c.isalpha()},
        **{c: "h" for w in _ZERO_WORDS for c in w + w.upper()},
        **dict.fromkeys(_LETTER_DIGITS_HARD, "s"),
        **{c: "o" for c in _LETTER_DIGITS_EASY if c.isalpha()},
        **dict.fromkeys("0123456789", "0"),
        **dict.fromkeys(_ASCII_SPACE, " "),
        **dict.fromkeys(_BRACKETS, "("),
        **dict.fromkeys(_BRACKETS.values(), ")"),
        **{c: c for c in "@.|"},
    },
    "-",
)


def _classes_of(words: Iterable[str]) -> str:
    """Alternatives matching the class strings of `words` in lower or upper case (mixed case: the
    letters of these words have one class in both cases, b/B being the only letter that does not)."""
    return "|".join(sorted({v.encode().translate(_CLASSES).decode() for w in words for v in (w, w.upper())}))


_EASY_TOKENS = sorted({"o", "oo", "ooo", *_classes_of(_ZERO_WORDS).split("|")})
_EASY = "|".join(_EASY_TOKENS)
_CLASS_RULES = re.compile(
    (
        "0(?:"  # at a digit: check 3's digit rules
        # "O5": a whole token before it (the first lookbehind only makes most digits fail fast)
        + rf"(?<=[{''.join(sorted({t[-1] for t in _EASY_TOKENS}))}]0)(?:"
        + "|".join(rf"(?<={t}0)(?<![aohs]{t}0)" for t in _EASY_TOKENS)
        + rf")|(?:{_EASY})(?![aohs])"  # "5O": a whole token after it
        + rf"|[^0aohs](?:{_EASY})[^0aohs]0"  # "5 oh 5"
        + r"|[s|]0)"  # "5S5", "5|5"
        + "|@(?:(?<= @)| )"  # " @", "@ "
        + r"|\.(?<=[0aohs] \.) [aohs]"  # "gmail . com"
        + rf"|\( *(?:{_classes_of(_AT_WORDS | _DOT_WORDS)}|[@.]) *\)"  # "(at)", "[ dot ]", "(.)"
    ).encode()
)


def _may_change(clean: str) -> bool:
    """False only when `_compact_layer(clean)` is `clean` with the identity map (for ASCII `clean`)."""
    raw = clean.encode("ascii")
    words = raw.translate(_LETTER_WORDS).split()  # the word tokens, lower-cased
    if not _WORD_HEADS.isdisjoint(map(_HEAD, words)) and (
        not _NUMBER_HEADS_B.isdisjoint(map(_HEAD, words))
        or (not _CONTEXT_WORDS.isdisjoint(words) and _CONTEXT_RE.search(raw.lower()) is not None)
    ):
        return True
    return _CLASS_RULES.search(raw.translate(_CLASSES)) is not None


def sanitize(text: str) -> str:
    """Replace lone surrogates (undecodable input) by "?" one for one, so offsets stay the same."""
    if text.isascii():  # no surrogates, and no need to encode a copy to find out
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


_SCREEN_BELOW = 400  # characters


def normalize(text: str) -> NormalizedText:
    """Normalise `text` into the clean and compact layers with spans back to `text` (see module doc)."""
    clean, c_starts, c_ends = _clean_layer(text)
    # Short texts mostly hold nothing a rule rewrites, which `_may_change` sees at less cost than
    # `_compact_layer` takes to find out; long ones nearly always hold some candidate.
    layer = None if len(clean) < _SCREEN_BELOW and not _may_change(clean) else _compact_layer(clean)
    if layer is None:
        # the compact layer is the clean layer, and its map composed with the clean map is the clean map
        return NormalizedText(text, clean, clean, c_starts, c_ends, c_starts, c_ends)
    compact, k_starts, k_ends = layer
    # compose compact -> clean -> original (for ASCII text the clean layer IS the original, so the
    # compact spans are already original offsets). Every compact start is the start of a clean
    # character (below len(clean)) and every end the end of one (1..len(clean)), so both index the
    # clean map directly.
    if clean is text:
        o_starts, o_ends = tuple(k_starts), tuple(k_ends)
    else:
        o_starts = tuple(map(c_starts.__getitem__, k_starts))
        o_ends = tuple(map(c_ends.__getitem__, map(sub, k_ends, repeat(1))))
    return NormalizedText(text, clean, compact, c_starts, c_ends, o_starts, o_ends)
