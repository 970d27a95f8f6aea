"""Detectors: pure functions of the text that return findings, registered by name.

Every detector follows the `Detector` protocol: a `name`, the `categories` it may report, and
`detect(text, norm, context) -> list[Finding]` where `norm` is `normalize(text)`. Detectors never
touch a database, never raise on odd input they can read, and report spans in ORIGINAL offsets
(use `finding_from_layer` to turn a span of a normalised layer into one).

The built-in detectors register themselves when `workfair.trust.detectors.builtin` is imported;
`get_detectors()` does that on first use.
"""

from __future__ import annotations

from typing import Protocol

from workfair.trust.findings import Finding, ScreenContext
from workfair.trust.normalize import Layer, NormalizedText


class Detector(Protocol):
    """The shape every detector has (see the module doc)."""

    @property
    def name(self) -> str: ...

    @property
    def categories(self) -> tuple[str, ...]: ...

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]: ...


_REGISTRY: dict[str, Detector] = {}
_BUILTINS_LOADED = False


def register_detector(detector: Detector) -> Detector:
    """Add `detector` to the registry under its name (a later one with the same name replaces it)."""
    _REGISTRY[detector.name] = detector
    return detector


def get_detectors(names: tuple[str, ...] | None = None) -> list[Detector]:
    """The registered detectors (all, or those named, in registration order)."""
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        from workfair.trust.detectors import builtin  # noqa: F401 - registers the built-in detectors

    if names is None:
        return list(_REGISTRY.values())
    return [_REGISTRY[n] for n in names if n in _REGISTRY]


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
