"""The abuse and spam detectors' shortcuts give exactly the plain answers: the model bound that skips
scoring (`LinearTextModel.scores_reaching`), the cheap searches in front of `model_text`'s passes and
of the spaced-slur pattern, and the spam detector's link and word-count gates."""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workfair.guard.detectors import abuse, finding_at, spam, textmodel
from workfair.guard.detectors.textmodel import LinearTextModel, load_model, model_words
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import normalize

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
    "art",
    "_rt",
    "&#12;",
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


# the mentions pattern as first written (`textmodel._MENTIONS` finds the same matches faster)
_PLAIN_MENTIONS = re.compile(r"(?<!\w)@\w+|&#\d+;|&\w+;|\brt\b")


def _plain_model_text(text: str) -> str:
    """`model_text` as first written: every pass always runs, leetspeak by the one-pattern rule."""
    t = text.lower()
    t = textmodel._URLS.sub(" ", t)
    t = _PLAIN_MENTIONS.sub(" ", t)
    t = textmodel._LEET_WORD.sub(lambda m: m.group().translate(textmodel._LEET), t)
    t = textmodel._SPACED.sub(lambda m: textmodel._SPACING.sub("", m.group()), t)
    return textmodel._REPEATS.sub(r"\1\1", t)


@SETTINGS
@given(texts)
@example("aaa")
@example("\0aa")
@example("x\n\n\ny")
@example("a b c d")
@example("rt art rt_ rt9 x@rt @rt &rt; &#12; a&b; rt")
def test_model_text_equals_running_every_pass(text: str) -> None:
    assert textmodel.model_text(text) == _plain_model_text(text)


@SETTINGS
@given(texts)
@example("aaa")
@example("ab\0\0")
@example("see x.co now")
@example("rt")
@example("start rt_ rt9 (rt) art")
def test_the_cheap_searches_find_every_text_their_pattern_matches(text: str) -> None:
    lower = text.lower()
    if textmodel._REPEATS.search(lower):
        assert textmodel._has_triple(lower)
    if textmodel._LEET_RUN.sub(textmodel._undo_leet, lower) != lower:
        assert textmodel._LEET_NEXT_TO_LETTER.search(lower)
    if textmodel._SPACED.search(lower):
        assert textmodel._SPACED_HINT.search(lower)
    if textmodel._MENTIONS.search(lower):
        assert "@" in lower or "&" in lower or textmodel._RT_WORD.search(lower)
    if abuse._SPACED.search(text):
        assert abuse._SPACED_HINT.search(text)
    if text.isascii() and spam._LINK_FAST.search(text, lower):
        assert "://" in lower or "www." in lower or spam._DOT_ENDING.search(lower)
    # each word takes its characters and a separator: 25 words of 3 letters or more need 99
    assert len([w for w in spam._WORD.findall(lower) if len(w) > 2]) <= (len(lower) + 1) // 4


def _check_reaching(model: LinearTextModel, words: list[str], head: str, p: float) -> bool:
    """`scores_reaching` is `scores` or, only when the score is below p, None; True if it skipped.
    A text of more words than `bound_words` is always scored."""
    reached = model.scores_reaching(words, head, p, bound_words=len(words))
    plain = model.scores("", words)
    assert model.scores_reaching(words, head, p, bound_words=len(words) - 1) == plain
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
        bigrams = [info[textmodel._BIGRAMS].get(b, -1) for info, b in zip(infos, words[1:], strict=False)]
        keys = [k for k in bigrams if k >= 0]
        for info in infos:
            keys.extend(info[textmodel._KEYS])
        assert keys == _plain_keys(model, words)
        # the same rows as bytes, for the numpy path
        as_bytes = [info[textmodel._BIGRAM_BYTES].get(b, b"") for info, b in zip(infos, words[1:], strict=False)]
        as_bytes += [info[textmodel._KEY_BYTES] for info in infos]
        assert list(array(textmodel._ROW, b"".join(as_bytes))) == keys
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
        s for s in (re.sub(r"\s+", " ", s).strip().lower() for s in spam._SENTENCES.findall(clean)) if len(s) >= 12
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
        if links:
            whole("spam_pattern", 0.85, "model: spam-like text with links")
        else:
            whole("spam_pattern", 0.7, "model: spam-like text (no links)")
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
@example("Buy  now, \t friends .Buy now, friends\n\n . buy NOW,\x1c friends!", "proposal")
@example(" ".join(["ab x- c' the abc"] * 9), "proposal")  # two-character words are not content
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
        mp.setattr(LinearTextModel, "scores_reaching", lambda self, words, head, p, **_: self.scores("", words))
        plain = abuse.AbuseDetector().detect(text, normalize(text), context)
    assert fast == plain


