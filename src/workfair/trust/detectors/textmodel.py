"""A tiny linear text classifier read from plain JSON: TF-IDF features, then logistic regression.

The models are trained by `benchmarks/screening/train.py` (scikit-learn, the `bench` extra) with the
SAME `features()` function as the analyzer, and saved as JSON weights, so running them needs neither
scikit-learn nor numpy: a dict look-up per feature. Loaded lazily, once per process.

JSON format: {"heads": [name, ...], "bias": [b, ...], "sublinear_tf": true,
"features": {feature: [idf, w_head0, w_head1, ...]}}; a head's score is
sigmoid(bias + sum(tfidf(f) * w) / ||tfidf||).
"""

from __future__ import annotations

import json
import math
import re
from array import array
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

_LEET = str.maketrans(
    {"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t", "|": "l", "+": "t"}
)
_URLS = re.compile(r"https?://\S+|www\.\S+")
_MENTIONS = re.compile(r"(?<!\w)@\w+|&#\d+;|&\w+;|\brt\b")
_SPACED = re.compile(r"\b(?:[a-z](?:[\s.*_\-]|$)){3,}")
_REPEATS = re.compile(r"(.)\1{2,}")
_WORD = re.compile(r"[a-z][a-z']+")
_LEET_WORD = re.compile(r"[a-z@$!|+\d]*[a-z][a-z@$!|+\d]*")
_SPACING = re.compile(r"[\s.*_\-]")


def model_text(text: str) -> str:
    """The text a model reads: lower case, links/mentions removed, leetspeak and spacing undone."""
    t = text.lower()
    t = _URLS.sub(" ", t)
    t = _MENTIONS.sub(" ", t)
    # leetspeak only inside words ("sh1t", "@ss"), not for standalone numbers
    t = _LEET_WORD.sub(lambda m: m.group().translate(_LEET), t)
    t = _SPACED.sub(lambda m: _SPACING.sub("", m.group()) + " ", t)
    t = _REPEATS.sub(r"\1\1", t)
    return t


def features(text: str) -> list[str]:
    """Word unigrams and bigrams plus character 2-4-grams inside words, of `model_text(text)`."""
    t = model_text(text)
    words = _WORD.findall(t)
    feats = ["w:" + w for w in words]
    feats.extend("b:" + a + " " + b for a, b in pairwise(words))
    for w in words:
        padded = " " + w + " "
        n = len(padded)
        for size in (2, 3, 4):
            for i in range(n - size + 1):
                feats.append(padded[i : i + size])
    return feats


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
        self.idf = array("d", (r[0] for r in rows.values()))
        self.weights = [array("d", (r[h + 1] for r in rows.values())) for h in range(len(self.heads))]

    def scores(self, text: str, feats: list[str] | None = None) -> dict[str, float]:
        """Probability per head for `text` (pass `feats = features(text)` to reuse them across models)."""
        index = self.index
        counts: dict[int, int] = {}
        for f in features(text) if feats is None else feats:
            k = index.get(f)
            if k is not None:
                counts[k] = counts.get(k, 0) + 1
        idf = self.idf
        log = math.log
        sublinear = self.sublinear
        values = [(k, idf[k] * ((1.0 + log(c)) if sublinear else c) if c > 1 else idf[k]) for k, c in counts.items()]
        norm = math.sqrt(sum(v * v for _, v in values)) or 1.0
        out = {}
        for h, name in enumerate(self.heads):
            w = self.weights[h]
            z = self.bias[h] + sum(v * w[k] for k, v in values) / norm
            out[name] = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
        return out


@lru_cache(maxsize=4)
def load_model(name: str) -> LinearTextModel:
    """The shipped model `workfair/trust/data/<name>.json`, loaded once."""
    with resources.files("workfair.trust").joinpath("data", f"{name}.json").open("r", encoding="utf-8") as fh:
        return LinearTextModel(json.load(fh))


def text_features(norm: Any) -> list[str]:
    """`features(norm.clean)`, computed once per normalised text and shared by the models."""
    feats = norm.memo.get("model_features")
    if feats is None:
        feats = norm.memo["model_features"] = features(norm.clean)
    return feats  # type: ignore[no-any-return]
