"""The pattern detectors' shortcuts skip only texts their scans find nothing in.

The detectors look for words, digits or literals every match of a pattern holds before they run it
(`services.WordNeeds`, `services.compact_digits`, the URL and crypto hints), ask "does the text end
with a benign word?" as an anchored match on the reversed text, and find a host's service by lookup.
Each shortcut is checked here against the plain scan on strings GENERATED FROM THE PATTERNS (random
members of each pattern's language, in random case, between random neighbours), so a word set that
misses a way a pattern can match fails here, not in production.
"""

import random
import re
import re._parser as sre
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from workfair.guard.detectors import Detector, contact, payment, scam
from workfair.guard.detectors.services import (
    MESSENGERS,
    PAYMENT_SERVICES,
    SERVICE_HOSTS,
    alias_pattern,
    compact_digits,
    may_match,
)
from workfair.guard.findings import ScreenContext
from workfair.guard.normalize import NormalizedText, normalize
from workfair.guard.tlds import is_tld

# --- strings from a pattern's language -----------------------------------------------------------

_POOL = [chr(c) for c in range(32, 127)] + ["\t", "\n"]
_CATEGORY = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _in_set(ch, items):
    negate, hit = False, False
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            hit = hit or ch == chr(av)
        elif op is sre.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is sre.CATEGORY:
            hit = hit or _CATEGORY[av](ch)
    return hit != negate


def _generate(items, rnd, out):
    """Append to `out` a random string the sub-pattern `items` can match, assertions aside (`\\b`,
    look-arounds, anchors are not generated; the caller asks the pattern whether the text matches)."""
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.NOT_LITERAL:
            out.append(rnd.choice([c for c in _POOL if c != chr(av)]))
        elif op is sre.ANY:  # mostly letters and spaces, so that a `\b` after it can hold
            out.append(rnd.choice(_POOL if rnd.random() < 0.2 else "a    "))
        elif op is sre.IN:
            extra = [chr(a) for o, a in av if o is sre.LITERAL]
            out.append(rnd.choice([c for c in _POOL + extra if _in_set(c, av)]))
        elif op is sre.BRANCH:
            _generate(rnd.choice(av[1]), rnd, out)
        elif op is sre.SUBPATTERN:
            _generate(av[-1], rnd, out)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = av
            for _ in range(rnd.randint(low, min(high, low + 3))):
                _generate(sub, rnd, out)


_NEIGHBOURS = ["", "", " ", "ok ", "Hi, ", "x", "\n", ". ", "1", "_", "-", "@", ": ", " please", "s", "!"]


def sample(pattern, rnd):
    """A random text holding a random member of `pattern`'s language (maybe not a match: its
    assertions may fail), letters in random case when the pattern ignores case."""
    out: list[str] = []
    _generate(sre.parse(pattern.pattern, pattern.flags), rnd, out)
    text = rnd.choice(_NEIGHBOURS) + "".join(out) + rnd.choice(_NEIGHBOURS)
    if pattern.flags & re.IGNORECASE:
        text = "".join(c.upper() if rnd.random() < 0.3 else c for c in text)
    return text


def check_shortcut(pattern, shortcut, layer, rnd, n=40):
    """`shortcut(norm)` is True on every sampled text whose `layer` the pattern matches; returns how
    many matched (so a test can see that it tested something)."""
    matched = 0
    for _ in range(n):
        norm = normalize(sample(pattern, rnd))
        if pattern.search(getattr(norm, layer)):
            matched += 1
            assert shortcut(norm), (pattern.pattern[:60], norm.original)
    return matched


# --- the word prefilters --------------------------------------------------------------------------

_WORD_CASES = [
    (contact._INTENT, contact._INTENT_NEEDS),
    (payment._PAY_OUTSIDE, payment._PAY_OUTSIDE_NEEDS),
    (scam._MESSENGER, scam._MESSENGER_NEEDS),
    (alias_pattern(MESSENGERS), contact._SERVICE_NEEDS),
    (alias_pattern(PAYMENT_SERVICES), payment._PAY_SERVICE_NEEDS),
    *[(pattern, scam._NEEDS[evidence]) for evidence, _, pattern in scam._PATTERNS],
    *[(pattern, scam._ANY_NEEDS) for _, _, pattern in scam._PATTERNS],
]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_a_word_prefilter_never_skips_a_text_its_pattern_matches(seed):
    rnd = random.Random(seed)
    for pattern, needs in _WORD_CASES:
        check_shortcut(pattern, lambda norm, needs=needs: may_match(norm, needs), "clean", rnd, n=8)