def _numpy_scores_as_first_written(model: LinearTextModel, words: list[str]) -> dict[str, float]:
    """The numpy path before it read cached bytes: np.unique, log per count, fancy indexing."""
    np = textmodel.np
    keys = _plain_keys(model, words)
    rows, counts = np.unique(np.array(keys, dtype=np.intp), return_counts=True)
    tf = np.where(counts > 1, 1.0 + np.log(counts), 1.0) if model.sublinear else counts.astype(np.float64)
    norm = math.sqrt(float(model._np_idf_sq[rows] @ (tf * tf))) or 1.0
    z = np.asarray(model.bias, dtype=np.float64) + (tf @ model._np_weighted[rows]) / norm
    return {
        name: 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, float(zz))))) for name, zz in zip(model.heads, z, strict=True)
    }


_LONG = st.lists(st.sampled_from(_ABUSE_WORDS + _SPAM_WORDS), min_size=30, max_size=150).map(
    lambda units: " ".join(units).split()
)


@SETTINGS
@given(_LONG, st.integers(1, 4))
def test_long_texts_score_bit_for_bit_as_with_np_unique(words: list[str], repeat: int) -> None:
    if textmodel.np is None:
        pytest.skip("numpy is not installed")
    words = words * repeat  # repeated words: counts above 1, term frequencies from the table
    for model in (load_model("abuse_model"), load_model("spam_model")):
        if len(_plain_keys(model, words)) >= textmodel.NUMPY_MIN_FEATURES:
            assert model.scores("", words) == _numpy_scores_as_first_written(model, words)


def test_texts_beyond_the_term_frequency_table_score_as_with_np_unique() -> None:
    if textmodel.np is None:
        pytest.skip("numpy is not installed")
    words = model_words("We need a booking system with reminders, an admin view and a calendar per person. " * 60)
    for model in (load_model("abuse_model"), load_model("spam_model")):
        assert len(_plain_keys(model, words)) >= textmodel.TF_TABLE_SIZE
        assert model.scores("", words) == _numpy_scores_as_first_written(model, words)


@SETTINGS
@given(st.lists(st.integers(1, textmodel.TF_TABLE_SIZE - 1), min_size=1, max_size=2000))
def test_the_term_frequency_table_holds_what_numpy_computes_for_any_counts(counts: list[int]) -> None:
    # the table is exact only if numpy's log gives an element the same value wherever it sits in an array
    np = textmodel.np
    if np is None:
        pytest.skip("numpy is not installed")
    array_ = np.array(counts, dtype=np.intp)
    for model in (load_model("abuse_model"), load_model("spam_model")):
        expected = np.where(array_ > 1, 1.0 + np.log(array_), 1.0)
        assert model._np_tf.take(array_).tobytes() == expected.tobytes()


