"""How specific a cover letter is to its job, and how alike two texts are: pure functions, no
database (docs/subsystems/minding.md).

- `specificity(letter, post, specifics)`: 0..1. Half the TF-IDF cosine of the letter and the post
  (scikit-learn's English stop words and TF-IDF weighting, word unigrams and bigrams; a cosine of `COSINE_FULL` or more
  counts as fully on topic), half the share of the post's specifics the letter names (its skills
  and the post's most distinctive words, `post_specifics`).
- `signature(text)`: a 128-permutation MinHash (datasketch) of the text's word 3-shingles after
  normalisation; `similarity(a, b)` estimates the Jaccard similarity of two texts' shingle sets.
- `band_keys(signature)`: the LSH bucket keys (25 bands of 5 rows, datasketch's optimum for a
  Jaccard threshold of 0.5), each a signed 64-bit integer salted by its band, so a database index
  on one integer column finds every text that shares a band.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

NUM_PERM = 128
SHINGLE_WORDS = 3
LSH_THRESHOLD = 0.5
_LSH_PARAMS = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
BANDS: int = _LSH_PARAMS.b
ROWS: int = _LSH_PARAMS.r
SEED = 1

COSINE_FULL = 0.30  # a TF-IDF cosine this high means the letter is about this post
SPECIFICS_MAX = 10  # the post's specifics a letter is checked for

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.'-][a-z0-9+#]+)*")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {
    # words of every post and every letter: naming them is not being specific
    "work", "job", "project", "need", "looking", "experience", "help", "good", "great", "able", "hello",
    "hi", "dear", "thanks", "thank", "regards", "hire", "client", "freelancer", "team", "skills", "years",
}  # fmt: skip


def normalise(text: str) -> str:
    """Lower-case ASCII-folded text (accents dropped), for shingling and matching."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The text's word n-grams (a text shorter than `size` words is one shingle)."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (uint32 values, `NUM_PERM` of them) of the text's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    items = shingles(text)
    if items:
        minhash.update_batch(list(items))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def signature_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal MinHash values)."""
    if len(a) != len(b) or not len(a):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[int]:
    """One bucket key per LSH band: 8 bytes of BLAKE2b over the band number and its rows."""
    raw = np.asarray(sig, dtype="<u4")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            band.to_bytes(2, "little") + raw[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def post_specifics(title: str, description: str, skills: Iterable[str] = ()) -> list[str]:
    """What a letter written for this post would likely name: its skills, then the words of its
    title and description that are not stop words, most repeated first (title words count twice)."""
    found: list[str] = []
    for skill in skills:
        name = normalise(skill).strip()
        if name and name not in found:
            found.append(name)
    counts: dict[str, int] = {}
    for weight, text in ((2, title), (1, description)):
        for word in words(text):
            if len(word) > 2 and word not in _STOP and any(c.isalpha() for c in word):
                counts[word] = counts.get(word, 0) + weight
    for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if len(found) >= SPECIFICS_MAX:
            break
        if word not in found:
            found.append(word)
    return found[:SPECIFICS_MAX]


def _stem(word: str) -> str:
    return word[:6] if len(word) > 6 else word


def mentioned(letter: str, specifics: Sequence[str]) -> list[str]:
    """The specifics the letter names (a skill of several words: all of them; a word: its first six
    letters, so "migrate" finds "migration")."""
    letter_words = words(letter)
    stems = {_stem(w) for w in letter_words}
    text = " ".join(letter_words)
    found = []
    for item in specifics:
        parts = words(item)
        if not parts:
            continue
        if (len(parts) > 1 and " ".join(parts) in text) or (len(parts) == 1 and _stem(parts[0]) in stems):
            found.append(item)
    return found


def _terms(text: str) -> dict[str, float]:
    """Sublinear term frequencies (1 + ln count) of the text's words and word pairs, stop words
    dropped first (scikit-learn's `TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`)."""
    tokens = [w for w in words(text) if w not in _STOP]
    counts: dict[str, int] = {}
    for term in [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]:
        counts[term] = counts.get(term, 0) + 1
    return {term: 1.0 + math.log(n) for term, n in counts.items()}


def topical_cosine(letter: str, post: str) -> float:
    """TF-IDF cosine of the letter and the post, the two of them as the corpus: the same numbers as
    scikit-learn's `TfidfVectorizer` (smooth idf, sublinear tf, L2 norm; a test holds them equal),
    without its per-call set-up, which cost ten times the arithmetic on two short texts."""
    a, b = _terms(letter), _terms(post)
    if not a or not b:
        return 0.0
    shared_idf = 1.0  # ln(3 / 3) + 1: a term of both texts
    single_idf = math.log(3 / 2) + 1.0  # a term of one text only
    norm_a = math.sqrt(sum((v * (shared_idf if t in b else single_idf)) ** 2 for t, v in a.items()))
    norm_b = math.sqrt(sum((v * (shared_idf if t in a else single_idf)) ** 2 for t, v in b.items()))
    dot = sum(v * b[t] for t, v in a.items() if t in b)
    return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0


def specificity(letter: str, post: str, specifics: Sequence[str]) -> tuple[float, list[str]]:
    """(score 0..1, the specifics named) of a letter for a post."""
    cosine = min(1.0, topical_cosine(letter, post) / COSINE_FULL)
    named = mentioned(letter, specifics)
    share = min(1.0, len(named) / max(1, min(len(specifics), 5))) if specifics else 0.0
    return round(0.5 * cosine + 0.5 * share, 3), named