def test_the_generated_texts_do_match_their_patterns():
    # the property above tests something only if the samples match: most of them must
    rnd = random.Random(7)
    for pattern, needs in _WORD_CASES:
        assert check_shortcut(pattern, lambda norm, needs=needs: may_match(norm, needs), "clean", rnd) >= 5


def test_a_word_prefilter_does_skip_texts_without_its_words():
    plain = normalize("Thanks, the logo looks great. I will upload the final files tomorrow.")
    assert not may_match(plain, contact._INTENT_NEEDS)
    assert not may_match(plain, scam._ANY_NEEDS)
    assert not may_match(plain, payment._PAY_OUTSIDE_NEEDS)
    assert not may_match(normalize("we can talk later"), contact._LONG_SERVICE_NEEDS)  # "we chat" needs "chat"
    assert may_match(normalize("add me on we chat: jane_88"), contact._LONG_SERVICE_NEEDS)
    # a clean layer that is not ASCII (normalize makes none today) has no word set: unsure, so True
    odd = NormalizedText("é", "é", "é", (0,), (1,), (0,), (1,))
    assert may_match(odd, contact._INTENT_NEEDS)


# --- the digit counts and literal hints -----------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32))
def test_digit_and_literal_hints_never_skip_a_match(seed):
    rnd = random.Random(seed)
    check_shortcut(
        contact._PHONE_RUN, lambda norm: compact_digits(norm) >= contact._PHONE_RUN_DIGITS, "compact", rnd, n=10
    )
    check_shortcut(
        payment._CARD_RUN, lambda norm: compact_digits(norm) >= payment._CARD_RUN_DIGITS, "compact", rnd, n=10
    )
    check_shortcut(contact._URL, lambda norm: contact._may_hold_url(norm.compact, norm.compact.lower()), "compact", rnd)
    for pattern in (payment._BTC_LEGACY, payment._BTC_BECH32, payment._ETH, payment._TRON):
        check_shortcut(pattern, lambda norm: payment._LONG_RUN.search(norm.clean) is not None, "clean", rnd, n=10)
    for _ in range(20):
        comp = normalize(sample(contact._DOMAIN, rnd)).compact
        if any(is_tld(m.group(2).lower()) for m in contact._DOMAIN.finditer(comp)):
            assert contact._may_hold_domain(comp), comp


@given(st.text(max_size=80) | st.text(alphabet="0123456789 +-.abc", max_size=80))
def test_the_digit_count_is_that_of_the_pattern(text):
    norm = normalize(text)
    assert compact_digits(norm) == len(re.findall(r"\d", norm.compact))


def test_a_url_in_capitals_or_in_other_scripts_is_still_looked_for():
    assert contact._may_hold_url("WWW.EXAMPLE.COM", "www.example.com")
    assert contact._may_hold_url("Ünïcode WWW.EXAMPLE.COM", None)
    assert not contact._may_hold_url("see the example", "see the example")


# --- the detectors, with and without their shortcuts ---------------------------------------------

_PIECES = [
    contact._INTENT,
    payment._PAY_OUTSIDE,
    scam._MESSENGER,
    scam._PAY_REQUEST,
    *[p for _, _, p in scam._PATTERNS],
    re.compile(alias_pattern(MESSENGERS).pattern + contact._HANDLE_AFTER.pattern, re.I),
    re.compile(alias_pattern(PAYMENT_SERVICES).pattern + payment._PAY_HANDLE_AFTER.pattern, re.I),
    contact._PHONE_RUN,
    payment._CARD_RUN,
]
_DETECTORS: list[Detector] = [
    contact.PhoneDetector(),
    contact.HandleDetector(),
    contact.OffPlatformIntentDetector(),
    payment.CardDetector(),
    payment.PaymentServiceDetector(),
    scam.ScamDetector(),
]


def _findings(text):
    norm, ctx = normalize(text), ScreenContext(surface="message")
    return [
        (f.kind, f.start, f.end, f.score, f.value, f.evidence) for d in _DETECTORS for f in d.detect(text, norm, ctx)
    ]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32))
def test_the_detectors_find_the_same_with_every_prefilter_off(seed):
    rnd = random.Random(seed)
    text = " ".join(sample(rnd.choice(_PIECES), rnd) for _ in range(rnd.randint(1, 3)))
    fast = _findings(text)
    with (
        mock.patch.object(contact, "may_match", return_value=True),
        mock.patch.object(payment, "may_match", return_value=True),
        mock.patch.object(scam, "may_match", return_value=True),
        mock.patch.object(contact, "compact_digits", return_value=99),
        mock.patch.object(payment, "compact_digits", return_value=99),
    ):
        assert _findings(text) == fast, text


