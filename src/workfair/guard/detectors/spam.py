"""Spam and link-farm text, mostly in proposals and profiles: many links, the same sentence over and
over, SEO keyword stuffing, and text a spam model (trained on the openly licensed SMS and YouTube spam
collections, `data/spam_model.json`) is nearly sure about."""

from __future__ import annotations

import re
import string
from collections import Counter
from itertools import filterfalse

from workfair.guard.detectors import Caseless, clean_lower, finding_at, register_detector
from workfair.guard.detectors.textmodel import PAIR_MIN_WORDS, abuse_and_spam_scores, load_model, text_words
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import words

_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9\-]+\.(?:com|net|org|info|biz|xyz|top|site|online|ru|io|co)"
    r"(?:/\S*)?\b",
    re.I,
)
_LINK_FAST = Caseless(_LINK)
_DOT_ENDING = re.compile(r"\.(?:com|net|org|info|biz|xyz|top|site|online|ru|io|co)")  # as in _LINK, lower case
_SENTENCES = re.compile(r"[^.!?\n]+")
_SENTENCE_ENDS = (".", "!", "?", "\n")  # what _SENTENCES splits on
_WORD = re.compile(r"[a-z][a-z'\-]+")
_STOP = words("""a an the and or but if of to in on at for with by from as is are was were be been it this that
these those i you he she we they me my your our their his her its not no yes do does did have has had will would can
could should may might so very just also than then there here what which who whom how when where why all any each
more most some such only own same too out up down over under again further once about into through during before
after above below between both few other am""")
# What keyword stuffing does not count: stop words and words of two characters (a `_WORD` match has at
# least two), so one set look-up per word decides
_NOT_CONTENT = _STOP | {a + b for a in string.ascii_lowercase for b in string.ascii_lowercase + "'-"}


class SpamDetector:
    name = "spam"
    categories = ("spam",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        stripped = text.strip()
        if not stripped:
            return out
        start = len(text) - len(text.lstrip())
        end = start + len(stripped)

        def whole(kind: str, score: float, evidence: str) -> None:
            out.append(
                finding_at(
                    text, start, end, category="spam", kind=kind, score=score, evidence=evidence, detector=self.name
                )
            )

        clean = norm.clean
        lower = clean_lower(norm)
        folded = lower if lower is not None else clean.lower()
        # every link has "://", "www." or (example.com) a dot and an ending `_LINK` knows; on non-ASCII
        # text (`lower` None, `_LINK` run case-insensitively) any dot
        if lower is not None:
            maybe_links = "://" in lower or "www." in lower or _DOT_ENDING.search(lower) is not None
        else:
            maybe_links = "." in clean or "://" in clean
        links = list(_LINK_FAST.finditer(clean, lower)) if maybe_links else []
        # the words count only with links, off the message surface, or for keyword stuffing: 25
        # content words, each a `_WORD` match of 3 characters or more plus a separator, need 99
        needs_words = bool(links) or context.surface != "message" or len(folded) >= 99
        words = _WORD.findall(folded) if needs_words else []
        if len(links) >= 3 and len(links) * 12 >= len(words):
            whole("link_farm", 0.95 if len(links) >= 5 else 0.85, f"{len(links)} links")
        # a sentence three times needs at least two sentence ends; 25 content words at least 25 words
        if sum(map(clean.count, _SENTENCE_ENDS)) >= 2:
            # each sentence with its whitespace runs made one space, stripped, lower case (`str.split()`
            # splits at the characters `\s` matches, and drops those at the ends)
            sentences = [" ".join(s.split()).lower() for s in _SENTENCES.findall(clean)]
            sentences = [s for s in sentences if len(s) >= 12]
            # a sentence three times leaves at most len - 2 distinct ones (a set is cheaper than a Counter)
            if len(sentences) - len(set(sentences)) >= 2:
                _, count = Counter(sentences).most_common(1)[0]
                if count >= 3:
                    whole("repeated_boilerplate", 0.9, f"a sentence repeated {count} times")
        content = list(filterfalse(_NOT_CONTENT.__contains__, words)) if len(words) >= 25 else []
        # a word six times leaves at most len - 5 distinct ones
        if len(content) >= 25 and len(content) - len(set(content)) >= 5:
            word, count = Counter(content).most_common(1)[0]
            if count >= 6 and count / len(content) >= 0.15:
                whole("keyword_stuffing", 0.85, f"'{word}' {count} times in {len(content)} words")
        if len(words) >= 4 and (links or context.surface != "message"):
            # the bound (see `scores_reaching`) rules out most texts of up to ~44 words and few longer
            # ones, where trying it costs more than it saves; long texts off the message surface share
            # the scoring with the abuse model (`abuse_and_spam_scores`)
            model_words = text_words(norm)
            if len(model_words) >= PAIR_MIN_WORDS and context.surface != "message":
                scores: dict[str, float] | None = abuse_and_spam_scores(norm)[1]
            else:
                scores = load_model("spam_model").scores_reaching(model_words, "spam", 0.97, bound_words=44)
            if scores is not None and scores["spam"] >= 0.97:
                # the model alone (no link, off the message surface) is a hint for the shadow rule,
                # not a hold: ordinary job posts ("apply now", "great pay", "urgent") read like the
                # SMS spam it learned from; a link beside it is what makes it spam to act on
                if links:
                    whole("spam_pattern", 0.85, "model: spam-like text with links")
                else:
                    whole("spam_pattern", 0.7, "model: spam-like text (no links)")
        return out


register_detector(SpamDetector())
