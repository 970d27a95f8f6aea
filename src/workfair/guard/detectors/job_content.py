"""Prohibited job-post content (docs/rules.md): fake reviews, academic cheating, free work or
contests, pay-to-apply, part of the deliverable in the proposal, illegal goods and services, adult
content, harassment.

A text detector that finds something only in a job post (`ScreenContext.surface == "job_post"`), so
`workfair screen` with `"surface": "job_post"` and the trust engine's job-post review see the same
findings and give the same decision. Each pattern carries a score: >= 0.8 lets a rule refuse a post at
once, lower scores (ambiguous wording) send the post to the job-post queue.
"""

from __future__ import annotations

import re

from workfair.guard.detectors import Caseless, any_of, finding_at, lower_ascii, register_detector
from workfair.guard.detectors.services import WordNeeds, needed_words
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText
from workfair.guard.tlds import words

_W = r"(?:\w+\s+){0,3}"  # up to three words in between

PATTERNS: dict[str, list[tuple[str, float]]] = {
    "fake_reviews": [
        (r"\b(?:fake|paid|positive|5[- ]?star|five[- ]star)\s+(?:reviews?|ratings?|testimonials?)\b", 0.9),
        (r"\b(?:write|post|leave|buy|give)\s+" + _W + r"reviews?\s+(?:for|on|about)\s+(?:my|our)\b", 0.85),
        (r"\b(?:boost|increase|improve)\s+(?:my|our)\s+(?:ratings?|reviews?|stars?)\b", 0.85),
        (r"\breviews?\s+on\s+(?:amazon|google|yelp|trustpilot|the app store|tripadvisor)\b", 0.6),
    ],
    "academic_cheating": [
        (
            r"\b(?:take|do|sit|write|complete|finish)\s+my\s+(?:online\s+)?(?:exam|test|quiz|homework|assignments?|"
            r"thesis|dissertation|coursework|essay|midterm|final)\b",
            0.9,
        ),
        (r"\b(?:exam|test|quiz|midterm)\s+for\s+me\b", 0.9),
        (r"\bpass\s+my\s+(?:exam|course|class|module)\b", 0.9),
        (r"\b(?:homework|assignment)\s+help\b", 0.55),
    ],
    "free_work": [
        (
            r"\b(?:work\s+for\s+free|unpaid\s+(?:work|task|trial|test|project|internship)|for\s+exposure|"
            r"no\s+payment\s+(?:for|until))\b",
            0.9,
        ),
        (r"\b(?:design|logo|writing)\s+contest\b", 0.85),
        (r"\bonly\s+the\s+winner\s+(?:gets|will\s+be)\s+paid\b", 0.9),
        (r"\bfree\s+(?:trial\s+task|sample\s+work)\b", 0.6),
    ],
    "pay_to_apply": [
        (r"\b(?:registration|application|joining|training|onboarding|activation)\s+fee\b", 0.9),
        (r"\b(?:pay|send|deposit)\s+(?:a\s+|an\s+|the\s+)?(?:small\s+|refundable\s+)?(?:fee|deposit)\b", 0.9),
        (r"\bbuy\s+(?:our|the)\s+(?:starter\s+)?(?:kit|training|course)\s+(?:first|before)\b", 0.85),
    ],
    "deliverable_in_proposal": [
        (
            r"\b(?:include|send|attach|submit)\s+(?:a\s+|the\s+)?(?:free\s+)?(?:full\s+)?(?:sample|mock-?up|draft|"
            r"design|logo|translation|article|first\s+chapter)\s+(?:in|with)\s+(?:your\s+)?(?:proposal|application|bid)\b",
            0.85,
        ),
        (
            r"\b(?:complete|do|finish)\s+(?:this|the\s+following|the\s+attached)\s+(?:task|assignment|test)\s+"
            r"(?:in|with|before)\s+(?:your\s+)?(?:proposal|applying|application)\b",
            0.85,
        ),
    ],
    "illegal": [
        (
            r"\b(?:fake|forged|counterfeit|novelty)\s+(?:id|ids|passports?|documents?|diplomas?|degrees?|money|"
            r"banknotes?|driver'?s\s+licen[cs]es?)\b",
            0.95,
        ),
        (r"\b(?:buy|sell|ship|deliver)\s+(?:\w+\s+)?(?:drugs|cocaine|heroin|meth|firearms|guns|stolen)\b", 0.9),
        (
            r"\bhack\s+(?:into\s+)?(?:an?\s+|my\s+|his\s+|her\s+)?(?:ex'?s?\s+)?(?:account|instagram|facebook|e-?mail|"
            r"phone|whatsapp)\b",
            0.9,
        ),
        (r"\b(?:ddos|carding|money\s+mule|launder(?:ing)?\s+money)\b", 0.9),
    ],
    "adult": [
        (r"\b(?:porn|pornographic|xxx|onlyfans|nsfw|escort|nudes?|sexting|erotic\s+(?:chat|cam|massage))\b", 0.85),
        (r"\badult\s+(?:content|videos?|cam)\b", 0.85),
        (r"\berotic\s+(?:stories|story|novel|fiction)\b", 0.5),
    ],
    "harassment": [
        (
            r"\b(?:find|track|locate|stalk)\s+(?:down\s+)?(?:my\s+ex|someone|this\s+person|a\s+person|my\s+"
            r"(?:ex-?)?(?:wife|husband|girlfriend|boyfriend))\b",
            0.85,
        ),
        (r"\b(?:dox|doxx)(?:ing)?\b", 0.9),
        (r"\b(?:harass|spam|flood|threaten)\s+(?:my\s+|a\s+|this\s+)?(?:competitor|ex|person|reviewer)\b", 0.9),
        (r"\bfind\s+(?:the\s+)?(?:home\s+)?address\s+of\b", 0.85),
    ],
}
# Words every match of each pattern holds whole (`\w+` runs of the lower-cased post: between `\b`, `\s`,
# an apostrophe or a hyphen), one from each set of one alternative (see `services.WordNeeds`): the
# words after `\s+` and before `\s+` or the final `\b`, the first word of a pattern (after its `\b`),
# the last word of a choice glued by "-?" ("mock-up": "up" or "mockup"; "ex-wife": "wife" or
# "exwife"). A post without them cannot match the pattern, which is then not run (nearly every post
# has some of these words, but few have all a pattern needs).
_MY_OUR = words("my our")
_NEEDS: dict[str, list[WordNeeds]] = {
    "fake_reviews": [
        WordNeeds(
            (words("review reviews rating ratings testimonial testimonials"), words("fake paid positive star 5star"))
        ),
        WordNeeds((words("review reviews"), _MY_OUR, words("write post leave buy give"), words("for on about"))),
        WordNeeds((words("boost increase improve"), words("rating ratings review reviews star stars"), _MY_OUR)),
        WordNeeds((words("amazon google yelp trustpilot store tripadvisor"), words("review reviews"), words("on"))),
    ],
    "academic_cheating": [
        WordNeeds(
            (
                words(
                    "exam test quiz homework assignment assignments thesis dissertation coursework essay midterm final"
                ),
                words("take do sit write complete finish"),
                words("my"),
            )
        ),
        WordNeeds((words("exam test quiz midterm"), words("me"), words("for"))),
        WordNeeds((words("pass"), words("exam course class module"), words("my"))),
        WordNeeds((words("homework assignment"), words("help"))),
    ],
    "free_work": [
        WordNeeds(
            (words("unpaid"),),
            (words("exposure"), words("for")),
            (words("free"), words("work"), words("for")),
            (words("payment"), words("no"), words("for until")),
        ),
        WordNeeds((words("contest"), words("design logo writing"))),
        WordNeeds((words("winner"), words("paid"), words("only"))),
        WordNeeds((words("trial sample"), words("task work"), words("free"))),
    ],
    "pay_to_apply": [
        WordNeeds((words("fee"), words("registration application joining training onboarding activation"))),
        WordNeeds((words("fee deposit"), words("pay send deposit"))),
        WordNeeds((words("kit training course"), words("buy"), words("first before"))),
    ],
    "deliverable_in_proposal": [
        WordNeeds(
            (
                words("include send attach submit"),
                words("proposal application bid"),
                words("sample up mockup draft design logo translation article chapter"),
                words("in with"),
            )
        ),
        WordNeeds(
            (
                words("task assignment test"),
                words("proposal applying application"),
                words("complete do finish"),
                words("this following attached"),
            )
        ),
    ],
    "illegal": [
        WordNeeds(
            (
                words("fake forged counterfeit novelty"),
                words(
                    "id ids passport passports document documents diploma diplomas degree degrees money banknote "
                    "banknotes licence licences license licenses"
                ),
            )
        ),
        WordNeeds((words("drugs cocaine heroin meth firearms guns stolen"), words("buy sell ship deliver"))),
        WordNeeds((words("hack"), words("account instagram facebook email mail phone whatsapp"))),
        WordNeeds((words("ddos carding mule money"),)),
    ],
    "adult": [
        WordNeeds((words("porn pornographic xxx onlyfans nsfw escort nude nudes sexting erotic"),)),
        WordNeeds((words("adult"), words("content video videos cam"))),
        WordNeeds((words("erotic"),)),
    ],
    "harassment": [
        WordNeeds(
            (
                words("find track locate stalk"),
                words("ex someone person wife husband girlfriend boyfriend exwife exhusband exgirlfriend exboyfriend"),
            )
        ),
        WordNeeds((words("dox doxx doxing doxxing"),)),
        WordNeeds((words("harass spam flood threaten"), words("competitor ex person reviewer"))),
        WordNeeds((words("address"), words("find"), words("of"))),
    ],
}
_COMPILED = [
    (kind, Caseless(re.compile(rx, re.IGNORECASE)), score) for kind, rxs in PATTERNS.items() for rx, score in rxs
]
_COMPILED_NEEDS = [needs for kind, rxs in PATTERNS.items() for _, needs in zip(rxs, _NEEDS[kind], strict=True)]
_GATED = list(zip(_COMPILED, _COMPILED_NEEDS, strict=True))
_ANY_NEEDS = WordNeeds(*(sets for needs in _COMPILED_NEEDS for sets in needs.alternatives))
_ANY = any_of([rx for _, rx, _ in _COMPILED])  # nearly every post matches none: one scan says so

