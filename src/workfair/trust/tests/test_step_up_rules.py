"""The shipped rules that ask for a step-up check: impersonation reports (two distinct reporters,
never one) and a weak match with a banned account; and the migration that installs them."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core.errors import PermissionDenied
from workfair.guard.rules import DEFAULT_RULES
from workfair.identity.models import StepUp
from workfair.jobs.tests.factories import JobFactory
from workfair.trust import interface
from workfair.trust.actions import do_file_report
from workfair.trust.enforcement import require_capability
from workfair.trust.models import Case, Decision, PolicyVersion, Report, Rule
from workfair.trust.states import ReportReason
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]


def _report(job: Any, reason: str, reporter: Any = None) -> None:
    do_file_report(actor=reporter or FreelancerFactory(), target_type="job", target_id=job.pk, reason=reason)


def test_one_impersonation_report_asks_for_nothing(client_user: Any) -> None:
    job = JobFactory(client=client_user)
    _report(job, ReportReason.IMPERSONATION)
    assert not Decision.objects.filter(rule_key="impersonation-step-up").exists()
    assert not StepUp.objects.filter(user=client_user).exists()
    require_capability(client_user, "post_job")


def test_other_reasons_do_not_count_as_impersonation(client_user: Any) -> None:
    job = JobFactory(client=client_user)
    _report(job, ReportReason.SPAM)
    _report(job, ReportReason.IMPERSONATION)
    assert not Decision.objects.filter(rule_key="impersonation-step-up").exists()
    assert not StepUp.objects.exists()


def test_two_people_reporting_impersonation_ask_for_an_identity_step_up(client_user: Any) -> None:
    job = JobFactory(client=client_user)
    _report(job, ReportReason.IMPERSONATION)
    _report(job, ReportReason.IMPERSONATION)

    decision = Decision.objects.get(rule_key="impersonation-step-up", shadow=False)
    assert (decision.subject_id, decision.outcome, decision.effects_state) == (client_user.pk, "warn", "applied")
    assert [e["kind"] for e in decision.effects] == ["require_step_up", "open_case"]
    assert decision.evidence[0]["evidence"] == "reported for impersonation by 2 people in 30 days"
    step = StepUp.objects.get(user=client_user)
    assert (step.method, step.reason, step.status, step.decision_id) == (
        "identity", "impersonation_report", "pending", decision.pk,
    )  # fmt: skip
    assert Case.objects.filter(queue="reports", subject_id=client_user.pk).exists()
    for capability in ("post_job", "start_contract", "withdraw"):
        with pytest.raises(PermissionDenied):
            require_capability(client_user, capability)
    require_capability(client_user, "bid")  # not a risky action: the account keeps working


def test_the_same_reporter_twice_is_one_reporter(client_user: Any) -> None:
    reporter = FreelancerFactory()
    _report(JobFactory(client=client_user), ReportReason.IMPERSONATION, reporter)
    _report(JobFactory(client=client_user), ReportReason.IMPERSONATION, reporter)
    assert not Decision.objects.filter(rule_key="impersonation-step-up").exists()


def test_report_form_and_api_offer_impersonation(client: Any) -> None:
    client.force_login(FreelancerFactory())
    page = client.get("/trust/report/").content.decode()
    assert 'value="impersonation"' in page
    assert "Pretending to be someone else" in page
    job: Any = JobFactory()
    response = client.post("/api/v1/trust/reports", {"target_type": "job", "target_id": job.pk,
                                                     "reason": "impersonation", "note": ""},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert Report.objects.get(target_id=str(job.pk)).reason == "impersonation"


def test_the_report_api_lists_its_reasons_and_refuses_others(client: Any) -> None:
    client.force_login(FreelancerFactory())
    job: Any = JobFactory()
    response = client.post("/api/v1/trust/reports", {"target_type": "job", "target_id": job.pk,
                                                     "reason": "i-dont-like-it", "note": ""},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert "impersonation" in response.content.decode()  # the message says what is allowed
    assert not Report.objects.exists()
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "impersonation" in schema["ReportReason"]["enum"]
    assert "review" in schema["ReportTarget"]["enum"]


def test_weak_match_with_a_banned_account_asks_for_a_phone_step_up_and_blocks_nothing(freelancer_user: Any) -> None:
    links = [{"kind": "device", "strength": "weak", "account_id": 31, "standing": "banned"}]
    result = interface.do_record_signal(actor=freelancer_user, kind="device.new",
                                        context={"identity_links": links, "banned_weak_links": 1})  # fmt: skip
    assert result.outcome == "warn"
    decision = Decision.objects.get(rule_key="ban-evasion-weak", shadow=False)
    step = StepUp.objects.get(user=freelancer_user)
    # No verified phone: the phone check falls back to identity.
    assert (step.method, step.reason, step.decision_id) == ("identity", "ban_evasion_match", decision.pk)
    with pytest.raises(PermissionDenied):
        require_capability(freelancer_user, "post_job")
    require_capability(freelancer_user, "bid")


def _old_rules() -> list[dict[str, Any]]:
    old = []
    for rule in DEFAULT_RULES:
        if rule["key"] == "impersonation-step-up":
            continue
        if rule["key"] == "ban-evasion-weak":
            rule = {**rule, "effects": ["require_verification", "open_case"]}
        old.append(rule)
    return old


def test_migration_installs_the_step_up_rules_as_a_new_version() -> None:
    from importlib import import_module

    install = import_module("workfair.trust.migrations.0004_impersonation_and_step_ups").install
    PolicyVersion.objects.update(is_active=False)
    now = timezone.now()
    old = PolicyVersion.objects.create(number=7, note="before", is_active=True, created_at=now, activated_at=now)
    for k, r in enumerate(_old_rules()):
        Rule.objects.create(policy=old, key=r["key"], title=r["title"], mode=r["mode"], order=k, definition=r)

    install(django_apps, None)
    new = PolicyVersion.objects.get(is_active=True)
    assert new.number == 8
    rules = {r.key: r.definition for r in Rule.objects.filter(policy=new)}
    assert rules["impersonation-step-up"] == next(r for r in DEFAULT_RULES if r["key"] == "impersonation-step-up")
    assert rules["ban-evasion-weak"]["effects"][1] == {"kind": "require_step_up", "method": "phone",
                                                      "reason": "ban_evasion_match"}  # fmt: skip
    keys = list(Rule.objects.filter(policy=new).order_by("order").values_list("key", flat=True))
    assert keys.index("impersonation-step-up") == keys.index("repeated-reports") + 1

    install(django_apps, None)  # nothing missing any more: no further version
    assert PolicyVersion.objects.get(is_active=True).number == 8
