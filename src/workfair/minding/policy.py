"""The thresholds and the queue's risk formula (docs/subsystems/minding.md, "Scores"). Settings may
override any key through `settings.WORKFAIR_MINDING`."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A letter at least this alike to another letter (estimated Jaccard of word 3-shingles) is a
    # template (the same freelancer's, to another job) or a copy (another account's).
    "TEMPLATE_THRESHOLD": 0.3,
    # A letter of fewer word 3-shingles than this (about 22 words) shares a stock sentence with
    # others by chance: it counts as a template only when nearly identical.
    "SHORT_SHINGLES": 20,
    "SHORT_TEMPLATE_THRESHOLD": 0.8,
    # A letter below this specificity says nothing about the job.
    "SPECIFIC_MIN": 0.2,
    # Share of letters sent to the spot review at random, whatever their scores.
    "SAMPLE_RATE": 0.03,
    # Risk from which a letter joins the spot-review queue.
    "QUEUE_RISK": 50,
    # An account younger than this is new.
    "NEW_ACCOUNT_DAYS": 14,
    # Tossed letters within this many days that make a repeat (the second one moves the ladder).
    "REPEAT_DAYS": 90,
    "REPEAT_COUNT": 2,
    # The freelancer's own letters compared one by one (newest first); older ones through the index.
    "OWN_LETTERS_SCANNED": 100,
}


def setting(key: str) -> Any:
    overrides = getattr(settings, "WORKFAIR_MINDING", {}) or {}
    return overrides.get(key, DEFAULTS[key])


def counted_similarity(similarity: float, shingle_count: int) -> float:
    """The similarity that counts toward the template score: all of it for a letter of at least
    `SHORT_SHINGLES` shingles; for a shorter one, only a near-identical match (else 0)."""
    if shingle_count >= int(setting("SHORT_SHINGLES")):
        return similarity
    return similarity if similarity >= float(setting("SHORT_TEMPLATE_THRESHOLD")) else 0.0


def is_template(template_score: float) -> bool:
    return template_score >= float(setting("TEMPLATE_THRESHOLD"))


def is_generic(specificity: float, template_score: float) -> bool:
    """A letter the system calls generic: a template/copy, or not about the job."""
    return is_template(template_score) or specificity < float(setting("SPECIFIC_MIN"))


def risk(*, specificity: float, template_score: float, spam_flags: int, new_account: bool) -> int:
    """0..100: how much a letter needs a person's look. A template alone reaches the queue, as does
    a flag on a letter that is not specific, or a new account's generic letter."""
    score = 60.0 * min(1.0, template_score / max(0.01, float(setting("TEMPLATE_THRESHOLD"))))
    score += 25.0 * min(spam_flags, 2)
    score += 25.0 * (1.0 - min(1.0, specificity / max(0.01, float(setting("SPECIFIC_MIN")) * 2)))
    if new_account:
        score += 15.0
    return int(min(100.0, round(score)))
