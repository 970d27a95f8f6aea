"""Golden tests: signal fixtures in, exact decisions and effects out, for every shipped rule.

`golden/signals.json` holds one signal per shipped rule, the detectors' findings for it (stored, so
that tuning a text detector does not silently change what these tests prove about the policy), the
outcome, the enforce-mode decisions (rule, outcome, strike weight, effects) and the shadow-mode hits
it must produce. `test_live_detectors_still_trigger_each_rule` checks the stored findings against
today's detectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workfair.guard.findings import Finding
from workfair.guard.rules import DEFAULT_RULES, SignalFacts, default_policy
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.trust.actions import Gate, do_record_signal
from workfair.trust.engine import active_policy, decide, evaluate_facts
from workfair.trust.models import Decision, EffectApplication, Signal
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("trust_env")

GOLDEN: list[dict[str, Any]] = json.loads((Path(__file__).parent / "golden" / "signals.json").read_text())


def test_every_shipped_rule_has_a_golden_signal() -> None:
    assert {g["rule"] for g in GOLDEN} == {r["key"] for r in DEFAULT_RULES}
    assert len(DEFAULT_RULES) >= 20


def _facts(golden: dict[str, Any]) -> SignalFacts:
    s = golden["signal"]
    return SignalFacts(kind=s["kind"], surface=s["surface"], text=s["text"], context=s["context"])


def _findings(golden: dict[str, Any]) -> list[Finding]:
    return [Finding(**f) for f in golden["findings"]]


@pytest.mark.parametrize("golden", GOLDEN, ids=[g["rule"] for g in GOLDEN])
def test_golden_signal_gives_exact_verdict_without_a_database(golden: dict[str, Any]) -> None:
    verdict = decide(_facts(golden), _findings(golden), default_policy())
    assert verdict.outcome == golden["outcome"]
    assert [h.rule.key for h in verdict.hits] == [d["rule"] for d in golden["decisions"]]
    assert [h.rule.key for h in verdict.shadow_hits] == golden["shadow"]
    assert verdict.masked_text == golden["masked_text"]
    assert golden["rule"] in [h.rule.key for h in (*verdict.hits, *verdict.shadow_hits)]


@pytest.mark.django_db
@pytest.mark.parametrize("golden", GOLDEN, ids=[g["rule"] for g in GOLDEN])
def test_golden_signal_records_exact_decisions_and_effects(golden: dict[str, Any], client_user: Any) -> None:
    s = golden["signal"]
    subject = None
    if s["surface"] == "job_post":
        job = JobFactory(client=client_user, status=JobStatus.SUBMITTED, opened_at=None, expires_at=None)
        target_type, target_id = "jobs.job", job.pk
    elif s["kind"] == "report.filed":
        subject = StaffFactory(is_staff=False)
        target_type, target_id = "accounts.user", subject.pk
    else:
        target_type, target_id = "messaging.message", 991
    gate = Gate(_facts(golden), decide(_facts(golden), _findings(golden), active_policy()))
    result = do_record_signal(actor=client_user, kind=s["kind"], surface=s["surface"], target_type=target_type,
                              target_id=target_id, subject=subject, gate=gate)  # fmt: skip

    assert result.outcome == golden["outcome"]
    assert Signal.objects.count() == 1
    enforced = list(Decision.objects.filter(shadow=False).order_by("id"))
    assert [(d.rule_key, d.outcome, d.strike_weight) for d in enforced] == [
        (g["rule"], g["outcome"], g["strike_weight"]) for g in golden["decisions"]
    ]
    for decision, expected in zip(enforced, golden["decisions"], strict=True):
        applied = list(
            EffectApplication.objects.filter(decision=decision).order_by("id").values_list("kind", flat=True)
        )
        assert applied == expected["effects"]
        assert decision.effects_state == ("applied" if expected["effects"] else "none")
        assert decision.policy_version == 1
    shadow = list(Decision.objects.filter(shadow=True).values_list("rule_key", flat=True))
    assert shadow == golden["shadow"]
    assert not EffectApplication.objects.filter(decision__shadow=True).exists()
    if s["surface"] == "job_post" and any("refuse_job" in d["effects"] for d in golden["decisions"]):
        job.refresh_from_db()
        assert job.status == JobStatus.REFUSED
        assert job.review_note == enforced[0].reason if enforced[0].effects else job.review_note


LIVE = [g for g in GOLDEN if g["rule"] != "spam-low-confidence"]  # its finding is synthetic: a mid-score spam


@pytest.mark.parametrize("golden", LIVE, ids=[g["rule"] for g in LIVE])
def test_live_detectors_still_trigger_each_rule(golden: dict[str, Any]) -> None:
    verdict = evaluate_facts(_facts(golden), policy=default_policy())
    assert golden["rule"] in [h.rule.key for h in (*verdict.hits, *verdict.shadow_hits)]
