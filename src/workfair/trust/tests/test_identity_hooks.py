"""The trust engine's side of the identity contract: signal kinds, the identity queue, the
identity-links detector and its rules, the step-up effect, and `workfair.trust.interface`."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry
from workfair.guard.rules import DEFAULT_RULES, SignalFacts, default_policy, validate_rule
from workfair.trust import interface
from workfair.trust.actions import do_claim_case, do_save_rule
from workfair.trust.effects import HANDLERS, REVERSERS
from workfair.trust.enforcement import CAPABILITY_CHECKS, AccountRestricted, require_capability, standing_of
from workfair.trust.engine import active_policy, detect, evaluate_facts
from workfair.trust.models import AccountStanding, Case, CaseEvent, Decision, PolicyVersion, QueueSLA, Rule
from workfair.trust.states import CaseStatus, EffectKind, EffectsState, Queue, SignalKind, StandingLevel
from workfair.trust.tests.factories import StaffFactory, set_standing
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("trust_env")

GOLDEN = {g["rule"]: g for g in json.loads((Path(__file__).parent / "golden" / "signals.json").read_text())}
IDENTITY_RULES = ("ban-evasion-strong", "ban-evasion-weak", "duplicate-account")


def _facts(kind: str = "signup", **context: Any) -> SignalFacts:
    return SignalFacts(kind=kind, context={"account_age_days": 0, "email_verified": False, **context})


def _link(kind: str, strength: str, account_id: int, standing: str = "none") -> dict[str, Any]:
    return {"kind": kind, "strength": strength, "account_id": account_id, "standing": standing}


# --- the contract's names ---------------------------------------------------------------------------


def test_interface_exports_exactly_the_contract() -> None:
    assert set(interface.__all__) == {
        "gate", "do_record_signal", "SignalResult", "SignalKind", "Queue", "open_case", "close_case",
        "standing_levels", "verification_required", "clear_verification_requirement", "register_capability_check",
        "register_effect", "EffectKind", "EffectContext", "decision_required_verification", "Gate", "Outcome",
        "Capability", "hidden_target_ids", "StaffRole", "has_role", "require_role",
        # added when the engine moved below the marketplace (apps plug in; nothing above was removed)
        "EffectFailed", "SignalFacts", "Verdict", "active_policy", "check_widget_attrs", "console_view", "mask",
        "queue_for_review", "register_content_release", "register_notifier", "register_report_target",
        "register_request_authenticator", "register_screening_context", "register_staff_session_check",
        "require_capability",
        "require_console_role", "websocket_refusal",
        # held content its author may see, and how an item shows in the console's case page
        "ContentHold", "content_holds", "ContextLine", "TargetView", "register_target_view",
    }  # fmt: skip
    for name in interface.__all__:
        assert getattr(interface, name) is not None
    for kind in ("signup", "login", "phone.verified", "identity.submitted", "photo.uploaded", "device.new"):
        assert kind in SignalKind.values
    assert Queue.IDENTITY.value == "identity"
    assert EffectKind.REQUIRE_STEP_UP.value == "require_step_up"


# --- the detector --------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", IDENTITY_RULES)
def test_detector_gives_the_golden_findings(rule: str) -> None:
    golden = GOLDEN[rule]
    s = golden["signal"]
    findings, failed = detect(SignalFacts(kind=s["kind"], surface=s["surface"], text=s["text"], context=s["context"]))
    assert not failed
    assert [
        {"category": f.category, "kind": f.kind, "score": f.score, "value": f.value, "evidence": f.evidence,
         "detector": f.detector}
        for f in findings
    ] == [
        {k: g[k] for k in ("category", "kind", "score", "value", "evidence", "detector")} for g in golden["findings"]
    ]  # fmt: skip


def test_strong_link_to_a_banned_account_names_kinds_and_accounts() -> None:
    links = [_link("phone", "strong", 12, "banned"), _link("document", "strong", 12, "banned"),
             _link("email", "strong", 15, "banned"), _link("ip", "weak", 15, "banned")]  # fmt: skip
    findings, _ = detect(_facts(identity_links=links, banned_strong_links=2, banned_weak_links=1))
    assert [(f.kind, f.value) for f in findings] == [("ban_evasion_strong", "12,15")]
    assert (
        findings[0].evidence == "shares document, phone with banned account #12; shares email with banned account #15"
    )


def test_weak_links_only_add_risk_and_never_block() -> None:
    facts = _facts(kind="device.new", identity_links=[_link("device", "weak", 31, "banned")], banned_weak_links=1)
    verdict = evaluate_facts(facts, policy=default_policy())
    assert verdict.outcome == "warn"
    assert [h.rule.key for h in verdict.hits] == ["ban-evasion-weak"]
    weak = next(r for r in DEFAULT_RULES if r["key"] == "ban-evasion-weak")
    assert weak["outcome"] == "warn"
    kinds = {e if isinstance(e, str) else e["kind"] for e in weak["effects"]}
    assert not {"suspend", "ban", "restrict"} & kinds
    # It asks for a phone step-up (identity without a phone): posting jobs, starting contracts and
    # withdrawing wait for it, signing up and logging in never do.
    assert {"kind": "require_step_up", "method": "phone", "reason": "ban_evasion_match"} in weak["effects"]


def test_links_to_accounts_in_good_standing_by_device_only_find_nothing() -> None:
    findings, _ = detect(_facts(identity_links=[_link("ip", "weak", 40), _link("device", "weak", 41, "warning")]))
    assert findings == []


def test_duplicate_found_beside_ban_evasion_and_from_counts_alone() -> None:
    links = [_link("phone", "strong", 12, "banned"), _link("document", "strong", 57, "restricted")]
    kinds = [f.kind for f in detect(_facts(identity_links=links))[0]]
    assert kinds == ["ban_evasion_strong", "duplicate_account"]
    # The graph may pass only the counts: findings still follow, with the counts as evidence.
    counted = detect(_facts(banned_strong_links=0, banned_weak_links=2, existing_strong_links=1))[0]
    assert [(f.kind, f.evidence) for f in counted] == [
        ("ban_evasion_weak", "shares a device or network with 2 banned account(s)"),
        ("duplicate_account", "shares a strong identifier with 1 other account(s)"),
    ]


def test_identity_rules_only_act_on_identity_signals() -> None:
    links = [_link("phone", "strong", 12, "banned")]
    assert evaluate_facts(_facts(kind="message.sent", identity_links=links), policy=default_policy()).outcome == "allow"
    for kind in ("signup", "phone.verified", "identity.submitted", "photo.uploaded", "device.new"):
        assert evaluate_facts(_facts(kind=kind, identity_links=links), policy=default_policy()).outcome == "block"


# --- rules and effects ----------------------------------------------------------------------------


def _step_up_rule(mode: str = "enforce") -> dict[str, Any]:
    return {"key": "step-up-on-new-device", "title": "Step up on a new device", "mode": mode,
            "when": {"signals": ["device.new"], "context": {"banned_weak_links": {"gte": 1}}},
            "outcome": "warn", "effects": ["require_step_up"],
            "reason": "A new device shares a network with a banned account: confirm it is you."}  # fmt: skip


def test_rules_may_test_the_identity_counts_and_require_a_step_up() -> None:
    assert validate_rule(_step_up_rule()) == []
    step_up = {"kind": "require_step_up", "method": "phone", "reason": "new_device_payout", "action": "payout.change"}
    with_params = {**_step_up_rule(), "effects": [step_up]}
    assert validate_rule(with_params) == []
    wrong = {**_step_up_rule(), "effects": [{"kind": "require_step_up", "method": "fax", "days": 3}]}
    assert validate_rule(wrong) == [
        "effects[0].method: must be phone, questions or identity",
        "effects[0].days: unknown parameter",
    ]
    bad = {**_step_up_rule(), "when": {"context": {"banned_strong_links": True}}}
    assert validate_rule(bad) == [
        'when.context.banned_strong_links: must be a number or a comparison such as {"gte": 3}'
    ]


@pytest.fixture
def no_step_up_handler() -> Iterator[None]:
    saved = HANDLERS.pop(EffectKind.REQUIRE_STEP_UP, None), REVERSERS.pop(EffectKind.REQUIRE_STEP_UP, None)
    yield
    HANDLERS.pop(EffectKind.REQUIRE_STEP_UP, None)
    REVERSERS.pop(EffectKind.REQUIRE_STEP_UP, None)
    if saved[0] is not None:
        HANDLERS[EffectKind.REQUIRE_STEP_UP] = saved[0]
    if saved[1] is not None:
        REVERSERS[EffectKind.REQUIRE_STEP_UP] = saved[1]


@pytest.mark.django_db
@pytest.mark.usefixtures("no_step_up_handler")
def test_step_up_effect_fails_cleanly_without_a_handler_and_applies_with_one(freelancer_user: Any) -> None:
    do_save_rule(actor=StaffFactory(role="admin"), definition=_step_up_rule())
    context = {"banned_weak_links": 1}
    result = interface.do_record_signal(actor=freelancer_user, kind="device.new", context=context)
    decision = next(d for d in result.decisions if d.rule_key == "step-up-on-new-device")
    decision.refresh_from_db()
    assert decision.effects_state == EffectsState.FAILED
    assert "no handler for effect 'require_step_up'" in decision.effects_error

    calls: list[tuple[int | None, dict[str, Any]]] = []

    @interface.register_effect(interface.EffectKind.REQUIRE_STEP_UP)
    def step_up(ctx: interface.EffectContext, params: dict[str, Any]) -> dict[str, Any]:
        if ctx.decision.rule_key == "step-up-on-new-device":  # ban-evasion-weak asks for one too
            calls.append((ctx.decision.subject_id, params))
        return {"step_up": "phone"}

    result = interface.do_record_signal(actor=freelancer_user, kind="device.new", context=context)
    again = next(d for d in result.decisions if d.rule_key == "step-up-on-new-device")
    again.refresh_from_db()
    assert again.effects_state == EffectsState.APPLIED
    assert calls == [(freelancer_user.pk, {})]


# --- the identity queue and cases ----------------------------------------------------------------


@pytest.mark.django_db
def test_identity_queue_has_a_24_hour_sla_and_shows_in_the_console(client: Any) -> None:
    from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp

    assert QueueSLA.objects.get(queue="identity").minutes == 1440
    with clock.frozen_at(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        case_id = interface.open_case(queue=interface.Queue.IDENTITY, title="Document check", subject_id=None, risk=0)
        assert Case.objects.get(pk=case_id).due_at == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    page = client.get("/console/").content.decode()
    assert 'href="/console/queues/identity/"' in page
    assert "Document check" in client.get("/console/queues/identity/").content.decode()


@pytest.mark.django_db
def test_open_case_joins_the_open_one_and_refuses_bad_input(freelancer_user: Any) -> None:
    first = interface.open_case(queue="identity", title="Selfie check", subject_id=freelancer_user.pk,
                                target_type="identity.identityverification", target_id=5, risk=40)  # fmt: skip
    again = interface.open_case(queue="identity", title="Selfie check again", subject_id=freelancer_user.pk,
                                target_type="identity.identityverification", target_id="5", risk=70)  # fmt: skip
    assert again == first
    assert Case.objects.get(pk=first).risk == 70
    with pytest.raises(InvalidInput):
        interface.open_case(queue="nowhere", title="x", subject_id=None)
    with pytest.raises(InvalidInput):
        interface.open_case(queue="identity", title="x", subject_id=None, risk=101)
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_close_case_decides_with_history_and_no_effects(freelancer_user: Any) -> None:
    moderator: Any = StaffFactory()
    case_id = interface.open_case(queue="identity", title="Document check", subject_id=freelancer_user.pk)
    interface.close_case(actor=moderator, case_id=case_id, resolution="approve", reason="Documents match the selfie.")
    case = Case.objects.get(pk=case_id)
    assert (case.status, case.resolution, case.resolution_note) == (
        CaseStatus.DECIDED, "approve", "Documents match the selfie.",
    )  # fmt: skip
    assert case.decided_by == moderator
    assert case.resolution_decision is None
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert (event.kind, event.actor, event.note) == ("decided", moderator, "Documents match the selfie.")
    assert not Decision.objects.exists()
    with pytest.raises(InvalidTransition):
        interface.close_case(actor=moderator, case_id=case_id, resolution="remove", reason="Changed my mind.")


@pytest.mark.django_db
def test_close_case_respects_the_claim_lock_and_roles(freelancer_user: Any) -> None:
    claimant, other = StaffFactory(), StaffFactory()
    case_id = interface.open_case(queue="identity", title="Document check", subject_id=freelancer_user.pk)
    do_claim_case(actor=claimant, case=Case.objects.get(pk=case_id))
    with pytest.raises(Conflict):
        interface.close_case(actor=other, case_id=case_id, resolution="remove", reason="Forged document.")
    with pytest.raises(PermissionDenied):
        interface.close_case(actor=freelancer_user, case_id=case_id, resolution="remove", reason="Forged document.")
    with pytest.raises(InvalidInput):
        interface.close_case(actor=claimant, case_id=case_id, resolution="ban", reason="Forged document.")
    with pytest.raises(InvalidInput):
        interface.close_case(actor=claimant, case_id=case_id, resolution="remove", reason="  ")
    with pytest.raises(NotFound):
        interface.close_case(actor=claimant, case_id=case_id + 99, resolution="remove", reason="Forged document.")
    assert Case.objects.get(pk=case_id).status == CaseStatus.CLAIMED
    interface.close_case(actor=claimant, case_id=case_id, resolution="remove", reason="Forged document.")
    assert Case.objects.get(pk=case_id).status == CaseStatus.DECIDED


# --- standing, verification and capability checks --------------------------------------------------


@pytest.mark.django_db
def test_standing_levels_reads_many_accounts_in_one_query() -> None:
    good, warned, banned, lapsed = (FreelancerFactory.create() for _ in range(4))
    set_standing(warned, StandingLevel.WARNING)
    set_standing(banned, StandingLevel.BANNED)
    set_standing(lapsed, StandingLevel.RESTRICTED, days=1)
    with clock.frozen_at(clock.now() + dt.timedelta(days=2)), CaptureQueriesContext(connection) as queries:
        levels = interface.standing_levels([good.pk, warned.pk, banned.pk, lapsed.pk])
    assert len(queries) == 1
    assert levels == {good.pk: "none", warned.pk: "warning", banned.pk: "banned", lapsed.pk: "warning"}
    assert interface.standing_levels([]) == {}


@pytest.mark.django_db
def test_verification_requirement_is_read_and_cleared_with_an_audit_row(freelancer_user: Any) -> None:
    assert interface.verification_required(freelancer_user) is False
    facts = {"identity_links": [_link("device", "weak", 31, "banned")]}
    interface.do_record_signal(actor=freelancer_user, kind="device.new", context=facts)
    user = type(freelancer_user).objects.get(pk=freelancer_user.pk)
    assert interface.verification_required(user) is True
    moderator: Any = StaffFactory()
    assert interface.clear_verification_requirement(user, actor=moderator) is True
    assert interface.verification_required(user) is False
    assert AccountStanding.objects.get(user=user).verification_required is False
    entry = AuditLogEntry.objects.get(action="trust.verification_requirement.clear")
    assert (entry.actor, entry.target_id) == (moderator, str(user.pk))
    assert interface.clear_verification_requirement(user, actor=None) is False


@pytest.fixture
def capability_checks() -> Iterator[list[Any]]:
    saved = list(CAPABILITY_CHECKS)
    CAPABILITY_CHECKS.clear()  # only this test's check (the identity app registers its own)
    yield CAPABILITY_CHECKS
    CAPABILITY_CHECKS[:] = saved


@pytest.mark.django_db
def test_registered_capability_checks_refuse_after_the_standing(capability_checks: list[Any]) -> None:
    user, restricted = FreelancerFactory.create(), FreelancerFactory.create()
    set_standing(restricted, StandingLevel.RESTRICTED)
    asked: list[tuple[int, str]] = []

    def phone_first(who: Any, capability: str) -> str | None:
        asked.append((who.pk, capability))
        return "Verify your phone number before you send proposals." if capability == "bid" else None

    assert interface.register_capability_check(phone_first) is phone_first
    interface.register_capability_check(phone_first)  # twice: still asked once
    require_capability(user, "post_job")
    with pytest.raises(PermissionDenied) as refused:
        require_capability(user, "bid")
    assert refused.value.message == "Verify your phone number before you send proposals."
    assert not isinstance(refused.value, AccountRestricted)
    with pytest.raises(AccountRestricted):  # the standing is asked first
        require_capability(restricted, "bid")
    assert asked == [(user.pk, "post_job"), (user.pk, "bid")]


# --- the rules reach databases that already have a policy -----------------------------------------


@pytest.mark.django_db
def test_migration_adds_only_the_missing_identity_rules_as_a_new_version() -> None:
    install = importlib.import_module("workfair.trust.migrations.0003_identity_queue_and_rules").install
    active = PolicyVersion.objects.get(is_active=True)
    Rule.objects.filter(policy=active, key__in=["ban-evasion-weak", "duplicate-account"]).delete()
    Rule.objects.filter(policy=active, key="spam-hold").update(mode="shadow")  # an operator's change stays
    QueueSLA.objects.filter(queue="identity").delete()
    before = list(Rule.objects.filter(policy=active).order_by("order").values_list("key", flat=True))

    install(apps, None)

    new = PolicyVersion.objects.get(is_active=True)
    assert new.number == active.number + 1
    keys = list(Rule.objects.filter(policy=new).order_by("order").values_list("key", flat=True))
    assert keys == [*before, "ban-evasion-weak", "duplicate-account"]
    assert Rule.objects.get(policy=new, key="spam-hold").mode == "shadow"
    assert QueueSLA.objects.get(queue="identity").minutes == 1440
    install(apps, None)  # nothing missing any more: no new version
    assert PolicyVersion.objects.get(is_active=True).number == new.number
    assert active_policy().version == new.number


@pytest.mark.django_db
def test_ban_evasion_suspends_and_opens_an_identity_case(freelancer_user: Any) -> None:
    links = [_link("phone", "strong", 12, "banned")]
    result = interface.do_record_signal(actor=freelancer_user, kind=interface.SignalKind.SIGNUP,
                                        target_type="accounts.user", target_id=freelancer_user.pk,
                                        context={"identity_links": links, "banned_strong_links": 1})  # fmt: skip
    assert result.outcome == "block"
    user = type(freelancer_user).objects.get(pk=freelancer_user.pk)
    assert standing_of(user).level == StandingLevel.SUSPENDED
    case = Case.objects.get(queue="identity")
    assert (case.subject_id, case.risk) == (user.pk, 90)
    assert "shares phone with banned account #12" in result.decisions[0].evidence[0]["evidence"]
