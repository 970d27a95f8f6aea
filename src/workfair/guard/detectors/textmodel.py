"""A tiny linear text classifier read from plain JSON: TF-IDF features, then logistic regression.

The models are trained by `benchmarks/screening/train.py` (scikit-learn, the `bench` extra) with the
SAME `features()` function as the analyzer, and saved as JSON weights, so running them needs neither
scikit-learn nor numpy: a dict look-up per feature. Loaded lazily, once per process.

JSON format: {"heads": [name, ...], "bias": [b, ...], "sublinear_tf": true,
"features": {feature: [idf, w_head0, w_head1, ...]}}; a head's score is
sigmoid(bias + sum(tfidf(f) * w) / ||tfidf||).

Speed: a long text (a job post has about a thousand features) is scored with numpy when it is
installed (the identity app's image libraries bring it): a sort and two dot products instead of a
Python loop, 2-3x faster, its rows joined from per-word bytes cached with the words; short texts stay
on the plain path, where numpy's per-call cost would dominate. Both give the same scores (to the last
bit or two of a float). A detector that acts only above a probability asks `scores_reaching`, which
proves from per-word sums that nearly every short text is below it without scoring it (see there).
Two models that score the same long texts (abuse and spam) do it as a `ModelPair`: their rows joined,
sorted and counted in one pass, each model's arithmetic unchanged, so the same scores to the bit.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from itertools import compress, islice, pairwise, repeat
from operator import itemgetter
from typing import Any

try:  # optional: a faster path for long texts (see the module doc)
    import numpy as np
except ImportError:  # pragma: no cover - numpy comes with the identity app's dependencies
    np = None  # type: ignore[assignment]

_LEET = str.maketrans(
    {"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t", "|": "l", "+": "t"}
)
_URLS = re.compile(r"https?://\S+|www\.\S+")
# Mentions, HTML entities and "rt": (?<!\w)@\w+|&#\d+;|&\w+;|\brt\b with each alternative starting at
# its first character and looking behind from there ("rt" is a word when no word character comes
# before or after it). The same matches, but a pattern whose alternatives all start with a literal is
# scanned for its first characters quickly instead of tried at every position.
_MENTIONS = re.compile(r"@(?<!\w@)\w+|&#\d+;|&\w+;|rt(?<!\wrt)(?!\w)")
# Its one alternative that needs neither "@" nor "&": a text with neither matches `_MENTIONS` only
# if it matches this. Starting with a literal, it is found much faster than `_MENTIONS`, which
# stops at every "r" (nearly every long text holds an "rt", as in "start", few the word "rt").
_RT_WORD = re.compile(r"rt(?<!\wrt)(?!\w)")
_SPACED = re.compile(r"\b(?:[a-z][\s.*_\-]){2,}[a-z]\b")
# In every `_SPACED` match the second and third letters stand alone: a separator, a letter, a
# separator, a letter, then a separator or a word boundary. Searching for that (a pattern that
# starts with a character class, which `re` scans for quickly) rules out nearly every text.
_SPACED_HINT = re.compile(r"[\s.*_\-][a-z][\s.*_\-][a-z](?:[\s.*_\-]|\b)")
_REPEATS = re.compile(r"(.)\1{2,}")
_WORD = re.compile(r"[a-z][a-z']+")
# words mixing letters and leet characters ("sh1t", "@ss"); plain words and numbers are left alone
_LEET_WORD = re.compile(r"(?=[a-z@$!|+\d]*[a-z])(?=[a-z@$!|+\d]*[@$!|+\d])[a-z@$!|+\d]+")
_SPACING = re.compile(r"[\s.*_\-]")
# A run that holds a letter and a leet character has a leet character next to a letter (the run is
# made of the two kinds only): without one, `_LEET_RUN` changes nothing. Starting with a character
# class, this search is quick; most texts have a digit or a "!" but few next to a letter.
_LEET_NEXT_TO_LETTER = re.compile(r"[@$!|+\d](?:(?<=[a-z].)|(?=[a-z]))")
# The matches of `_LEET_WORD` are exactly the maximal runs of its characters that hold a letter and a
# leet character (it fails at a run's start only when the run lacks one, and then at every later
# position too). Finding the runs with a leet character from their start is one pass; the letter is
# checked on each.
_LEET_RUN = re.compile(r"(?<![a-z@$!|+\d])[a-z@$!|+\d]*[@$!|+\d][a-z@$!|+\d]*")
_LETTER = re.compile(r"[a-z]")


def _shape_of(c: str) -> str:
    if _SPACING.fullmatch(c):
        return " "  # a separator of `_SPACED` (and "_", the one that is a word character)
    if _LETTER.fullmatch(c):
        return "a"
    if re.fullmatch(r"\d", c):
        return "d"  # a digit: a leet character and a word character
    if re.fullmatch(r"[@$!|+]", c):
        return "l"  # another leet character, not a word character
    return "w" if re.fullmatch(r"\w", c) else "x"


# Each ASCII character as the class the two searches below look at, classified by the patterns'
# own character classes. In the translated text (one C pass) each search becomes one for a literal,
# which `re` finds by scanning for the literal: on long texts several times cheaper than the
# searches themselves, which stop at every space or digit.
_SHAPES = {i: _shape_of(chr(i)) for i in range(128)}
SHAPE_MIN_LENGTH = 120  # shorter texts are searched directly (faster below about 100 characters)
# `_LEET_NEXT_TO_LETTER` in a shape: a leet character ("d" or "l") right before or after a letter
_SHAPE_LEET = (re.compile(r"d(?:(?<=ad)|(?=a))"), re.compile(r"l(?:(?<=al)|(?=a))"))
# `_SPACED_HINT` in a shape: a separator, a letter, a separator, a letter, then a separator, a
# non-word character ("l", "x") or the end (`\b` after a letter)
_SHAPE_SPACED = re.compile(r" a a(?:[ lx]|\Z)")


def _leet_next_to_letter(t: str, shape: str | None) -> bool:
    """Whether `_LEET_NEXT_TO_LETTER` matches `t`, whose `_SHAPES` translation is `shape` (if ASCII)."""
    if shape is None:
        return _LEET_NEXT_TO_LETTER.search(t) is not None
    digit, other = _SHAPE_LEET
    return digit.search(shape) is not None or other.search(shape) is not None


def _spaced_hint(t: str, shape: str | None) -> bool:
    """Whether `_SPACED_HINT` matches `t`, whose `_SHAPES` translation is `shape` (if ASCII)."""
    if shape is None:
        return _SPACED_HINT.search(t) is not None
    return _SHAPE_SPACED.search(shape) is not None


def _undo_leet(m: re.Match[str]) -> str:
    run = m.group()
    return run.translate(_LEET) if _LETTER.search(run) else run


def model_text(text: str) -> str:
    """The text a model reads: lower case, links/mentions removed, leetspeak and spacing undone."""
    t = text.lower()
    # each step runs only when the characters it needs are there (most texts have no link or leet)
    if "http" in t or "www." in t:
        t = _URLS.sub(" ", t)
    if "@" in t or "&" in t or _RT_WORD.search(t):
        t = _MENTIONS.sub(" ", t)
    # a long ASCII text's shape answers the two cheap searches (see `_SHAPES`); on a short one the
    # translation costs more than it saves
    shape = t.translate(_SHAPES) if len(t) >= SHAPE_MIN_LENGTH and t.isascii() else None
    # leetspeak only inside words ("sh1t", "@ss"), not for standalone numbers
    if _leet_next_to_letter(t, shape):
        t = _LEET_RUN.sub(_undo_leet, t)
        shape = None  # rare: the changed text is searched
    if _spaced_hint(t, shape):
        t = _SPACED.sub(_unspace, t)
    if _has_triple(t):
        t = _REPEATS.sub(r"\1\1", t)
    return t


def _unspace(m: re.Match[str]) -> str:
    return _SPACING.sub("", m.group())


def _has_triple(t: str) -> bool:
    """False only if no character of `t` comes three times in a row (then `_REPEATS` has no match).

    For ASCII text, one character a byte: with x the text as one big-endian number, byte i of
    x ^ (x >> 8) is 0 exactly where character i equals character i - 1 (byte 0: where it is NUL),
    so three equal characters in a row make two zero bytes in a row. Other text just says True."""
    if not t.isascii():
        return True
    x = int.from_bytes(t.encode(), "big")
    return b"\0\0" in (x ^ (x >> 8)).to_bytes(len(t), "big")


@lru_cache(maxsize=65536)
def _char_ngrams(word: str) -> tuple[str, ...]:
    padded = " " + word + " "
    n = len(padded)
    return tuple(padded[i : i + 3] for i in range(n - 2)) + tuple(padded[i : i + 4] for i in range(n - 3))


def model_words(text: str) -> list[str]:
    """The words of `model_text(text)`, in order."""
    return _WORD.findall(model_text(text))


def features(text: str) -> list[str]:
    """Word unigrams and bigrams plus character 3- and 4-grams inside words, of `model_text(text)`."""
    words = model_words(text)
    feats = ["w:" + w for w in words]
    feats.extend("b:" + a + " " + b for a, b in pairwise(words))
    for w in words:
        feats.extend(_char_ngrams(w))
    return feats


# The fields of a word's info tuple (see `LinearTextModel._word_info`); per head h, two more at
# _PER_HEAD + 2h (positive part) and _PER_HEAD + 2h + 1 (raising bigrams).
_KEYS, _FLOOR, _UNIGRAM_SQ, _GRAMS_SQ, _NKEYS, _BIGRAMS, _KEY_BYTES, _BIGRAM_BYTES, _PER_HEAD = range(9)
WordInfo = tuple[Any, ...]
_NONE: dict[str, Any] = {}  # the bigrams of a word that starts none (never written to)
# Rows as the bytes of an array("q"), read by numpy as int64: a text's rows are joined from its
# words' cached bytes in one call, instead of numpy converting a list of Python ints.
_ROW = "q"
_ROW_BYTES = array(_ROW).itemsize


class LinearTextModel:
    """Scores text with the JSON weights of one trained model (see the module doc).

    Weights live in a feature -> row-number dict (str/int only, so the garbage collector never walks
    it) and flat float arrays: scoring is one dict look-up per feature and a few multiplications.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.heads: list[str] = list(data["heads"])
        self.bias: list[float] = [float(b) for b in data["bias"]]
        self.sublinear: bool = bool(data.get("sublinear_tf", True))
        rows: dict[str, list[float]] = data["features"]
        self.index: dict[str, int] = {f: k for k, f in enumerate(rows)}
        self._word_cache: dict[str, WordInfo] = {}
        self.idf = array("d", (r[0] for r in rows.values()))
        self.idf_sq = array("d", (v * v for v in self.idf))
        # weight times idf: a feature seen once contributes exactly this (before the l2 norm)
        self.weighted = [array("d", (r[0] * r[h + 1] for r in rows.values())) for h in range(len(self.heads))]
        # the same numbers as tuples: `itemgetter` reads many rows of a tuple in one C call without
        # making new float objects (the garbage collector stops tracking tuples of floats)
        self._idf_sq_t = tuple(self.idf_sq)
        self._weighted_t = [tuple(w) for w in self.weighted]
        # bigram rows by first word: {first: {second: row}} (words never hold a space), and the same
        # with each row as bytes (`_ROW`) for the numpy path
        self._bigrams: dict[str, dict[str, int]] = {}
        for f, k in self.index.items():
            if f.startswith("b:"):
                first, _, second = f[2:].partition(" ")
                if " " not in second:
                    self._bigrams.setdefault(first, {})[second] = k
        self._bigram_bytes = {
            first: {second: array(_ROW, (k,)).tobytes() for second, k in after.items()}
            for first, after in self._bigrams.items()
        }
        # for `scores_reaching`, per head: max(0, weight*idf) of each row, the bigrams that raise the
        # score as {first: {second: weight*idf}}, and the largest |weight*idf|
        self._positive_t = [tuple(v if v > 0.0 else 0.0 for v in w) for w in self.weighted]
        self._raising: list[dict[str, dict[str, float]]] = []
        for w in self.weighted:
            raising = {a: {b: w[k] for b, k in after.items() if w[k] > 0.0} for a, after in self._bigrams.items()}
            self._raising.append({a: after for a, after in raising.items() if after})
        self._largest = [max(map(abs, w), default=0.0) for w in self.weighted]
        self._head_index = {name: h for h, name in enumerate(self.heads)}
        if np is not None:
            self._np_idf_sq = np.frombuffer(self.idf_sq, dtype=np.float64)
            self._np_weighted = np.stack([np.frombuffer(w, dtype=np.float64) for w in self.weighted], axis=1)
            # the term frequency of each count up to TF_TABLE_SIZE - 1, computed as for any other
            # counts (entry 0 is never read: it holds the value for a count of 1, avoiding log(0))
            counts = np.arange(TF_TABLE_SIZE)
            counts[0] = 1
            self._np_tf = _term_frequencies(counts, self.sublinear)

    def _word_info(self, word: str) -> WordInfo:
        """What `word` brings to any text holding it (cached: words repeat across texts).

        A tuple (fields named by the `_KEYS` .. `_PER_HEAD` constants): the rows of its unigram and
        character n-grams (with repeats, the unigram first); for `scores_reaching`: the sum of idf^2
        over its unigram and distinct n-gram rows, the unigram's idf^2 (0 if not a feature), the
        n-grams' part, the number of rows; the bigram rows it starts ({next word: row}); its rows
        and the bigram rows it starts as bytes (`_ROW`); per head the sum over the rows of
        max(0, weight*idf) and the positive weight*idf of the bigrams it starts ({next word: weight*idf}).
        """
        info = self._word_cache.get(word)
        if info is None:
            get = self.index.get
            unigram = get("w:" + word)
            grams = [k for k in map(get, _char_ngrams(word)) if k is not None]
            keys = tuple(grams) if unigram is None else (unigram, *grams)
            unigram_sq = 0.0 if unigram is None else self.idf_sq[unigram]
            grams_sq = sum(self.idf_sq[k] for k in set(grams))
            info = (keys, unigram_sq + grams_sq, unigram_sq, grams_sq, len(keys), self._bigrams.get(word, _NONE))
            info += (array(_ROW, keys).tobytes(), self._bigram_bytes.get(word, _NONE))
            for positive, raising in zip(self._positive_t, self._raising, strict=True):
                info += (sum(positive[k] for k in keys), raising.get(word, _NONE))
            if len(self._word_cache) >= 50_000:
                self._word_cache.clear()
            self._word_cache[word] = info
        return info

    def _word_infos(self, words: list[str]) -> list[WordInfo]:
        """`_word_info` of each word (when all are cached, in one C-level pass)."""
        try:
            return list(map(self._word_cache.__getitem__, words))
        except KeyError:
            return [self._word_info(word) for word in words]

    def scores(self, text: str, words: list[str] | None = None) -> dict[str, float]:
        """Probability per head for `text` (pass `words = model_words(text)` to reuse them across models).

        Same features as `features(text)`: per-word parts come from a cache, bigrams are looked up."""
        if words is None:
            words = model_words(text)
        return self._scores(words, self._word_infos(words))

    def scores_reaching(self, words: list[str], head: str, p: float, *, bound_words: int) -> dict[str, float] | None:
        """`scores(text, words)` for `words = model_words(text)`, or None if they would give `head` a
        probability below `p` (0 < p < 1); cheap for nearly every short text, which is far below a
        threshold. The bound is tried only for texts of at most `bound_words` words: longer ones
        are scored outright, as their positive sum outgrows the norm's floor and the bound nearly
        never holds (any `bound_words` gives the same answers: scoring is always the fallback).

        Why None is exact: the head's score is sigmoid(bias + z / norm) with z = sum over the distinct
        features of tf * w (w = weight*idf) and norm = sqrt(sum of (tf*idf)^2). As 1 <= tf <= count,
        z <= sum over all feature occurrences of max(0, w) (`positive`, from per-word sums), and
        norm^2 >= sum of idf^2 over any set of distinct features present (`floor`): first the unigram
        and distinct n-grams of one word, if that is not enough the unigrams of the distinct words plus
        the distinct n-grams of one word (unigrams and n-grams never coincide), the bigrams left out. So
        bias + positive / sqrt(floor) < logit(p) proves the score is below p. The comparison keeps
        margins far above any rounding of the float sums: a sum of n terms is off by less than
        n * 2^-52 times the sum of their sizes, which for z is at most n * `_largest` (1e-12 * n
        relative here, for z and for the bound's own sums), plus 1e-9 for the sigmoid."""
        h = self._head_index[head]
        infos = self._word_infos(words)
        if len(words) > bound_words:
            return self._scores(words, infos)
        following = islice(words, 1, None)
        positive = sum(map(itemgetter(_PER_HEAD + 2 * h), infos))
        positive += sum(map(dict.get, map(itemgetter(_PER_HEAD + 2 * h + 1), infos), following, repeat(0.0)))
        n = sum(map(itemgetter(_NKEYS), infos)) + len(words)  # rows plus at most one bigram per word
        # what `positive` must stay under for the score to be below p, per unit of sqrt(floor)
        reach = (math.log(p / (1.0 - p)) - self.bias[h] - 1e-9) * (1.0 - 1e-12 * n)
        margin = 1e-12 * n * (n * self._largest[h] + abs(self.bias[h]))
        if infos:
            # floors from the cheapest: the first word's features, the best word's, then with the
            # unigrams of all distinct words (the largest)
            limit = positive + margin
            if limit < reach * math.sqrt(infos[0][_FLOOR]) or limit < reach * math.sqrt(
                max(map(itemgetter(_FLOOR), infos))
            ):
                return None
            distinct = dict(zip(words, infos, strict=True)).values()
            floor = sum(map(itemgetter(_UNIGRAM_SQ), distinct)) + max(map(itemgetter(_GRAMS_SQ), infos))
            if limit < reach * math.sqrt(floor):
                return None
        elif reach > 0.0:  # no words, no features: the score is sigmoid(bias)
            return None
        return self._scores(words, infos)

    def _scores(self, words: list[str], infos: list[WordInfo]) -> dict[str, float]:
        """The scores for the words `words` of a text and their `infos` (`_word_infos`)."""
        # the rows, with repeats: at most one bigram per pair of neighbouring words, then the words'
        # own; a long text goes to numpy (`_scores_numpy`), its rows joined from the cached bytes
        if np is not None and sum(map(itemgetter(_NKEYS), infos)) + len(words) - 1 >= NUMPY_MIN_FEATURES:
            parts = list(map(dict.get, map(itemgetter(_BIGRAM_BYTES), infos), islice(words, 1, None), repeat(b"")))
            parts += map(itemgetter(_KEY_BYTES), infos)
            joined = b"".join(parts)
            if len(joined) >= NUMPY_MIN_FEATURES * _ROW_BYTES:
                return self._scores_numpy(np.frombuffer(joined, dtype=np.int64))
        bigrams = map(dict.get, map(itemgetter(_BIGRAMS), infos), islice(words, 1, None), repeat(-1))
        keys = [k for k in bigrams if k >= 0]
        for info in infos:
            keys.extend(info[_KEYS])
        uniq = list(dict.fromkeys(keys))  # first-appearance order, as Counter(keys) would give
        # tuples of the weights read with one C-level itemgetter call (a tuple comes back unless there
        # is exactly one row); sums in the same order as a loop over `uniq`, so the same floats
        pick: Callable[[tuple[float, ...]], Any] = itemgetter(*uniq) if len(uniq) > 1 else _rows(uniq)
        norm_sq = sum(pick(self._idf_sq_t))
        z = [b + sum(pick(w)) for b, w in zip(self.bias, self._weighted_t, strict=True)]
        if len(uniq) != len(keys):  # some features repeat: add what their term frequency adds
            counts = Counter(keys)
            for k, c in compress(counts.items(), map((1).__lt__, counts.values())):
                tf = (1.0 + math.log(c)) if self.sublinear else float(c)
                norm_sq += self.idf_sq[k] * (tf * tf - 1.0)
                for h, w in enumerate(self.weighted):
                    z[h] += w[k] * (tf - 1.0)
        norm = math.sqrt(norm_sq) or 1.0
        out = {}
        for h, name in enumerate(self.heads):
            zz = self.bias[h] + (z[h] - self.bias[h]) / norm
            out[name] = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, zz))))
        return out

    def _scores_numpy(self, keys: Any) -> dict[str, float]:
        """`scores` for the feature rows `keys` (an int64 array, with repeats), vectorised (see the
        module doc). The distinct rows and their counts come from `_distinct_counts`: the same arrays
        as `np.unique`'s, so the same dot products."""
        ordered = np.sort(keys)
        rows, counts = _distinct_counts(ordered)
        return self._scores_counted(rows, counts, ordered.size)

    def _scores_counted(self, rows: Any, counts: Any, n: int) -> dict[str, float]:
        """The numpy scores for the distinct feature rows `rows` (ascending) seen `counts` times, `n`
        rows in all (the sum of the counts)."""
        # no count exceeds n: below the table's size, each term frequency is read from it
        tf = self._np_tf.take(counts) if n < TF_TABLE_SIZE else _term_frequencies(counts, self.sublinear)
        # `take` gathers the same rows as indexing with `rows`, several times faster
        norm = math.sqrt(float(self._np_idf_sq.take(rows) @ (tf * tf))) or 1.0
        # bias + z / norm per head in Python floats: the same IEEE operations numpy does per element
        z = (tf @ self._np_weighted.take(rows, axis=0)).tolist()
        out = {}
        for name, b, zz in zip(self.heads, self.bias, z, strict=True):
            out[name] = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, b + zz / norm))))
        return out


