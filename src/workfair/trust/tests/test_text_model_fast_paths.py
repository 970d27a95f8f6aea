"""The abuse and spam detectors' shortcuts give exactly the plain answers: the model bound that skips
scoring (`LinearTextModel.scores_reaching`), the cheap searches in front of `model_text`'s passes and
of the spaced-slur pattern, and the spam detector's link and word-count gates."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workfair.trust.detectors import abuse, finding_at, spam, textmodel
from workfair.trust.detectors.textmodel import LinearTextModel, load_model, model_words
from workfair.trust.findings import Finding, ScreenContext
from workfair.trust.normalize import normalize

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# characters every shortcut looks at: separators, leet, repeats, links, mentions, a NUL, non-ASCII
_ALPHABET = "abcdeirst  .*_-@$!|+01345789&#;:/\n\0İé"
_PIECES = [
    "http://x.io/a",
    "www.",
    "spam.com",
    "x.ru/",
    "see x.co",
    "a.info",
    "@bob",
    "&amp;",
    "rt",
    "s t u p i d",
    "f a g g o t",
    "a_b_c",
    "1.2.3",
    "sh1t",
    "@ss",
    "3pm",
    "sooooo",
    "!!!",
    "you are an idiot",
    "free money click here",
    "Thanks, the designs look great!",
]
texts = st.one_of(
    st.text(alphabet=_ALPHABET, max_size=60),
    st.lists(st.sampled_from(_PIECES + list(_ALPHABET)), max_size=25).map("".join),
    st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join),
)


def _plain_model_text(text: str) -> str:
    """`model_text` as first written: every pass always runs, leetspeak by the one-pattern rule."""
    t = text.lower()
    t = textmodel._URLS.sub(" ", t)
    t = textmodel._MENTIONS.sub(" ", t)
    t = textmodel._LEET_WORD.sub(lambda m: m.group().translate(textmodel._LEET), t)
    t = textmodel._SPACED.sub(lambda m: textmodel._SPACING.sub("", m.group()), t)
    return textmodel._REPEATS.sub(r"\1\1", t)


@SETTINGS
@given(texts)
@example("aaa")
@example("\0aa")
@example("x\n\n\ny")
@example("a b c d")
def test_model_text_equals_running_every_pass(text: str) -> None:
    assert textmodel.model_text(text) == _plain_model_text(text)


@SETTINGS
@given(texts)
@example("aaa")
@example("ab\0\0")
@example("see x.co now")
def test_the_cheap_searches_find_every_text_their_pattern_matches(text: str) -> None:
    lower = text.lower()
    if textmodel._REPEATS.search(lower):
        assert textmodel._has_triple(lower)
    if textmodel._LEET_RUN.sub(textmodel._undo_leet, lower) != lower:
        assert textmodel._LEET_NEXT_TO_LETTER.search(lower)
    if textmodel._SPACED.search(lower):
        assert textmodel._SPACED_HINT.search(lower)
    if abuse._SPACED.search(text):
        assert abuse._SPACED_HINT.search(text)
    if text.isascii() and spam._LINK_FAST.search(text, lower):
        assert "://" in lower or "www." in lower or spam._DOT_ENDING.search(lower)
    # each word takes its characters and a separator: 25 words of 3 letters or more need 99
    assert len([w for w in spam._WORD.findall(lower) if len(w) > 2]) <= (len(lower) + 1) // 4


def _check_reaching(model: LinearTextModel, words: list[str], head: str, p: float) -> bool:
    """`scores_reaching` is `scores` or, only when the score is below p, None; True if it skipped."""
    reached = model.scores_reaching(words, head, p)
    plain = model.scores("", words)
    if reached is None:
        assert plain[head] < p, (words, plain)
        return True
    assert reached == plain
    return False


def _vocabulary(model: LinearTextModel, head: int) -> list[str]:
    """Words the model knows, the most raising and lowering first, and the most raising bigrams."""

    def weight(feature: str) -> float:
        return model.weighted[head][model.index[feature]]

    unigrams = sorted((f for f in model.index if f.startswith("w:")), key=weight, reverse=True)
    bigrams = sorted((f for f in model.index if f.startswith("b:")), key=weight, reverse=True)
    return [f[2:] for f in unigrams[:150] + unigrams[-50:] + bigrams[:150]] + ["zzqx", "aaaa", "the"]


def _word_lists(vocabulary: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(vocabulary), max_size=15).map(lambda units: " ".join(units).split())


def _plain_keys(model: LinearTextModel, words: list[str]) -> list[int]:
    """The feature rows `scores` read before per-word caching: bigrams, then each word's features."""
    get = model.index.get
    keys = [k for k in map(get, ["b:" + a + " " + b for a, b in pairwise(words)]) if k is not None]
    for w in words:
        keys.extend(k for k in map(get, ("w:" + w, *textmodel._char_ngrams(w))) if k is not None)
    return keys