# A post that is not ASCII ("São Paulo", an en dash) is asked of an ASCII shadow: every other character made
# "_" if it is a word character (`\w`) and " " if not, so that the word runs are where they were and
# one holding such a character is no word a gate asks for. That is exact because the patterns spell
# ASCII letters and digits, which case-insensitively match no other character but these four
# (U+0130 and U+0131, dotted and dotless i; U+017F, long s; U+212A, Kelvin sign): a post with one of
# them is scanned as before.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_OTHER_WORD_CHAR = re.compile(r"(?![\x00-\x7f])\w")
_OTHER_CHAR = re.compile(r"[^\x00-\x7f]")


def _ascii_shadow(text: str) -> str | None:
    """The lower-cased ASCII shadow of a post that is not ASCII (see above), or None if it has none."""
    if _FOLDS_TO_ASCII.search(text):
        return None
    return _OTHER_CHAR.sub(" ", _OTHER_WORD_CHAR.sub("_", text)).lower()


class ProhibitedJobContentDetector:
    """Prohibited work in a job post (see the module doc)."""

    name = "prohibited_job_content"
    categories = ("prohibited",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        if context.surface != "job_post" or not text:
            return []
        out: list[Finding] = []
        lower = lower_ascii(text)
        shadow = lower if lower is not None else _ascii_shadow(text)
        if shadow is None:
            # a character that stands for an ASCII letter: no word set, one scan decides
            if _ANY.search(text, lower) is None:
                return out
            gated = _COMPILED
        else:
            found = needed_words(shadow)
            if not _ANY_NEEDS.met(found, shadow):
                return out
            gated = [c for c, needs in _GATED if needs.met(found, shadow)]
        for kind, rx, score in gated:
            for m in rx.finditer(text, lower):
                why = f"prohibited work: {kind.replace('_', ' ')}"
                out.append(finding_at(text, m.start(), m.end(), category="prohibited", kind=kind, score=score,
                                      evidence=why, detector=self.name))  # fmt: skip
        return out


PROHIBITED_JOB_CONTENT = register_detector(ProhibitedJobContentDetector())