def _distinct_counts(ordered: Any) -> tuple[Any, Any]:
    """The distinct values of the sorted int array `ordered` and how often each occurs: what
    `np.unique(ordered, return_counts=True)` gives, found the same way (mark where the value changes,
    count between marks) without its general-purpose overhead."""
    n = ordered.size
    # bounds[i]: value i starts a new run, or i == n (the end): counts are the gaps between them
    bounds = np.empty(n + 1, dtype=bool)
    bounds[0] = bounds[n] = True
    np.not_equal(ordered[1:], ordered[:-1], out=bounds[1:n])
    starts = bounds.nonzero()[0]
    return ordered.compress(bounds[:n]), starts[1:] - starts[:-1]


def _term_frequencies(counts: Any, sublinear: bool) -> Any:
    """The tf of each count in the int array `counts`: 1 + log(count) (sublinear) or the count.
    numpy computes it element by element, so an entry depends only on its own count."""
    return np.where(counts > 1, 1.0 + np.log(counts), 1.0) if sublinear else counts.astype(np.float64)


def _rows(rows: list[int]) -> Callable[[tuple[float, ...]], tuple[float, ...]]:
    """`itemgetter(*rows)` for zero or one row, always returning a tuple."""
    return lambda seq: tuple(seq[k] for k in rows)


