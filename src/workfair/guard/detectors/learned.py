"""The learned layer: a character n-gram linear model (`data/market_model.json`) for abuse, scam
scripts and offers to pay outside in messages, and prohibited job posts, in any language and script.

Character 4-grams of the words as written (NFKC, case folded, digits as 0, punctuation and emoji
dropped), so
one model reads "te vas a arrepentir", "пожалеешь" and "m0r0n" alike, and catches inflections and
paraphrases the phrase lists of the language files miss. Trained by
`python -m benchmarks.screening.train_market` (scikit-learn, the `bench` extra) on the examples of
`benchmarks/screening/market_corpus.py`, with thresholds chosen on its validation split; shipped as
plain JSON weights (no scikit-learn at run time).

JSON: {"heads": [...], "bias": [...], "thresholds": {name: value}, "kinds": [...],
"features": {gram: [idf, w_head0, ...]}}; a head's score is sigmoid(bias + x.w) with x the
L2-normalised sublinear TF-IDF vector of the grams.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

NGRAMS = (4,)
MAX_CHARS = 3000  # a longer text is read on its first 3,000 characters


_KEEP = re.compile(r"[^\w']+")
_DIGIT = re.compile(r"\d")


def prepare(text: str) -> str:
    """The text the grams are cut from: NFKC, case folded, every digit 0, anything but letters, digits
    and apostrophes (punctuation, symbols, emoji) a space, one space between words, a space at each end."""
    t = unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()
    return " " + " ".join(_KEEP.sub(" ", _DIGIT.sub("0", t)).split()) + " "


def grams(text: str) -> list[str]:
    """The analyzer: every character 3-, 4- and 5-gram of `prepare(text)` (the SAME at training)."""
    t = prepare(text)
    out: list[str] = []
    for n in NGRAMS:
        out.extend(t[i : i + n] for i in range(len(t) - n + 1))
    return out


class CharModel:
    def __init__(self, data: dict[str, Any]) -> None:
        self.heads: list[str] = data["heads"]
        self.bias: list[float] = data["bias"]
        self.thresholds: dict[str, float] = data.get("thresholds", {})
        self.kinds: list[str] = data.get("kinds", [])
        self.features: dict[str, list[float]] = data["features"]

    def scores(self, text: str, heads: int | None = None) -> dict[str, float]:
        """Each head's probability (the first `heads` heads only, when given)."""
        n = len(self.heads) if heads is None else heads
        counts = Counter(grams(text))
        sums = [0.0] * n
        norm = 0.0
        feats = self.features
        for g, tf in counts.items():
            row = feats.get(g)
            if row is None:
                continue
            v = (1.0 + math.log(tf)) * row[0]
            norm += v * v
            for k in range(n):
                sums[k] += v * row[k + 1]
        scale = 1.0 / math.sqrt(norm) if norm > 0 else 0.0
        out = {}
        for k in range(n):
            z = self.bias[k] + sums[k] * scale
            out[self.heads[k]] = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
        return out


@lru_cache(maxsize=1)
def market_model() -> CharModel:
    ref = resources.files("workfair.guard").joinpath("data", "market_model.json")
    with ref.open("r", encoding="utf-8") as fh:
        return CharModel(json.load(fh))


# Off only for measuring the rules alone (the training script's comparison).
ENABLED = True
HOLD_MIN_WORDS = 6  # the fewest words the model alone holds a text for abuse
MIN_CHARS = 12  # shorter texts ("ok", "thanks!") carry too few grams to score
ABUSE_HOLD_SCORE = 0.85  # above the abuse-hold rule (0.8): held for a person
ABUSE_FLAG_SCORE = 0.65  # reported (over REPORT_THRESHOLD) for moderators, no rule acts on it
SURE_SCORE = 0.85  # a scam script or pay-outside offer the model is sure of: the scam-hold and pay-outside rules (0.8)
MESSAGE_HEADS = 3  # abuse, scam, pay_outside: the heads scored on every surface (the rest on job posts)
PROHIBITED_SCORE = 0.55  # the job-borderline rule (0.4): queued for a person, never refused by the model alone


class LearnedDetector:
    """Abuse, scams and pay-outside offers on every surface, prohibited job posts, from the character
    model (see the module doc)."""

    name = "learned"
    categories = ("abuse", "scam", "payment", "prohibited")

    def detect(self, text: str, norm: Any, context: Any) -> list[Any]:
        from workfair.guard.detectors import finding_at

        stripped = text.strip()
        if not ENABLED or len(stripped) < MIN_CHARS:
            return []
        model = market_model()
        job_post = context.surface == "job_post"
        scores = model.scores(text) if job_post else model.scores(text, MESSAGE_HEADS)
        th = model.thresholds
        start = len(text) - len(text.lstrip())
        end = start + len(stripped)
        out = []
        abusive = scores["abuse"]
        if abusive >= th["abuse_flag"]:
            # a short text carries too few grams for the model alone to hold it ("Are you free next
            # week?" scored 0.85): under HOLD_MIN_WORDS words it is only reported
            hold = abusive >= th["abuse_hold"] and len(stripped.split()) >= HOLD_MIN_WORDS
            out.append(finding_at(text, start, end, category="abuse", kind="model_abuse",
                                  score=ABUSE_HOLD_SCORE if hold else ABUSE_FLAG_SCORE, severity=2,
                                  evidence=f"model: abusive ({abusive:.2f})", detector=self.name))  # fmt: skip
        if scores["scam"] >= th["scam_hold"]:
            why = f"model: scam script ({scores['scam']:.2f})"
            out.append(finding_at(text, start, end, category="scam", kind="scam_pattern", score=SURE_SCORE,
                                  evidence=why, detector=self.name))  # fmt: skip
        if scores["pay_outside"] >= th["pay_outside_hold"]:
            out.append(finding_at(text, start, end, category="payment", kind="pay_outside", score=SURE_SCORE,
                                  evidence=f"model: offer to pay outside ({scores['pay_outside']:.2f})",
                                  detector=self.name))  # fmt: skip
        if job_post and scores["prohibited"] >= th["prohibited_hold"]:
            kinds = {k: scores[f"kind:{k}"] for k in model.kinds}
            kind = max(kinds, key=kinds.__getitem__)
            why = f"model: may be a prohibited post, most like {kind} ({scores['prohibited']:.2f})"
            out.append(finding_at(text, start, end, category="prohibited", kind=kind, value=kind,
                                  score=PROHIBITED_SCORE, evidence=why, detector=self.name))  # fmt: skip
        return out


def _register() -> None:
    from workfair.guard.detectors import register_detector

    register_detector(LearnedDetector())


_register()
