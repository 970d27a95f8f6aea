"""Detectors: pure functions of the text that return findings, registered by name.

Every detector follows the `Detector` protocol: a `name`, the `categories` it may report, and
`detect(text, norm, context) -> list[Finding]` where `norm` is `normalize(text)`. Detectors never
touch a database, never raise on odd input they can read, and report spans in ORIGINAL offsets
(use `finding_from_layer` to turn a span of a normalised layer into one).

The built-in detectors register themselves when `workfair.guard.detectors.builtin` is imported;
`get_detectors()` does that on first use.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import Layer, NormalizedText

if TYPE_CHECKING:
    from workfair.guard.rules import SignalFacts


class Detector(Protocol):
    """The shape every detector has (see the module doc)."""

    @property
    def name(self) -> str: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]: ...


class SignalDetector(ABC):
    """Base of the detectors that read a signal's facts rather than a text."""

    name = ""
    categories: tuple[str, ...] = ("behaviour",)
    signal_only = True  # `detect` finds nothing in a text: `detect_all` skips it

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        """Nothing to find in a text alone (see the module doc)."""
        return []

    @abstractmethod
    def detect_signal(self, facts: SignalFacts, text_findings: Sequence[Finding]) -> list[Finding]:
        """Findings about the signal's actor and context (each subclass says which)."""


_REGISTRY: dict[str, Detector] = {}
_BUILTINS_LOADED = False


_BY_ROLE: tuple[list[Detector], list[Any]] | None = None  # (text, signal) detectors, see `text_detectors`


def register_detector(detector: Detector) -> Detector:
    """Add `detector` to the registry under its name (a later one with the same name replaces it)."""
    global _BY_ROLE
    _REGISTRY[detector.name] = detector
    _BY_ROLE = None
    return detector


def get_detectors(names: tuple[str, ...] | None = None) -> list[Detector]:
    """The registered detectors (all, or those named, in registration order)."""
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        from workfair.guard.detectors import builtin  # noqa: F401 - registers the built-in detectors

    if names is None:
        return list(_REGISTRY.values())
    return [_REGISTRY[n] for n in names if n in _REGISTRY]


def _by_role() -> tuple[list[Detector], list[Any]]:
    global _BY_ROLE
    if _BY_ROLE is None:
        every = get_detectors()
        _BY_ROLE = (
            [d for d in every if not getattr(d, "signal_only", False)],
            [d for d in every if getattr(d, "detect_signal", None) is not None],
        )
    return _BY_ROLE


def text_detectors() -> list[Detector]:
    """The registered detectors that read text, in registration order: all but those marked
    `signal_only` (whose `detect` finds nothing in a text by definition). Worked out once per
    change of the registry: the gate asks for every signal."""
    return _by_role()[0]


def signal_detectors() -> list[Any]:
    """The registered detectors with a `detect_signal(facts, text_findings)`, in registration order."""
    return _by_role()[1]


def finding_from_layer(
    norm: NormalizedText,
    layer: Layer,
    i: int,
    j: int,
    *,
    category: str,
    kind: str,
    score: float,
    value: str = "",
    evidence: str = "",
    severity: int = 1,
    detector: str = "",
) -> Finding:
    """A finding for characters `[i, j)` of `layer`, reported at the original offsets."""
    start, end = norm.span(layer, i, j)
    return Finding(
        category=category,
        kind=kind,
        start=start,
        end=end,
        score=max(0.0, min(1.0, score)),
        text=norm.original[start:end],
        value=value,
        evidence=evidence,
        severity=severity,
        detector=detector,
    )


def finding_at(
    text: str,
    start: int,
    end: int,
    *,
    category: str,
    kind: str,
    score: float,
    value: str = "",
    evidence: str = "",
    severity: int = 1,
    detector: str = "",
) -> Finding:
    """A finding for original characters `[start, end)`."""
    return Finding(
        category, kind, start, end, max(0.0, min(1.0, score)), text[start:end], value, evidence, severity, detector
    )


# --- case-insensitive patterns, fast -------------------------------------------------------------

_ESCAPE = re.compile(r"\\.|\(\?P[<=]")  # escapes and named-group syntax are not letters to match


class Caseless:
    """A case-insensitive pattern, run as a case-sensitive one on the lower-cased text when that text
    is ASCII (the clean layer always is): Python's `re` skips its literal-prefix and character-set
    shortcuts under IGNORECASE, so this is about twice as fast, with the same matches at the same
    offsets. Use only offsets (`start`, `end`, `span`) of its matches: their text is lower-case;
    read the original at those offsets. Non-ASCII text is matched with the pattern as written.

    The pattern must spell its letters in lower case (checked here), so that on lower-cased ASCII
    text it matches exactly what the IGNORECASE pattern matches on the original."""

    __slots__ = ("fast", "slow")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE:
            raise ValueError(f"not a case-insensitive pattern: {pattern.pattern[:60]!r}")
        letters = _ESCAPE.sub("", pattern.pattern)
        if any("A" <= c <= "Z" for c in letters):
            raise ValueError(f"upper-case letter in a case-insensitive pattern: {pattern.pattern[:60]!r}")
        self.slow = pattern
        self.fast = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def finditer(self, text: str, lower: str | None) -> Iterator[re.Match[str]]:
        """Matches in `text`; `lower` is `lower_ascii(text)`."""
        return self.fast.finditer(lower) if lower is not None else self.slow.finditer(text)

    def search(self, text: str, lower: str | None) -> re.Match[str] | None:
        return self.fast.search(lower) if lower is not None else self.slow.search(text)


def lower_ascii(text: str) -> str | None:
    """`text.lower()` when `text` is ASCII (same length, same offsets), else None."""
    return text.lower() if text.isascii() else None


def clean_lower(norm: NormalizedText) -> str | None:
    """`lower_ascii(norm.clean)`, computed once per text and shared by the detectors."""
    if "clean_lower" not in norm.memo:
        norm.memo["clean_lower"] = lower_ascii(norm.clean)
    return norm.memo["clean_lower"]  # type: ignore[return-value]


def any_of(patterns: list[Caseless]) -> Caseless:
    """One pattern that matches where any of `patterns` would: searched once, it tells whether the
    patterns need running at all (most texts match none of a detector's patterns, and one scan for
    all of them costs a fraction of one scan each). Their matches still come from each pattern."""
    scoped = []
    for p in patterns:
        flags = "".join(f for f, bit in (("s", re.DOTALL), ("m", re.MULTILINE)) if p.fast.flags & bit)
        scoped.append(f"(?{flags}:{p.fast.pattern})" if flags else f"(?:{p.fast.pattern})")
    return Caseless(re.compile("|".join(scoped), re.IGNORECASE))
