"""What a detector reports, and what it is told about the text it screens."""

from __future__ import annotations

from dataclasses import dataclass, field

CATEGORIES = ("contact", "payment", "abuse", "scam", "spam", "prohibited")
SURFACES = ("message", "job_post", "proposal", "profile", "review")


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected detail or pattern.

    `start`/`end` are offsets into the ORIGINAL text (never the normalised layers); `text` is
    `original[start:end]`; `value` is the detail in normal form where there is one (e-mail
    `name@domain`, phone E.164, handle `service:name`, URL, IBAN without spaces), else "".
    `score` is the detector's confidence in [0, 1]; `severity` 1 (low) .. 3 (high) orders abuse.
    """

    category: str
    kind: str
    start: int
    end: int
    score: float
    text: str
    value: str = ""
    evidence: str = ""
    severity: int = 1
    detector: str = ""

    def as_dict(self) -> dict[str, object]:
        """The fields of the `workfair screen` output, in its order."""
        return {
            "category": self.category,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
            "text": self.text,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class ScreenContext:
    """Where the text is shown and what is known around it.

    `own_domains`: the platform's own domains, never a contact finding. `history_text`: the sender's
    recent messages joined, set only while screening a message together with its history.
    """

    surface: str = "message"
    contract_active: bool = False
    own_domains: frozenset[str] = field(default_factory=lambda: frozenset({"workfair.org", "workfair.local"}))