# the phrase patterns as first written (`abuse` builds the same ones from lists of alternatives)
_PLAIN_THREAT = re.compile(
    r"\b(?:"
    r"i(?:'ll| will| am going to|'m going to|'m gonna| am gonna| gonna|ll)\s+(?:find|kill|hurt|destroy|ruin|end|get|"
    r"come for|hunt|beat|smash|stab|shoot|break|burn|dox|expose)\s+(?:you|u|ur|your|yours|you're|down)"
    r"|you(?:'ll|'re going to| will| are going to|ll| gonna)\s+(?:regret|pay for|be sorry|suffer)"
    r"|i know where you (?:live|work|sleep)"
    r"|watch your (?:back|step)"
    r"|you(?:'re| are)\s+(?:dead|so dead|finished|a dead man)"
    r"|i(?:'ll| will)\s+make (?:you|sure you)\s+(?:pay|suffer|regret)"
    r"|(?:go\s+)?kill (?:yourself|urself|yourselves)|\bkys\b"
    r"|(?:hope|wish) (?:you|u) (?:die|get hurt|burn|rot)"
    r"|(?:burn|bomb|shoot up) your (?:house|home|office|family)"
    r"|(?:your|ur) family (?:will|is going to) (?:pay|suffer|regret)"
    r"|you will pay for this|this isn'?t over"
    r")",
    re.I,
)
_PLAIN_HARASS = re.compile(
    r"\b(?:shut (?:the f\w* )?up|stfu|go to hell|fuck (?:off|you|u|urself|yourself)|f\*+k (?:off|you)|screw you|"
    r"piece of (?:shit|crap|garbage|trash)|son of a bitch|go die|get lost,? (?:idiot|loser)|eat shit)\b",
    re.I,
)
_PLAIN_INSULT = re.compile(
    r"\b(?:you(?:'re| are|r)?|u r|ur|what an?|such an?)\s+(?:such\s+)?(?:a |an |the |so |fucking |fuckin |damn )?"
    r"(?:idiot|moron|imbecile|stupid|dumb|dumbass|dumb ass|retard\w*|loser|incompetent|useless|pathetic|worthless|"
    r"clown|joke|bitch|bastard|asshole|ass|dickhead|dick|prick|cunt|twat|scumbag|trash|garbage|cretin|fool|"
    r"brainless|clueless idiot|waste of space)\b",
    re.I,
)
_PHRASE_PIECES = [
    "i'll find you",
    "ill  get\tur",
    "i'm gonna hurt down",
    "you'll regret",
    "you're going to pay for",
    "i know where you live",
    "watch your step",
    "you are so dead",
    "i will make sure you  suffer",
    "go  kill yourself",
    "skill yourself",
    "kys",
    "skys",
    "hope u rot",
    "wish you get hurt",
    "shoot up your office",
    "ur family is going to pay",
    "this isnt over",
    "shut the fudge up",
    "shut up",
    "stfu",
    "f***k off",
    "get lost idiot",
    "get lost, loser",
    "you're a fucking idiot",
    "u r  such an idiot",
    "what a clueless idiot",
    "such a waste of space",
    "your retarded",
    "YOU ARE AN IDIOT",
    "I'LL FIND YOU",
    "_you idiot",
    "9you idiot",
    "é you idiot",
    "idiots",
]
_phrase_texts = st.one_of(
    texts,
    st.lists(st.sampled_from([*_PHRASE_PIECES, " ", "", ".", "x", "_", "é", "İ", "\n", "a"]), max_size=10).map("".join),
    st.lists(st.sampled_from(_PHRASE_PIECES), max_size=5).map(" ".join),
)


@SETTINGS
@given(_phrase_texts)
@example("you idiot")
@example("skill yourself, kys")
def test_phrase_patterns_match_as_first_written_and_the_gate_when_any_does(text: str) -> None:
    lower = text.lower() if text.isascii() else None
    found = False
    for fast, plain in (
        (abuse._THREAT_FAST, _PLAIN_THREAT),
        (abuse._HARASS_FAST, _PLAIN_HARASS),
        (abuse._INSULT_FAST, _PLAIN_INSULT),
    ):
        spans = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text, lower)] == spans
        assert [m.span() for m in fast.slow.finditer(text)] == spans
        found = found or bool(spans)
    gate = abuse._ANY_PHRASE
    assert (gate.search(" " + text, None if lower is None else " " + lower) is not None) == found
    assert (gate.slow.search(" " + text) is not None) == found


_ANY_LENGTH = st.lists(st.sampled_from(_ABUSE_WORDS + _SPAM_WORDS), max_size=150).map(
    lambda units: " ".join(units).split()
)


@SETTINGS
@given(st.one_of(_LONG, _ANY_LENGTH), st.integers(1, 3))
@example(["you", "idiot"], 1)  # both models on their plain paths
@example([], 1)
def test_the_model_pair_scores_each_model_bit_for_bit_as_alone(words: list[str], repeat: int) -> None:
    # fresh pair: words met for the first time (their rows cached), then again from the cache
    pair = textmodel.ModelPair(load_model("abuse_model"), load_model("spam_model"))
    words = words * repeat
    alone = (load_model("abuse_model").scores("", words), load_model("spam_model").scores("", words))
    assert pair.scores(words) == alone
    assert pair.scores(words) == alone