_ABUSE_WORDS = _vocabulary(load_model("abuse_model"), 0)
_SPAM_WORDS = _vocabulary(load_model("spam_model"), 0)


@SETTINGS
@given(_word_lists(_ABUSE_WORDS), _word_lists(_SPAM_WORDS), st.sampled_from([0.05, 0.3, 0.5, 0.8, 0.97]))
def test_scoring_is_skipped_only_below_the_threshold(abuse_words: list[str], spam_words: list[str], p: float) -> None:
    _check_reaching(load_model("abuse_model"), abuse_words, "abusive", p)
    _check_reaching(load_model("abuse_model"), abuse_words, "hate", p)
    _check_reaching(load_model("spam_model"), spam_words, "spam", p)


@SETTINGS
@given(_word_lists(_ABUSE_WORDS + _SPAM_WORDS))
def test_the_cached_word_features_are_the_features_in_the_same_order(words: list[str]) -> None:
    # the sums run over these rows in this order, so the same rows give the same floats
    for model in (load_model("abuse_model"), load_model("spam_model")):
        infos = model._word_infos(words)
        keys = [k for k in model._bigram_rows(words, infos) if k >= 0]
        for info in infos:
            keys.extend(info[0])
        assert keys == _plain_keys(model, words)
        text = " ".join(words)
        if model_words(text) == words:  # not when model_text rewrites them ("aaaa", "rt")
            assert Counter(keys) == Counter(model.index[f] for f in textmodel.features(text) if f in model.index)


def test_scoring_is_skipped_for_work_talk_and_not_for_abuse() -> None:
    model = load_model("abuse_model")
    assert _check_reaching(model, model_words("Please review the pull request when you have time"), "abusive", 0.5)
    assert not _check_reaching(model, model_words("shut up you stupid bitch"), "abusive", 0.5)
    spam_model = load_model("spam_model")
    assert _check_reaching(
        spam_model, model_words("Could you add a dark mode toggle to the settings page?"), "spam", 0.97
    )


@pytest.mark.parametrize("words", [[], ["bad"], ["bad"] * 3, ["good"], ["good", "bad"], ["bad", "bad", "good"], ["zz"]])
@pytest.mark.parametrize("p", [0.01, 0.1, 0.5, 0.5000001, 0.9, 0.99, 0.999])
def test_the_bound_holds_at_the_edges_of_a_small_model(words: list[str], p: float) -> None:
    # features repeat (term frequency), a bigram raises the score, no feature at all scores sigmoid(bias)
    model = LinearTextModel(
        {
            "heads": ["x"],
            "bias": [0.0],
            "sublinear_tf": True,
            "features": {"w:bad": [1.0, 5.0], "w:good": [1.0, -5.0], "b:good bad": [2.0, 3.0], " ba": [1.5, 0.5]},
        }
    )
    _check_reaching(model, words, "x", p)