NUMPY_MIN_FEATURES = 300  # below this the plain path is faster
TF_TABLE_SIZE = 4096  # term frequencies looked up for texts of fewer rows (see `_scores_numpy`)


class ModelPair:
    """Two models that read the same words, scored together: `scores(words)` equals
    `(first.scores("", words), second.scores("", words))` to the bit, for about the cost of one.

    The rows of both are numbered in one space (the second's after the first's: row k of the second
    is `offset + k`), and each word caches the bytes of both models' rows, so a text's rows are joined,
    sorted and counted once. Sorted, the first model's rows come before the second's, each in its
    own ascending order; cut at `offset`, the distinct rows and counts are exactly the arrays each
    model's `_scores_numpy` finds alone, and each model's own arithmetic (`_scores_counted`) does
    the rest. A model with fewer than NUMPY_MIN_FEATURES rows in the text takes its plain path, as
    it would alone."""

    def __init__(self, first: LinearTextModel, second: LinearTextModel) -> None:
        self.first, self.second = first, second
        self.offset = len(first.idf)
        self._word_cache: dict[str, bytes] = {}
        shift = self.offset
        # the bigram rows of both models by pair of words, {(first, second): bytes}: one look-up per
        # pair where the models' {first: {second: ...}} take two (`zip` makes the pairs: it reuses
        # its tuple, which `pairwise` does not)
        bigrams = {(a, b): row for a, after in first._bigram_bytes.items() for b, row in after.items()}
        for a, after in second._bigrams.items():
            for b, k in after.items():
                bigrams[a, b] = bigrams.get((a, b), b"") + array(_ROW, (k + shift,)).tobytes()
        self._bigram_bytes = bigrams

    def _word_bytes(self, word: str) -> bytes:
        """The bytes of `word`'s rows in both models (the second's shifted), cached."""
        got = self._word_cache.get(word)
        if got is None:
            keys = self.second._word_info(word)[_KEYS]
            got = self.first._word_info(word)[_KEY_BYTES] + array(_ROW, [k + self.offset for k in keys]).tobytes()
            if len(self._word_cache) >= 50_000:
                self._word_cache.clear()
            self._word_cache[word] = got
        return got

    def scores(self, words: list[str]) -> tuple[dict[str, float], dict[str, float]]:
        """The scores of both models for the words `words` of a text (see the class doc)."""
        if np is None:  # pragma: no cover - numpy comes with the identity app's dependencies
            return self.first.scores("", words), self.second.scores("", words)
        try:
            parts = list(map(self._word_cache.__getitem__, words))
        except KeyError:
            parts = [self._word_bytes(word) for word in words]
        parts += map(self._bigram_bytes.get, zip(words, islice(words, 1, None), strict=False), repeat(b""))
        keys = np.sort(np.frombuffer(b"".join(parts), dtype=np.int64))
        n = keys.size
        rows, counts = _distinct_counts(keys)
        # the first model's rows (with repeats, and distinct) are those below `offset`
        n_first = int(keys.searchsorted(self.offset))
        cut = int(rows.searchsorted(self.offset))
        if n_first >= NUMPY_MIN_FEATURES:
            first = self.first._scores_counted(rows[:cut], counts[:cut], n_first)
        else:
            first = self.first.scores("", words)
        if n - n_first >= NUMPY_MIN_FEATURES:
            second = self.second._scores_counted(rows[cut:] - self.offset, counts[cut:], n - n_first)
        else:
            second = self.second.scores("", words)
        return first, second


