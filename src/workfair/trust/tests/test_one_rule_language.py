"""One rule language: `workfair screen` (the guard's `screen_text`) and a send through the trust
engine give the same decision on the same text, and the engine's words are the guard's."""

from __future__ import annotations

import io
import json

import pytest

from benchmarks.trust.corpus import corpus
from workfair.guard import vocabulary
from workfair.guard.cli import run_screen
from workfair.guard.decisions import screen_text
from workfair.guard.rules import SignalFacts, default_policy
from workfair.trust import states
from workfair.trust.engine import evaluate_facts


def test_the_engine_stores_the_rule_languages_words():
    pairs = [
        (vocabulary.SignalKind, states.SignalKind),
        (vocabulary.Outcome, states.Outcome),
        (vocabulary.RuleMode, states.RuleMode),
        (vocabulary.EffectKind, states.EffectKind),
        (vocabulary.Queue, states.Queue),
    ]
    for words, choices in pairs:
        assert vocabulary.values(words) == list(choices.values), words.__name__
    assert states.OUTCOME_RANK is vocabulary.OUTCOME_RANK


@pytest.mark.parametrize("surface", ["message", "proposal", "job_post"])
def test_the_command_line_decides_every_benchmark_text_as_the_engine_does(surface):
    policy = default_policy()
    actions = corpus()[surface]
    assert len(actions) >= 300
    differ = []
    for action in actions:
        facts = SignalFacts(kind=action.kind, surface=surface, text=action.text, context={"contract_active": False})
        verdict = evaluate_facts(facts, history=action.history, policy=policy)
        engine = "allow" if verdict.outcome == "warn" else verdict.outcome
        screened = screen_text(action.text, surface=surface, history=action.history, policy=policy)
        if (screened.decision, screened.masked_text) != (engine, verdict.masked_text):
            differ.append((action.text[:80], screened.decision, engine))
    assert differ == []


def _screen(line: dict) -> dict:
    out = io.StringIO()
    run_screen(io.StringIO(json.dumps(line) + "\n"), out)
    return json.loads(out.getvalue())


def test_a_job_post_gets_the_decision_job_post_review_gives():
    text = "Logo design. Message me on WhatsApp +44 7700 900123 and I will pay you there."
    pay_outside = _screen({"id": 1, "surface": "job_post", "text": text})
    assert pay_outside["decision"] == "block"  # refused at once, as job-post review refuses it
    assert {f["category"] for f in pay_outside["findings"]} >= {"contact"}
    text = "Need 40 five-star reviews on Google for my salon, $2 per review."
    fake_reviews = _screen({"id": 2, "surface": "job_post", "text": text})
    assert fake_reviews["decision"] in ("block", "hold")
    assert "prohibited" in {f["category"] for f in fake_reviews["findings"]}
    text = "Build a landing page for our bakery: three sections, a contact form, mobile first."
    honest = _screen({"id": 3, "surface": "job_post", "text": text})
    assert honest["decision"] == "allow"
    assert honest["findings"] == []
