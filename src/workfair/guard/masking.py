"""Masking: a text with the spans of acted-on findings replaced by a placeholder per category.

Which findings are hidden is the policy's choice (`workfair.guard.decisions.decide`: the findings of
every enforce-mode rule whose outcome is mask or more severe), less the phrases (`is_phrase`): the
detail is hidden, not the verb ("Can you email me at x@y.z" -> "Can you email me at [contact
details hidden]").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workfair.guard.findings import Finding

PLACEHOLDERS: dict[str, str] = {
    "contact": "[contact details hidden]",
    "payment": "[payment details hidden]",
    "abuse": "[abusive content hidden]",
    "scam": "[content hidden for your safety]",
    "spam": "[content hidden]",
    "prohibited": "[content hidden]",
}
# which placeholder wins when spans of several categories overlap
_PLACEHOLDER_ORDER = ("payment", "contact", "scam", "abuse", "spam", "prohibited")


def is_phrase(f: Finding) -> bool:
    """A finding that is words, not a detail: an invitation to move off the platform ("email me",
    "let's continue on WhatsApp": a messenger named without a handle). Such a finding still counts
    for the rules (it decides the outcome); masking it would hide the reader's words and protect
    nothing. (An offer to pay outside stays masked: its message is held, and it may name the way.) The
    learned layer's findings are the same: a judgment about the whole text, which holds it, not a
    detail to cut out of it."""
    if f.detector in ("off_platform_intent", "learned"):
        return True
    if f.kind == "off_platform_intent" and f.detector == "lexicon":
        # a messenger's name alone; with a handle after it the span holds the handle
        return len(f.text.split()) == 1 and not any(c.isdigit() or c in "@_+" for c in f.text)
    return False


def mask(text: str, hidden: Iterable[Finding]) -> str:
    """`text` with every span of `hidden` replaced by its category's placeholder (overlaps merged)."""
    spans = sorted((f.start, f.end, f.category) for f in hidden if f.end > f.start)
    if not spans:
        return text
    merged: list[list[Any]] = []
    for start, end, cat in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].add(cat)
        else:
            merged.append([start, end, {cat}])
    out: list[str] = []
    pos = 0
    for start, end, cats in merged:
        out.append(text[pos:start])
        cat = next(c for c in _PLACEHOLDER_ORDER if c in cats)
        out.append(PLACEHOLDERS[cat])
        pos = end
    out.append(text[pos:])
    return "".join(out)
