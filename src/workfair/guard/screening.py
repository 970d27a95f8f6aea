"""Find what a text holds: normalise -> text detectors -> deduplicated findings.

    from workfair.guard.screening import screen_findings
    findings, failed = screen_findings("call me on five five five 0123 4567", surface="message")

Invariants (tested):
- every finding's `start`/`end` are offsets into the ORIGINAL `text` and `finding.text == text[start:end]`;
- findings below `REPORT_THRESHOLD` are dropped as noise;
- fail closed: on any internal error `failed` is True and there are no findings (the policy then
  holds the text, `workfair.guard.decisions.decide`); the function never raises for any input;
- texts longer than `MAX_CHARS` are screened on their first `MAX_CHARS` characters.

What to do about the findings is the rules' business (`workfair.guard.decisions`: `decide`, and
`screen_text`, which screens and decides with a policy in one call). No Django, no database.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from workfair.guard.detectors import text_detectors
from workfair.guard.detectors.lexicon import drop_in_context
from workfair.guard.findings import SURFACES, Finding, ScreenContext
from workfair.guard.normalize import normalize, sanitize

logger = logging.getLogger(__name__)

MAX_CHARS = 20_000
HISTORY_MESSAGES = 5  # the sender's last messages in the conversation screened with the new one
HISTORY_CHARS = 2_000  # of each history message, its last characters
TRUNCATION_MARK = "\n[text beyond the screening limit withheld]"
REPORT_THRESHOLD = 0.6  # findings scored below this are noise: no rule sees them
# except job-post content, where a low score means "a person should look" (the job-borderline rule)
_CATEGORY_THRESHOLD = {"prohibited": 0.4}
# only these categories are looked for across message boundaries (a number split in two)
_MEMORY_CATEGORIES = ("contact", "payment", "scam")


# A run of digits inside one of these is part of it, not a phone number of its own.
_DIGIT_CONTAINERS = frozenset(
    {
        "iban",
        "card",
        "account_number",
        "routing_number",
        "crypto_btc",
        "crypto_eth",
        "crypto_tron",
        "bsb",
        "sort_code",
        "clabe",
        "upi_id",
        "pix_key",
    }
)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    containers = [(f.start, f.end) for f in findings if f.kind in _DIGIT_CONTAINERS]
    best: dict[tuple[str, str, int, int], Finding] = {}
    for f in findings:
        if f.kind == "phone" and any(a <= f.start and f.end <= b for a, b in containers):
            continue
        key = (f.category, f.kind, f.start, f.end)
        if key not in best or f.score > best[key].score:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.category, f.kind))


def detect_all(text: str, ctx: ScreenContext, categories: Sequence[str] | None = None) -> list[Finding]:
    """Every registered detector's findings on `text` (optionally only detectors of some categories)."""
    norm = normalize(text)
    out: list[Finding] = []
    if categories is None:
        for det in text_detectors():
            out.extend(det.detect(text, norm, ctx))
        return out
    wanted = set(categories)
    for det in text_detectors():
        if wanted.isdisjoint(det.categories):
            continue
        out.extend(f for f in det.detect(text, norm, ctx) if f.category in wanted)
    return out


def _with_history(text: str, history: Sequence[str], ctx: ScreenContext) -> list[Finding]:
    """Findings that start in the sender's recent messages and end in `text`, clipped to `text`."""
    recent = [sanitize(h)[-HISTORY_CHARS:] for h in list(history)[-HISTORY_MESSAGES:] if isinstance(h, str) and h]
    if not recent:
        return []
    prefix = "\n".join(recent) + "\n"
    offset = len(prefix)
    out: list[Finding] = []
    for f in detect_all(prefix + text, ctx, _MEMORY_CATEGORIES):
        if f.start < offset < f.end:
            end = f.end - offset
            out.append(replace(f, start=0, end=end, text=text[:end], evidence=f"{f.evidence}; split over messages"))
    return out


def findings_of(
    text: str, surface: str, contract_active: bool, history: Sequence[str]
) -> tuple[str, ScreenContext, list[Finding], bool, list[str]]:
    """(text screened, context, deduplicated findings above `REPORT_THRESHOLD`, truncated, notes);
    raises on an unknown surface (callers fail closed)."""
    notes: list[str] = []
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}")
    text = sanitize(text)
    truncated = len(text) > MAX_CHARS
    screened = text[:MAX_CHARS] if truncated else text
    if truncated:
        notes.append(
            f"text is {len(text)} characters: screened the first {MAX_CHARS}, the rest is withheld from masked_text"
        )
    # outside messages nobody has a contract with the reader: contact details are never allowed there
    ctx = ScreenContext(surface=surface, contract_active=bool(contract_active) and surface == "message")
    findings = drop_in_context(screened, detect_all(screened, ctx))
    if history and surface == "message":
        findings.extend(_with_history(screened, history, ctx))
    return (
        screened,
        ctx,
        _dedupe([f for f in findings if f.score >= _CATEGORY_THRESHOLD.get(f.category, REPORT_THRESHOLD)]),
        truncated,
        notes,
    )


def warm_up() -> None:
    """Load what the first screening would otherwise load (models, phone metadata, compiled patterns).

    Optional: call it once at process start (the CLI does) so no user's message pays for it."""
    screen_findings("warm up: call +1 202 555 0143, +44 20 7946 0958, +49 30 901820, +91 98765 43210, you idiot")
    screen_findings("0123 4567", history=("my number is 555",))
    from workfair.guard.detectors import rails
    from workfair.guard.detectors.contact import _parse_phone

    rails.warm_up()
    _parse_phone("1000000", False)  # valid nowhere: every region's metadata gets loaded


def screen_findings(
    text: str, *, surface: str = "message", contract_active: bool = False, history: Sequence[str] = ()
) -> tuple[tuple[Finding, ...], bool]:
    """(findings, failed): the deduplicated findings in `text` shown on `surface`; `failed` is True
    when screening failed (there are then no findings, and the policy holds the text); never raises."""
    try:
        return tuple(findings_of(text, surface, contract_active, history)[2]), False
    except Exception:  # fail closed: the policy holds the content
        logger.exception("screening failed")
        return (), True
