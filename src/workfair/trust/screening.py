"""Screen one text: normalise -> detectors -> findings -> policy -> decision and masked text.

    from workfair.trust.screening import screen_text
    result = screen_text("call me on five five five 0123 4567", surface="message", contract_active=False)
    result.decision      # "mask"
    result.masked_text   # "call me on [contact details hidden]"

Invariants (tested):
- every finding's `start`/`end` are offsets into the ORIGINAL `text` and `finding.text == text[start:end]`;
- `masked_text` hides every finding the policy acted on (no character of such a span survives);
- fail closed: on any internal error the decision is "hold", `masked_text` is "" and a note says why;
  the function itself never raises for any input;
- texts longer than `MAX_CHARS` are screened on their first `MAX_CHARS` characters, the rest is
  withheld from `masked_text`, and `truncated` / `notes` say so.

No Django, no database: safe to call from the message gate, forms (warn as you type) and the CLI.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from workfair.trust.detectors import text_detectors
from workfair.trust.findings import SURFACES, Finding, ScreenContext
from workfair.trust.normalize import normalize, sanitize
from workfair.trust.policy import DEFAULT_POLICY, apply_policy, mask

logger = logging.getLogger(__name__)

MAX_CHARS = 20_000
HISTORY_MESSAGES = 5  # the sender's last messages in the conversation screened with the new one
HISTORY_CHARS = 2_000  # of each history message, its last characters
TRUNCATION_MARK = "\n[text beyond the screening limit withheld]"
# only these categories are looked for across message boundaries (a number split in two)
_MEMORY_CATEGORIES = ("contact", "payment", "scam")


@dataclass(frozen=True)
class ScreenResult:
    """The outcome of screening one text (see the module doc for the invariants)."""

    decision: str
    findings: tuple[Finding, ...]
    masked_text: str
    notes: tuple[str, ...] = ()
    truncated: bool = False
    rules: tuple[str, ...] = ()
    policy_version: str = field(default=str(DEFAULT_POLICY["version"]))

    @property
    def hidden(self) -> bool:
        """True when the receiver would not see the text as written."""
        return self.decision != "allow"


# A run of digits inside one of these is part of it, not a phone number of its own.
_DIGIT_CONTAINERS = frozenset(
    {"iban", "card", "account_number", "routing_number", "crypto_btc", "crypto_eth", "crypto_tron", "bsb", "sort_code"}
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


def _findings(
    text: str, surface: str, contract_active: bool, history: Sequence[str], policy: dict[str, Any]
) -> tuple[str, ScreenContext, list[Finding], bool, list[str]]:
    """(text screened, context, deduplicated findings above the policy's threshold, truncated, notes)."""
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
    findings = detect_all(screened, ctx)
    if history and surface == "message":
        findings.extend(_with_history(screened, history, ctx))
    threshold = float(policy.get("report_threshold", 0.0))
    return screened, ctx, _dedupe([f for f in findings if f.score >= threshold]), truncated, notes


def _screen(
    text: str, surface: str, contract_active: bool, history: Sequence[str], policy: dict[str, Any]
) -> ScreenResult:
    screened, ctx, findings, truncated, notes = _findings(text, surface, contract_active, history, policy)
    decision, hidden, rules = apply_policy(findings, ctx, policy)
    masked = mask(screened, hidden)
    if truncated:
        masked += TRUNCATION_MARK
    return ScreenResult(
        decision=decision,
        findings=tuple(findings),
        masked_text=masked,
        notes=tuple(notes),
        truncated=truncated,
        rules=tuple(rules),
        policy_version=str(policy.get("version", "")),
    )


def warm_up() -> None:
    """Load what the first screening would otherwise load (models, phone metadata, compiled patterns).

    Optional: call it once at process start (the CLI does) so no user's message pays for it."""
    screen_text("warm up: call +1 202 555 0143, +44 20 7946 0958, +49 30 901820, +91 98765 43210, you idiot")
    screen_text("0123 4567", history=("my number is 555",))
    from workfair.trust.detectors.contact import _parse_phone

    _parse_phone("1000000", False)  # valid nowhere: every region's metadata gets loaded


def screen_findings(
    text: str, *, surface: str = "message", contract_active: bool = False, history: Sequence[str] = ()
) -> tuple[tuple[Finding, ...], bool]:
    """(findings, failed) of `screen_text(...)` without its decision and masked text, for the trust
    engine, whose own policy decides and masks. `failed` is True exactly when `screen_text` would
    have failed closed (it then returns no findings); never raises."""
    try:
        return tuple(_findings(text, surface, contract_active, history, DEFAULT_POLICY)[2]), False
    except Exception:  # fail closed, as screen_text does: the engine holds the content
        logger.exception("screening failed")
        return (), True


def screen_text(
    text: object,
    *,
    surface: str = "message",
    contract_active: bool = False,
    history: Sequence[str] = (),
    policy: dict[str, Any] | None = None,
) -> ScreenResult:
    """Screen `text` shown on `surface` (see the module doc).

    `history`: the sender's recent messages in the same conversation, oldest first (the caller picks
    them, e.g. the last 5 within 30 minutes; only the last `HISTORY_MESSAGES` are used), so details
    split over messages are found; findings always refer to `text`. `policy` defaults to
    `DEFAULT_POLICY`. Bytes are decoded as UTF-8 with replacement; anything else that is not a string
    is held, like any internal error.
    """
    policy = policy or DEFAULT_POLICY
    try:
        if isinstance(text, bytes | bytearray):
            text = bytes(text).decode("utf-8", "replace")
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        return _screen(text, surface, contract_active, history, policy)
    except Exception as exc:  # fail closed: never let an error pass a text unscreened
        logger.exception("screening failed")
        return ScreenResult(
            decision="hold",
            findings=(),
            masked_text="",
            notes=(f"screening failed ({type(exc).__name__}: {exc}); held for review",),
            policy_version=str(policy.get("version", "")) if isinstance(policy, dict) else "",
        )
