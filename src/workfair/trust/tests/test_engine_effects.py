"""Effects: all or nothing, idempotent, retryable; manual decisions beat automatic ones."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.core.errors import InvalidTransition
from workfair.core.models import AuditLogEntry
from workfair.notifications.models import Notification
from workfair.trust import effects
from workfair.trust.actions import do_record_signal, do_retry_decision_effects
from workfair.trust.models import Case, Decision, EffectApplication, HiddenContent, Strike
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

SCAM = "Hello, I am a recruiter. To receive your payment you must pay a processing fee first, contact me on telegram"


def _scam_signal(actor: Any) -> Any:
    return do_record_signal(actor=actor, kind="message.sent", surface="message", target_type="messaging.message",
                            target_id=7, text=SCAM,
                            context={"contract_active": True, "account_age_days": 100})  # fmt: skip


def test_scam_message_is_held_with_strike_case_notice_and_audit(freelancer_user: Any) -> None:
    result = _scam_signal(freelancer_user)
    assert result.outcome == "hold"
    decision = Decision.objects.get(rule_key="scam-hold")
    assert decision.effects_state == "applied"
    assert list(decision.applications.values_list("kind", flat=True)) == ["hold_content", "add_strike", "open_case"]
    assert HiddenContent.objects.get(target_id="7").held is True
    assert Strike.objects.get(user=freelancer_user).weight == 2
    case = Case.objects.get(queue="held_messages")
    assert case.target_id == "7"
    assert case.risk == 85
    assert AuditLogEntry.objects.filter(action__startswith="trust.effect.").count() == 3
    note = Notification.objects.get(recipient=freelancer_user, kind="trust.decision")
    assert "scam-hold" in note.body
    assert "How to appeal" in note.body
    assert "automatically" in note.body


def test_failing_handler_leaves_nothing_half_applied_and_can_be_retried(
    freelancer_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Any, params: Any) -> Any:
        raise RuntimeError("case service down")

    monkeypatch.setitem(effects.HANDLERS, "open_case", broken)
    result = _scam_signal(freelancer_user)

    assert result.outcome == "hold"  # the gate's answer stands: the message stays held
    decision = Decision.objects.get(rule_key="scam-hold")
    assert decision.effects_state == "failed"
    assert "case service down" in decision.effects_error
    assert not EffectApplication.objects.exists()
    assert not HiddenContent.objects.exists()
    assert not Strike.objects.exists()
    assert not Case.objects.exists()
    assert not AuditLogEntry.objects.filter(action__startswith="trust.effect.").exists()

    monkeypatch.undo()
    moderator = StaffFactory()
    do_retry_decision_effects(actor=moderator, decision=decision)
    decision.refresh_from_db()
    assert decision.effects_state == "applied"
    assert EffectApplication.objects.count() == 3
    assert Strike.objects.count() == 1
    assert Case.objects.count() == 1

    # applying again is a no-op, and retrying an applied decision is refused
    assert effects.apply_effects(decision) is True
    assert EffectApplication.objects.count() == 3
    assert Strike.objects.count() == 1
    with pytest.raises(InvalidTransition):
        do_retry_decision_effects(actor=moderator, decision=decision)


def test_shadow_rule_records_what_it_would_do_without_effects(freelancer_user: Any) -> None:
    text = (
        "Great offer. Great offer. Great offer. Great offer today only! "
        "visit www.cheap-seo.biz www.cheap-seo.xyz www.cheap-seo.top"
    )
    do_record_signal(actor=freelancer_user, kind="message.sent", surface="message", target_type="messaging.message",
                     target_id=9, text=text, context={"contract_active": True})  # fmt: skip
    shadow = Decision.objects.get(shadow=True)
    assert shadow.rule_key == "spam-low-confidence"
    assert shadow.outcome == "warn"
    assert not shadow.applications.exists()
    assert not Notification.objects.filter(body__contains="spam-low-confidence").exists()


def test_clean_message_writes_only_the_signal(freelancer_user: Any) -> None:
    result = do_record_signal(actor=freelancer_user, kind="message.sent", surface="message",
                              text="Thanks, I will send the draft on Friday.")  # fmt: skip
    assert result.outcome == "allow"
    assert not Decision.objects.exists()
    assert result.signal.context["account_age_days"] >= 0
    assert result.signal.context["actions_last_hour"] == 1


def test_content_cleared_by_a_moderator_is_not_hidden_again_automatically(freelancer_user: Any) -> None:
    from workfair.trust.actions import do_decide_case

    _scam_signal(freelancer_user)
    moderator = StaffFactory()
    do_decide_case(actor=moderator, case=Case.objects.get(), resolution="approve")
    assert HiddenContent.objects.get().restored_manually is True
    _scam_signal(freelancer_user)  # the same message evaluated again
    assert HiddenContent.objects.filter(restored_at__isnull=True).count() == 0


def test_quality_sample_sends_automated_decisions_to_review(freelancer_user: Any, settings: Any) -> None:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 1.0}
    _scam_signal(freelancer_user)
    assert Case.objects.filter(queue="quality_review", target_type="trust.decision").count() == 1