@lru_cache(maxsize=4)
def load_model(name: str) -> LinearTextModel:
    """The shipped model `workfair/guard/data/<name>.json`, loaded once."""
    with resources.files("workfair.guard").joinpath("data", f"{name}.json").open("r", encoding="utf-8") as fh:
        return LinearTextModel(json.load(fh))


def text_words(norm: Any) -> list[str]:
    """`model_words(norm.clean)`, computed once per normalised text and shared by the models."""
    words = norm.memo.get("model_words")
    if words is None:
        words = norm.memo["model_words"] = model_words(norm.clean)
    return words  # type: ignore[no-any-return]


# The abuse and spam detectors score a long text off the message surface with both models at once:
# there both nearly always score it (each only past its bound, which long texts pass), so the pair
# costs about what one model alone would. Elsewhere each scores alone, when it needs to.
PAIR_MIN_WORDS = 45


@lru_cache(maxsize=1)
def _abuse_and_spam() -> ModelPair:
    return ModelPair(load_model("abuse_model"), load_model("spam_model"))


def abuse_and_spam_scores(norm: Any) -> tuple[dict[str, float], dict[str, float]]:
    """The abuse and spam models' scores of `text_words(norm)`, computed once per normalised text."""
    scores = norm.memo.get("abuse_and_spam_scores")
    if scores is None:
        scores = norm.memo["abuse_and_spam_scores"] = _abuse_and_spam().scores(text_words(norm))
    return scores  # type: ignore[no-any-return]