def test_a_feature_repeated_inside_a_word_counts_each_time() -> None:
    # "ababab" holds "aba" twice: the score is sigmoid(1.693 / sqrt(1.693^2 + 1)) = sigmoid(0.861), while
    # counting "aba" once would bound it by sigmoid(1 / sqrt(2)) = sigmoid(0.707)
    model = LinearTextModel(
        {"heads": ["x"], "bias": [0.0], "sublinear_tf": True, "features": {"aba": [1.0, 1.0], "w:zz": [1.0, 0.0]}}
    )
    p = 1.0 / (1.0 + math.exp(-0.8))
    assert not _check_reaching(model, ["ababab", "zz"], "x", p)
    assert model.scores("", ["ababab", "zz"])["x"] > p


def _plain_spam(text: str, surface: str) -> list[Finding]:
    """The spam detector as first written: every word and link counted, the model always scored."""
    det, norm, out = spam.SpamDetector(), normalize(text), list[Finding]()
    stripped = text.strip()
    if not stripped:
        return out
    start = len(text) - len(text.lstrip())
    end = start + len(stripped)

    def whole(kind: str, score: float, evidence: str) -> None:
        out.append(
            finding_at(text, start, end, category="spam", kind=kind, score=score, evidence=evidence, detector=det.name)
        )

    clean = norm.clean
    words = spam._WORD.findall(clean.lower())
    links = list(spam._LINK.finditer(clean))
    if len(links) >= 3 and len(links) * 12 >= len(words):
        whole("link_farm", 0.95 if len(links) >= 5 else 0.85, f"{len(links)} links")
    sentences = [
        s for s in (spam._SPACES.sub(" ", s).strip().lower() for s in spam._SENTENCES.findall(clean)) if len(s) >= 12
    ]
    if sentences and (count := Counter(sentences).most_common(1)[0][1]) >= 3:
        whole("repeated_boilerplate", 0.9, f"a sentence repeated {count} times")
    content = [w for w in words if w not in spam._STOP and len(w) > 2]
    if len(content) >= 25:
        word, count = Counter(content).most_common(1)[0]
        if count >= 6 and count / len(content) >= 0.15:
            whole("keyword_stuffing", 0.85, f"'{word}' {count} times in {len(content)} words")
    scored = len(words) >= 4 and (links or surface != "message")
    if scored and load_model("spam_model").scores(clean, model_words(clean))["spam"] >= 0.97:
        whole("spam_pattern", 0.85, "model: spam-like text with links")
    return out


spam_texts = st.one_of(
    texts,
    st.lists(st.sampled_from(_PIECES + _SPAM_WORDS[:100]), max_size=40).map(" ".join),
)


@SETTINGS
@given(spam_texts, st.sampled_from(["message", "proposal"]))
@example("WIN a FREE prize now, txt CLAIM to 80086 www.win.com", "message")
@example(" ".join(["wordpress seo expert wordpress developer wordpress"] * 8), "message")
@example("Buy now. Buy now. Buy now. Buy now.", "message")
@example(" ".join(["abc"] * 25), "message")  # keyword stuffing in the fewest characters (99)
def test_spam_findings_equal_the_plain_detector(text: str, surface: str) -> None:
    norm = normalize(text)
    found = spam.SpamDetector().detect(text, norm, ScreenContext(surface=surface, contract_active=False))
    assert found == _plain_spam(text, surface)


@SETTINGS
@given(st.one_of(texts, st.lists(st.sampled_from(_PIECES + _ABUSE_WORDS[:100]), max_size=30).map(" ".join)))
@example("you f4gg0t")
@example("f a g g o t")
@example("shut up you stupid bitch")
def test_abuse_findings_equal_the_detector_without_shortcuts(text: str) -> None:
    context = ScreenContext(surface="message", contract_active=False)
    fast = abuse.AbuseDetector().detect(text, normalize(text), context)
    with pytest.MonkeyPatch.context() as mp:
        # every text searched with the spaced-slur pattern, every text scored
        mp.setattr(abuse, "_SPACED_HINT", re.compile(""))
        mp.setattr(LinearTextModel, "scores_reaching", lambda self, words, head, p: self.scores("", words))
        plain = abuse.AbuseDetector().detect(text, normalize(text), context)
    assert fast == plain