def test_the_service_handles_are_found_the_same_with_every_prefilter_off():
    # many samples of "<service> <glue> <handle>" alone: the short aliases ("pp", "wise", "x", "line")
    # are reported only with ":", "@" or "$", which the prefilters rely on
    rnd = random.Random(3)
    pieces = _PIECES[-4:-2]
    detectors: list[Detector] = [contact.HandleDetector(), payment.PaymentServiceDetector()]
    ctx = ScreenContext(surface="message")
    for _ in range(3000):
        text = sample(rnd.choice(pieces), rnd)
        norm = normalize(text)
        fast = [f for d in detectors for f in d.detect(text, norm, ctx)]
        with (
            mock.patch.object(contact, "may_match", return_value=True),
            mock.patch.object(payment, "may_match", return_value=True),
        ):
            assert [f for d in detectors for f in d.detect(text, norm, ctx)] == fast, text


# --- "does the text before a number end with a benign word?" --------------------------------------

# the pattern asked forwards, as it was written before it was asked backwards (its words and markers
# are the module's: the English ones and every language file's order/invoice/serial labels)
_BENIGN_BEFORE = re.compile(
    r"(?:#|\b(?:"
    + "|".join(re.escape(w) for w in contact._BENIGN_WORDS)
    + r")(?:\s*(?:"
    + "|".join(re.escape(m) for m in contact._BENIGN_MARKERS)
    + r"))*\s*)$|[$€£¥₹]\s*$",
    re.I,
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32), st.text(alphabet="abcdeinorstx #:.$€\n\t/'-1", max_size=12))
def test_the_reversed_benign_test_answers_as_the_search_did(seed, tail):
    text = sample(_BENIGN_BEFORE, random.Random(seed))
    for s in (text, text + tail, tail + text, tail):
        assert contact._benign_before(s) == (_BENIGN_BEFORE.search(s) is not None), s


def test_the_reversed_benign_test_answers_as_the_search_did_for_every_word():
    # enough samples that every word and marker of the pattern comes up many times
    rnd = random.Random(0)
    for _ in range(5000):
        text = sample(_BENIGN_BEFORE, rnd)
        for s in (text, text + " x", "reorder " + text[1:]):
            assert contact._benign_before(s) == (_BENIGN_BEFORE.search(s) is not None), s


@given(st.text(max_size=40))
def test_the_reversed_benign_test_answers_as_the_search_did_on_any_text(text):
    assert contact._benign_before(text) == (_BENIGN_BEFORE.search(text) is not None)


def test_benign_words_before_a_number():
    assert contact._benign_before("Order #")
    assert contact._benign_before("invoice no. ")
    assert contact._benign_before("your driver's licence number is ")
    assert contact._benign_before("total: $ ")
    assert contact._benign_before("see #\n")  # `$` also matches before a final newline
    assert not contact._benign_before("reorder ")  # the word must start a word
    assert not contact._benign_before("call me on ")


# --- the start of an IBAN -----------------------------------------------------------------------

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})(?=[ \-]?[A-Za-z0-9])")  # as it was written


@settings(max_examples=500)
@given(st.text(alphabet="DEGBde0123456789 -_x.٣", max_size=24))
def test_the_iban_starts_are_those_of_the_pattern_as_it_was(text):
    before = [(m.start(), m.end(), m.group(1), m.group(2)) for m in _IBAN_START.finditer(text)]
    now = [(m.start("cc"), m.end(), m.group("cc"), m.group("digits")) for m in payment._IBAN_START.finditer(text)]
    assert now == before


# --- the service of a host ------------------------------------------------------------------------


def _classify_host_by_scan(host, path):
    """The lookup as it was: every entry tested in order."""
    hp = host + path.lower()
    for prefix, category, kind, service in SERVICE_HOSTS:
        if host == prefix or host.endswith("." + prefix) or (("/" in prefix) and hp.startswith(prefix)):
            return category, kind, service
    return "contact", "url", ""


_HOSTS = sorted({p.split("/")[0] for p, *_ in SERVICE_HOSTS} | {"example.com", "notzoom.us", "me", "com"})
_PATHS = sorted({"/" + p.split("/", 1)[1] for p, *_ in SERVICE_HOSTS if "/" in p} | {"", "/u/x", "/PayPalMe/jane"})


@given(
    st.lists(
        st.sampled_from(["www", "join", "m", "api", "x", "chat", "google", "paypal", "slack", "com", ""]), max_size=3
    ),
    st.sampled_from(_HOSTS),
    st.sampled_from(_PATHS),
    st.sampled_from(["", "/abc", "me"]),
)
def test_a_host_is_classified_as_by_testing_every_entry(subdomains, base, path, more):
    host = ".".join([*subdomains, base])  # a host has no "/" (it is cut at the first one)
    assert contact._classify_host(host, path + more) == _classify_host_by_scan(host, path + more)
