# ruff: noqa: RUF001 - an en dash is what people type between "pix" and the key
"""National payment rails the other detectors do not read, each checked by a library rather than by
a table of our own:

- a Mexican CLABE: 18 digits (also printed in groups) whose bank code and control digit the
  `clabe` library accepts, next to a label ("CLABE", "SPEI", "cuenta", "transferencia", ...): an
  unlabelled 18-digit number is as likely a tracking or order number;
- an Indian UPI id, `name@handle`, where the handle is a UPI app's ("raj.kumar@okaxis",
  "98765 43210@ybl"): the part after "@" is no domain, so the e-mail detector leaves it;
- a Brazilian Pix key given as a CPF or CNPJ (check digits by python-stdnum) after the word
  "pix" ("minha chave pix é 529.982.247-25"); Pix keys that are a phone number, an e-mail or a
  random key are found by the other detectors and the language files.

Findings are payment details (`payment`, kinds `clabe`, `upi_id`, `pix_key`): the default rules
mask them, with or without a contract. A number inside one is not also a phone number
(`screening._DIGIT_CONTAINERS`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from workfair.guard.detectors import finding_at, register_detector
from workfair.guard.findings import Finding, ScreenContext
from workfair.guard.normalize import NormalizedText

SCORE = 0.9

# --- CLABE -------------------------------------------------------------------------------------------
_CLABE_RUN = re.compile(r"(?<![0-9\-])[0-9](?:[ \-]?[0-9]){17}(?![ \-]?[0-9])")
_CLABE_LABEL = re.compile(
    r"clabe|spei|interbancari|cuenta|transfer|dep[oó]sit|banco|bank|account|конт|счет|счёт", re.IGNORECASE
)
_CLABE_LABEL_BEFORE = 60  # characters before the number where a label counts
_CLABE_LABEL_AFTER = 25


@lru_cache(maxsize=1)
def _clabe_validator() -> Any:
    """`clabe.validate_clabe`, imported on first use (the library loads pydantic)."""
    from clabe import validate_clabe

    return validate_clabe


def _clabes(text: str) -> list[Finding]:
    out = []
    for m in _CLABE_RUN.finditer(text):
        digits = m.group().replace(" ", "").replace("-", "")
        before = text[max(0, m.start() - _CLABE_LABEL_BEFORE) : m.start()]
        after = text[m.end() : m.end() + _CLABE_LABEL_AFTER]
        if not (_CLABE_LABEL.search(before) or _CLABE_LABEL.search(after)):
            continue
        if not _clabe_validator()(digits):
            continue
        out.append(finding_at(text, m.start(), m.end(), category="payment", kind="clabe", score=SCORE, value=digits,
                              evidence="CLABE with a valid bank code and control digit", detector="rails"))  # fmt: skip
    return out


# --- UPI ids -----------------------------------------------------------------------------------------
# the handles of UPI apps and banks (the part after "@" in a UPI id); not e-mail domains
_UPI_HANDLES = (
    "ybl", "ibl", "axl", "okaxis", "oksbi", "okhdfcbank", "okicici", "paytm", "ptyes", "ptaxis", "pthdfc", "ptsbi",
    "apl", "yapl", "rapl", "upi", "axisbank", "axisb", "icici", "sbi", "hdfcbank", "kotak", "fam", "ikwik",
    "freecharge", "jupiteraxis", "slc", "superyes", "waaxis", "wahdfcbank", "waicici", "wasbi", "naviaxis",
    "abfspay", "barodampay", "idfcbank", "indus", "federal", "aubank", "rbl", "yesbank", "pingpay", "timecosmos",
    "mbk", "airtel", "jio", "postbank", "pnb", "unionbank", "cnrb", "boi", "dbs", "kmbl",
)  # fmt: skip
_UPI_ID = re.compile(
    r"(?<![\w.\-])([a-z0-9][a-z0-9.\-_]{1,48}|[0-9][0-9 ]{8,13}[0-9])@(" + "|".join(_UPI_HANDLES) + r")(?![\w\-]|\.\w)",
    re.IGNORECASE,
)


def _upi_ids(text: str) -> list[Finding]:
    out = []
    for m in _UPI_ID.finditer(text):
        value = f"{m.group(1).replace(' ', '')}@{m.group(2)}".lower()
        out.append(finding_at(text, m.start(), m.end(), category="payment", kind="upi_id", score=SCORE, value=value,
                              evidence=f"UPI id on the handle {m.group(2).lower()!r}", detector="rails"))  # fmt: skip
    return out


# --- Pix keys that are a CPF or CNPJ -----------------------------------------------------------------
_PIX_TAX_ID = re.compile(
    r"\bpix\b(?:[\s:=\-–]*(?:é|e|eh|is|es|key|chave|clave|cpf|cnpj|meu|minha|my|mi|o|a|do|da|no|na)\b){0,4}"
    r"[\s:=\-–]*([0-9]{3}\.?[0-9]{3}\.?[0-9]{3}[\-.\s]?[0-9]{2}|[0-9]{2}\.?[0-9]{3}\.?[0-9]{3}/?[0-9]{4}[\-.\s]?[0-9]{2})(?![0-9/])",
    re.IGNORECASE,
)


def _pix_keys(text: str) -> list[Finding]:
    from stdnum.br import cnpj, cpf

    out = []
    for m in _PIX_TAX_ID.finditer(text):
        number = m.group(1)
        digits = re.sub(r"[^0-9]", "", number)
        if not (cpf.is_valid(digits) if len(digits) == 11 else len(digits) == 14 and cnpj.is_valid(digits)):
            continue
        out.append(finding_at(text, m.start(1), m.end(1), category="payment", kind="pix_key", score=SCORE,
                              value=digits, evidence="Pix key: a CPF or CNPJ with valid check digits",
                              detector="rails"))  # fmt: skip
    return out


_NO_DIGITS = str.maketrans("", "", "0123456789")


class PaymentRailsDetector:
    """CLABE, UPI ids and Pix keys given as a tax id (see the module doc)."""

    name = "rails"
    categories = ("payment",)

    def detect(self, text: str, norm: NormalizedText, context: ScreenContext) -> list[Finding]:
        out: list[Finding] = []
        if "@" in text:
            out.extend(_upi_ids(text))
        digits = len(text) - len(text.translate(_NO_DIGITS)) if len(text) >= 11 else 0
        if digits >= 18:
            out.extend(_clabes(text))
        if digits >= 11 and ("pix" in text or "Pix" in text or "PIX" in text):
            out.extend(_pix_keys(text))
        return out


def warm_up() -> None:
    """Load the CLABE library now rather than on the first message that holds a CLABE."""
    _clabe_validator()


RAILS = register_detector(PaymentRailsDetector())