def test_the_model_pair_takes_each_models_numpy_or_plain_path_as_alone() -> None:
    if textmodel.np is None:
        pytest.skip("numpy is not installed")
    abuse_model, spam_model = load_model("abuse_model"), load_model("spam_model")
    pair = textmodel.ModelPair(abuse_model, spam_model)
    # one model past NUMPY_MIN_FEATURES and the other not, both ways round, and both past the table
    for words in (
        _ABUSE_WORDS[:60] * 2,
        _SPAM_WORDS[:60] * 2,
        model_words("We need a booking system with reminders, an admin view and a calendar per person. " * 60),
    ):
        counts = [len(_plain_keys(model, words)) for model in (abuse_model, spam_model)]
        assert pair.scores(words) == (abuse_model.scores("", words), spam_model.scores("", words)), counts


_LONG_TEXTS = st.lists(st.sampled_from(_PIECES + _ABUSE_WORDS[:100] + _SPAM_WORDS[:100]), min_size=20, max_size=90).map(
    " ".join
)


@SETTINGS
@given(st.one_of(_LONG_TEXTS, spam_texts), st.sampled_from(["message", "proposal", "job_post"]))
@example(" ".join(["you stupid idiot"] * 20), "proposal")
@example(" ".join(["free prize txt claim now www.win.com"] * 10), "job_post")
def test_abuse_and_spam_sharing_the_model_pair_find_what_each_finds_alone(text: str, surface: str) -> None:
    context = ScreenContext(surface=surface, contract_active=False)
    norm = normalize(text)  # one normalised text, as in the gate: the second detector reuses the pair's scores
    shared = (abuse.AbuseDetector().detect(text, norm, context), spam.SpamDetector().detect(text, norm, context))
    assert shared[1] == _plain_spam(text, surface)
    with pytest.MonkeyPatch.context() as mp:
        # every text scored by each model alone, in full
        mp.setattr(abuse, "PAIR_MIN_WORDS", 10**9)
        mp.setattr(LinearTextModel, "scores_reaching", lambda self, words, head, p, **_: self.scores("", words))
        plain_abuse = abuse.AbuseDetector().detect(text, normalize(text), context)
    assert shared[0] == plain_abuse


_ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@SETTINGS
@given(st.one_of(_ASCII, texts, _LONG_TEXTS).map(str.lower), _ASCII)
@example("x a b", "")
@example(" a b_", "")
@example(" a b1", "")
@example(" a b!", "")
@example(" a b,", "")
@example("so u r?", "")
@example(" a bc", "")
@example(" a B", "")
@example("a\x1cb\x1dc", "")
@example("ab1 c", "")
@example("1 a", "")
@example("a|", "")
def test_a_texts_shape_answers_the_cheap_searches_as_they_do(text: str, noise: str) -> None:
    for t in (text, noise, text + noise.lower(), noise.lower() + text):
        shape = t.translate(textmodel._SHAPES) if t.isascii() else None
        assert textmodel._leet_next_to_letter(t, shape) == bool(textmodel._LEET_NEXT_TO_LETTER.search(t)), t
        assert textmodel._spaced_hint(t, shape) == bool(textmodel._SPACED_HINT.search(t)), t


@SETTINGS
@given(st.one_of(texts, _LONG_TEXTS, _ASCII), st.sampled_from(["", " ", "x" * 120, "Hello " * 20]))
def test_model_text_of_long_texts_equals_running_every_pass(text: str, padding: str) -> None:
    # past SHAPE_MIN_LENGTH, ASCII texts take the cheap searches from their shape
    for t in (text + padding, padding + text, padding + text + padding):
        assert textmodel.model_text(t) == _plain_model_text(t)


@SETTINGS
@given(st.one_of(_ASCII, texts, _LONG_TEXTS), st.sampled_from(["", "x" * 120, "Hello there " * 10, "a_b " * 30]))
@example(" a b,", "Hello there " * 10)
@example(" a b", "x" * 120)
@example(" A 1 c", "Hello there " * 10)
@example(" a b_", "Hello there " * 10)
@example(" a-b.c", "Hello there " * 10)
@example("x a b\x1f", "Hello there " * 10)
def test_the_abuse_spaced_hint_from_a_texts_shape_is_the_hint(text: str, padding: str) -> None:
    for t in (text, text + padding, padding + text):
        assert abuse._long_spaced_hint(t) == bool(abuse._SPACED_HINT.search(t)), t
