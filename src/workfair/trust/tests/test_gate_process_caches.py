"""What the gate keeps per process so that it does not ask again on every signal: the active
policy (the shared stamp read at most once per `STAMP_SECONDS`), the trust settings, and the
detectors split into text and signal detectors. Each must notice a change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from workfair.guard.detectors import get_detectors, register_detector, signal_detectors, text_detectors
from workfair.guard.rules import SignalFacts
from workfair.trust import engine
from workfair.trust.config import DEFAULTS, trust_setting
from workfair.trust.signal_detectors import VelocityDetector
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trust_env")]


def test_a_policy_activated_in_another_process_applies_here_within_the_stamp_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(engine.time, "monotonic", lambda: now[0])
    first = engine.active_policy()
    other = engine.compile_policy(first.version + 41, [])
    engine._compiled[other.version] = other
    cache.set(engine.POLICY_STAMP_KEY, other.version, None)  # what another process's activation leaves

    now[0] += engine.STAMP_SECONDS / 2
    assert engine.active_policy() is first  # the stamp is not read again yet
    now[0] += engine.STAMP_SECONDS
    assert engine.active_policy() is other


def test_forgetting_the_policy_applies_at_once_in_this_process() -> None:
    first = engine.active_policy()
    engine.forget_active_policy()
    assert cache.get(engine.POLICY_STAMP_KEY) is None
    again = engine.active_policy()
    assert again is not first
    assert again.version == first.version


def test_trust_settings_follow_override_settings(settings: Any) -> None:
    assert trust_setting("NEW_ACCOUNT_DAYS") == DEFAULTS["NEW_ACCOUNT_DAYS"]
    settings.WORKFAIR_TRUST = {"NEW_ACCOUNT_DAYS": 11}
    assert trust_setting("NEW_ACCOUNT_DAYS") == 11
    settings.WORKFAIR_TRUST = {}
    assert trust_setting("NEW_ACCOUNT_DAYS") == DEFAULTS["NEW_ACCOUNT_DAYS"]


def test_text_and_signal_detectors_split_the_registry_and_follow_registrations() -> None:
    every = get_detectors()
    texts, signals = text_detectors(), signal_detectors()
    assert [d.name for d in texts] == [d.name for d in every if not getattr(d, "signal_only", False)]
    assert [d.name for d in signals] == [d.name for d in every if hasattr(d, "detect_signal")]
    assert "velocity" not in {d.name for d in texts}
    assert "abuse" in {d.name for d in texts}

    class Louder(VelocityDetector):
        def detect_signal(self, facts: SignalFacts, text_findings: Any) -> list[Any]:
            return ["replaced"]

    original = next(d for d in every if d.name == "velocity")
    try:
        register_detector(Louder())
        assert [d.detect_signal(SignalFacts(kind="message.sent"), ()) for d in signal_detectors()
                if d.name == "velocity"] == [["replaced"]]  # fmt: skip
    finally:
        register_detector(original)
    assert signal_detectors() == signals
