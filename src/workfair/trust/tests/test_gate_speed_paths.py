"""The gate's fast paths give the same answers as the plain ones: case-insensitive patterns run on
lower-cased text, the one-scan gates in front of a detector's patterns, the vectorised model
score, the rules looked up by signal, and the remembered e-mail verification."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workfair.guard.detectors import Caseless, any_of, job_content, lower_ascii, textmodel
from workfair.guard.rules import default_policy
from workfair.trust.actions import email_verified
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

TEXTS = [
    "Please do NOT Write Fake Reviews for my shop; take my EXAM for me",
    "Send me the Money via Telegram, a small Registration Fee is needed",
    "İstanbul ŞİRKETİ: take my exam for me, fake ids",  # not ASCII: the pattern as written
    "An honest post about a booking system for a bakery in Lisbon.",
    "",
]


def _spans(matches: Any) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize("text", TEXTS)
def test_caseless_patterns_match_where_ignorecase_does(text: str) -> None:
    for _, rx, _ in job_content._COMPILED:
        assert _spans(rx.finditer(text, lower_ascii(text))) == _spans(rx.slow.finditer(text))


def test_caseless_refuses_patterns_it_cannot_run_lower_cased() -> None:
    with pytest.raises(ValueError, match="upper-case"):
        Caseless(re.compile(r"\bSWIFT\b", re.I))
    with pytest.raises(ValueError, match="not a case-insensitive"):
        Caseless(re.compile(r"\bswift\b"))
    named = Caseless(re.compile(r"(?P<svc>paypal|venmo)\b", re.I))  # named-group syntax is no letter
    assert named.search("Pay me on PayPal", lower_ascii("Pay me on PayPal")) is not None


@pytest.mark.parametrize("text", TEXTS)
def test_one_scan_gate_matches_exactly_when_a_pattern_does(text: str) -> None:
    patterns = [rx for _, rx, _ in job_content._COMPILED]
    lower = lower_ascii(text)
    assert (any_of(patterns).search(text, lower) is not None) == any(p.search(text, lower) for p in patterns)
    dotall = [Caseless(re.compile(r"cheque.{0,20}vendor", re.I | re.S))]
    assert any_of(dotall).search("a CHEQUE\nfrom our VENDOR", "a cheque\nfrom our vendor") is not None


def test_vectorised_model_score_equals_the_plain_one(monkeypatch: pytest.MonkeyPatch) -> None:
    if textmodel.np is None:
        pytest.skip("numpy is not installed")
    model = textmodel.load_model("abuse_model")
    text = " ".join(["We need a booking system with reminders, an admin view and a calendar per person."] * 12)
    words = textmodel.model_words(text)
    monkeypatch.setattr(textmodel, "NUMPY_MIN_FEATURES", 10**9)
    plain = model.scores(text, words)
    monkeypatch.setattr(textmodel, "NUMPY_MIN_FEATURES", 1)
    fast = model.scores(text, words)
    assert plain.keys() == fast.keys()
    for head in plain:
        assert fast[head] == pytest.approx(plain[head], abs=1e-12)


def test_rules_for_a_signal_are_the_matching_rules_in_order() -> None:
    policy = default_policy()
    for kind, surface in (("message.sent", "message"), ("job.submitted", "job_post"), ("signup", "")):
        expected = [
            r.key
            for r in policy.rules
            if (r.signals is None or kind in r.signals) and (r.surfaces is None or surface in r.surfaces)
        ]
        assert [r.key for r in policy.rules_for(kind, surface)] == expected
    assert "ban-evasion-strong" in [r.key for r in policy.rules_for("signup", "")]
    assert "job-fake-reviews" not in [r.key for r in policy.rules_for("message.sent", "message")]


@pytest.mark.django_db
def test_a_verified_address_is_remembered_and_an_unverified_one_asked_again(freelancer_user: Any) -> None:
    EmailAddress.objects.filter(user=freelancer_user).delete()
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert email_verified(freelancer_user) is False
        assert email_verified(freelancer_user) is False
    assert len(first) == 2  # a no is never remembered
    EmailAddress.objects.create(user=freelancer_user, email=freelancer_user.email, verified=True, primary=True)
    assert email_verified(freelancer_user) is True
    with CaptureQueriesContext(connection) as again:
        assert email_verified(freelancer_user) is True
    assert len(again) == 0
    freelancer_user.email = "new-address@example.com"  # another address: asked again
    with CaptureQueriesContext(connection) as changed:
        email_verified(freelancer_user)
    assert len(changed) == 1


@pytest.mark.django_db
def test_velocity_count_equals_the_orm_count(freelancer_user: Any, client_user: Any) -> None:
    import datetime as dt

    from workfair.core import clock
    from workfair.trust.actions import recent_signal_count
    from workfair.trust.models import Signal

    now = clock.now()
    since = now - dt.timedelta(hours=1)
    for minutes, kind, actor in ((0, "message.sent", freelancer_user), (59, "message.sent", freelancer_user),
                                 (60, "message.sent", freelancer_user), (61, "message.sent", freelancer_user),
                                 (5, "proposal.sent", freelancer_user), (5, "message.sent", client_user)):  # fmt: skip
        Signal.objects.create(actor=actor, kind=kind, created_at=now - dt.timedelta(minutes=minutes))
    orm = Signal.objects.filter(actor_id=freelancer_user.pk, kind="message.sent", created_at__gte=since).count()
    assert recent_signal_count(freelancer_user.pk, "message.sent", since) == orm == 3
    assert recent_signal_count(client_user.pk, "proposal.sent", since) == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("trust_env")
def test_the_velocity_rule_holds_the_sixty_first_message_in_an_hour(freelancer_user: Any) -> None:
    import datetime as dt

    from workfair.core import clock
    from workfair.trust.actions import gate
    from workfair.trust.models import Signal

    now = clock.now()
    Signal.objects.bulk_create(
        [
            Signal(actor=freelancer_user, kind="message.sent", created_at=now - dt.timedelta(minutes=k))
            for k in range(59)
        ]
    )
    sixtieth = gate(actor=freelancer_user, kind="message.sent", surface="message", text="See you on Monday.")
    assert sixtieth.facts.context["actions_last_hour"] == 60
    assert sixtieth.outcome == "allow"
    Signal.objects.create(actor=freelancer_user, kind="message.sent", created_at=now)
    late = gate(actor=freelancer_user, kind="message.sent", surface="message", text="See you on Monday.")
    assert late.facts.context["actions_last_hour"] == 61
    assert (late.outcome, [h.rule.key for h in late.verdict.hits]) == ("hold", ["velocity-messages"])


def test_the_gate_still_fails_closed_when_screening_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    from workfair.guard import screening
    from workfair.guard.rules import SignalFacts
    from workfair.trust.engine import evaluate_facts

    facts = SignalFacts(kind="message.sent", surface="message", text="call me on 555 0123 4567")
    assert screening.screen_findings(facts.text)[1] is False

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("detector crashed")

    monkeypatch.setattr(screening, "detect_all", boom)
    assert screening.screen_findings(facts.text) == ((), True)
    verdict = evaluate_facts(facts, policy=default_policy())
    assert (verdict.outcome, verdict.failed_closed, verdict.findings) == ("hold", True, ())
