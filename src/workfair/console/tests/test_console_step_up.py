"""A moderator asks for a step-up check from the console; the identity links the console shows."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.accounts.tests.factories import FreelancerFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.core.errors import InvalidInput, PermissionDenied
from workfair.identity.models import PhoneNumber, StepUp
from workfair.identity.phone.providers import clear_console_outbox, console_outbox
from workfair.identity.stepup import actions as stepup
from workfair.identity.stepup import queries as stepup_queries
from workfair.jobs.tests.factories import JobFactory
from workfair.trust import interface
from workfair.trust.actions import do_decide_case, do_file_appeal, do_file_report
from workfair.trust.enforcement import require_capability
from workfair.trust.models import Case, Decision
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]


def _reported(subject: Any) -> Case:
    job: Any = JobFactory(client=subject)
    do_file_report(actor=FreelancerFactory(), target_type="job", target_id=job.pk, reason="impersonation")
    return Case.objects.get(queue="reports", subject_id=subject.pk)


def _verified_phone(user: Any) -> None:
    PhoneNumber.objects.create(user=user, e164="+447400123456", number_hash=f"hash-{user.pk}",
                               verified_at=clock.now(), updated_at=clock.now())  # fmt: skip


def test_moderator_requires_a_phone_step_up_from_the_case_page_until_it_is_passed(
    client: Any, client_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _verified_phone(client_user)
    case = _reported(client_user)
    moderator = with_totp(StaffFactory())
    log_in_with_two_factor(client, moderator)
    page = client.get(f"/console/cases/{case.pk}/").content.decode()
    assert '<option value="step_up">Require a step-up check</option>' in page
    assert 'name="step_up_method"' in page

    response = client.post(f"/console/cases/{case.pk}/decide/", {"resolution": "step_up", "step_up_method": "phone"})
    assert response.status_code == 302
    decision = Decision.objects.get(rule_key="manual-step_up")
    assert (decision.subject_id, decision.outcome, decision.source, decision.decided_by) == (
        client_user.pk, "warn", "manual", moderator,
    )  # fmt: skip
    assert decision.effects == [{"kind": "require_step_up", "method": "phone", "reason": "moderator"}]
    assert decision.effects_state == "applied"
    step = StepUp.objects.get(user=client_user)
    assert (step.method, step.reason, step.status, step.decision_id) == ("phone", "moderator", "pending", decision.pk)
    case.refresh_from_db()
    assert (case.status, case.resolution) == ("decided", "step_up")

    for capability in ("post_job", "start_contract", "withdraw"):
        with pytest.raises(PermissionDenied):
            require_capability(client_user, capability)
    clear_console_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        stepup.do_send_step_up_code(actor=client_user, step_up=step)
    assert stepup.do_confirm_step_up_code(actor=client_user, step_up=step, code=console_outbox()[0].code).passed
    require_capability(client_user, "post_job")


def test_the_method_must_be_chosen_and_nothing_changes_without_it(client: Any, client_user: Any) -> None:
    case = _reported(client_user)
    moderator = StaffFactory()
    for method in (None, "", "carrier-pigeon"):
        with pytest.raises(InvalidInput):
            do_decide_case(actor=moderator, case=case, resolution="step_up", step_up_method=method)
    assert not StepUp.objects.exists()
    assert not Decision.objects.filter(rule_key="manual-step_up").exists()
    case.refresh_from_db()
    assert case.status == "open"


def test_a_case_without_an_account_cannot_ask_for_a_step_up() -> None:
    case_id = interface.open_case(queue=interface.Queue.ACCOUNT_HEALTH, title="Pattern", subject_id=None, risk=0)
    with pytest.raises(InvalidInput):
        do_decide_case(actor=StaffFactory(), case=Case.objects.get(pk=case_id), resolution="step_up",
                       step_up_method="identity")  # fmt: skip


def test_a_won_appeal_cancels_the_moderators_step_up(client_user: Any) -> None:
    case = _reported(client_user)
    decision = do_decide_case(actor=StaffFactory(), case=case, resolution="step_up", step_up_method="identity")
    step = StepUp.objects.get(user=client_user)
    appeal = do_file_appeal(actor=client_user, decision_id=decision.pk, statement="I am who I say I am.")
    assert appeal.case is not None
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=appeal.case, resolution="reverse")
    step.refresh_from_db()
    assert step.status == "cancelled"
    assert stepup_queries.pending_step_up(client_user) is None
    require_capability(client_user, "post_job")


def test_console_links_to_the_identity_pages(client: Any, client_user: Any) -> None:
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    assert '<a href="/console/identity/">Identity</a>' in client.get("/console/").content.decode()
    case = _reported(client_user)
    page = client.get(f"/console/cases/{case.pk}/").content.decode()
    assert f'href="/console/identity/users/{client_user.pk}/links/">Linked accounts</a>' in page
    assert "Open the identity review" not in page
    user_page = client.get(f"/console/users/{client_user.pk}/").content.decode()
    assert f'href="/console/identity/users/{client_user.pk}/links/">Linked accounts</a>' in user_page

    review_id = interface.open_case(queue=interface.Queue.IDENTITY, title="Document check", subject_id=client_user.pk,
                                    target_type="identity.verification", target_id="5", risk=0)  # fmt: skip
    page = client.get(f"/console/cases/{review_id}/").content.decode()
    assert f'href="/console/identity/cases/{review_id}/">Open the identity review</a>' in page
