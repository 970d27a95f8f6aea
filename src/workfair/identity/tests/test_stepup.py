"""Step-up checks: the trust effect creates one, each method passes or fails, attempts and expiry
hold, and the risky capabilities wait until it is passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts import actions as contract_actions
from workfair.contracts.queries import current_nda
from workfair.contracts.tests.factories import fixed_offer, hourly_offer
from workfair.core import clock
from workfair.core.errors import InvalidInput, InvalidTransition, PermissionDenied, RateLimited
from workfair.core.models import AuditLogEntry
from workfair.identity.models import IdentityVerification, PhoneNumber, StepUp
from workfair.identity.phone.providers import clear_console_outbox, console_outbox
from workfair.identity.stepup import actions as stepup
from workfair.identity.stepup import queries as stepup_queries
from workfair.jobs.tests.factories import JobFactory
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.proposals.tests.factories import ProposalFactory
from workfair.trust import effects
from workfair.trust.enforcement import forget_standing, require_capability
from workfair.trust.models import AccountStanding, Decision

pytestmark = pytest.mark.django_db

CHECK_URL = "/account/security/check/"


# --- building a world ----------------------------------------------------------------------------


def _contract(freelancer: Any, client: Any, *, title: str, hourly: bool = False) -> Any:
    proposal = ProposalFactory(job=JobFactory(client=client, title=f"Job for {title}"), freelancer=freelancer)
    offer = hourly_offer(proposal, title=title) if hourly else fixed_offer(proposal, title=title)
    return contract_actions.do_accept_offer(actor=freelancer, offer=offer, nda_version_id=current_nda().pk)


@pytest.fixture
def person() -> Any:
    """A freelancer with two contracts, on a platform with other open jobs and freelancers (decoys)."""
    user = FreelancerFactory(first_name="Petra", last_name="Novak")
    FreelancerProfileFactory(user=user)
    _contract(user, ClientFactory(first_name="Olga", last_name="Berg"), title="Brochure translation")
    _contract(user, ClientFactory(first_name="Ian", last_name="Moss"), title="Mobile app backend", hourly=True)
    for n, name in enumerate(["Ada", "Bruno", "Chen", "Dana", "Emil"]):
        FreelancerProfileFactory(user=FreelancerFactory(first_name=name, last_name="Kowalski"))
        JobFactory(title=f"Logo design for a bakery {n}")
    return user


# The right answers, as a person who remembers their own history picks them.
RIGHT = {"Mobile app backend", "Olga B.", "$300.00"}


def _right_answers(step: StepUp) -> list[str]:
    picks = []
    for q in step.questions:
        matches = [i for i, c in enumerate(q["choices"]) if c in RIGHT]
        assert len(matches) == 1, q
        picks.append(str(matches[0]))
    return picks


def _wrong_answers(step: StepUp) -> list[str]:
    right = _right_answers(step)
    return [str((int(r) + 1) % len(q["choices"])) for r, q in zip(right, step.questions, strict=True)]


def _decision(user: Any, effect_list: list[dict[str, Any]], rule_key: str = "impersonation-report") -> Decision:
    decision = Decision.objects.create(subject=user, rule_key=rule_key, outcome="warn", reason="Reported.",
                                       effects=effect_list, created_at=clock.now())  # fmt: skip
    assert effects.apply_effects(decision) is True, decision.effects_error
    return decision


def _verified_phone(user: Any, e164: str = "+447400123456") -> PhoneNumber:
    return PhoneNumber.objects.create(user=user, e164=e164, number_hash=f"hash-{user.pk}", verified_at=clock.now(),
                                      updated_at=clock.now())  # fmt: skip


# --- the effect and the capability check ---------------------------------------------------------


def test_the_trust_effect_asks_for_questions_and_the_risky_capabilities_wait(person: Any) -> None:
    _decision(person, [{"kind": "require_step_up", "method": "questions", "action": "withdraw"}])
    step = StepUp.objects.get(user=person)
    assert (step.method, step.status, step.reason, step.waiting_action) == (
        "questions", "pending", "impersonation_report", "withdraw"
    )  # fmt: skip
    assert len(step.questions) == 3
    for q in step.questions:
        assert len(q["choices"]) == 4
        assert len(set(q["choices"])) == 4
        # The stored answer is a keyed hash, not the text of a choice.
        assert q["answer"] not in q["choices"]
        assert not any(c in str(q["answer"]) for c in q["choices"])
    for capability in ("withdraw", "start_contract", "post_job"):
        with pytest.raises(PermissionDenied) as refused:
            require_capability(person, capability)
        assert CHECK_URL in refused.value.message
    require_capability(person, "bid")  # not a risky action: allowed

    result = stepup.do_answer_step_up(actor=person, step_up=step, answers=_right_answers(step))

    assert result.passed
    step.refresh_from_db()
    assert step.status == "passed"
    assert step.passed_at is not None
    for capability in ("withdraw", "start_contract", "post_job"):
        require_capability(person, capability)
    assert stepup_queries.pending_step_up(person) is None


def test_questions_come_from_the_persons_own_history(person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    texts = [q["text"] for q in step.questions]
    assert texts[0] == "Which of these was the title of one of your recent contracts?"
    assert texts[1] == "Who was the client on your contract “Brochure translation”?"
    assert texts[2] == "How much were the milestones of your contract “Brochure translation” worth in all?"
    # Decoys are not the person's own: no other contract title or counterparty of theirs appears.
    all_choices = {c for q in step.questions for c in q["choices"]}
    assert "Brochure translation" not in all_choices
    assert "Ian M." not in all_choices
    assert "Petra N." not in all_choices
    assert "Job for Mobile app backend" not in all_choices


def test_wrong_answers_use_attempts_and_then_the_check_fails_over_to_the_next_method(person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    first = stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    assert (first.passed, first.attempts_left) == (False, 2)
    assert "2 attempts left" in first.message
    stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    last = stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    assert (last.passed, last.attempts_left) == (False, 0)
    step.refresh_from_db()
    assert (step.status, step.attempts) == ("failed", 3)
    assert AuditLogEntry.objects.filter(action="identity.step_up.wrong_answer").count() == 3
    # Failed is still outstanding: the right answers now change nothing, the capability still waits.
    with pytest.raises(InvalidTransition):
        stepup.do_answer_step_up(actor=person, step_up=step, answers=_right_answers(step))
    with pytest.raises(PermissionDenied):
        require_capability(person, "post_job")
    # Without a phone the next check is an identity verification.
    nxt = stepup.do_restart_step_up(actor=person, step_up=step)
    assert (nxt.method, nxt.reason) == ("identity", "moderator")
    with pytest.raises(PermissionDenied):
        require_capability(person, "post_job")


def test_a_failed_questions_check_moves_to_the_verified_phone_when_there_is_one(person: Any) -> None:
    _verified_phone(person)
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    for _ in range(3):
        stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    assert stepup.do_restart_step_up(actor=person, step_up=step).method == "phone"


def test_unanswered_or_invalid_choices_count_no_attempt(person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    with pytest.raises(InvalidInput, match="Answer every question"):
        stepup.do_answer_step_up(actor=person, step_up=step, answers=["0", ""])
    with pytest.raises(InvalidInput, match="Pick one of the answers"):
        stepup.do_answer_step_up(actor=person, step_up=step, answers=["0", "1", "9"])
    step.refresh_from_db()
    assert step.attempts == 0


def test_an_expired_check_cannot_be_answered_and_restarts_with_the_same_questions_and_attempts(person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    with clock.advanced(dt.timedelta(hours=73)):
        assert stepup_queries.is_expired(step)
        with pytest.raises(InvalidTransition, match="expired"):
            stepup.do_answer_step_up(actor=person, step_up=step, answers=_right_answers(step))
        # Expiry does not lift the wait.
        with pytest.raises(PermissionDenied):
            require_capability(person, "withdraw")
        again = stepup.do_restart_step_up(actor=person, step_up=step)
        step.refresh_from_db()
        assert step.status == "expired"
        assert again.questions == step.questions
        assert again.attempts == 1
        assert stepup.do_answer_step_up(actor=person, step_up=again, answers=_right_answers(again)).passed
    require_capability(person, "withdraw")


def test_a_check_that_is_still_open_is_not_restarted(person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    with pytest.raises(InvalidTransition, match="still open"):
        stepup.do_restart_step_up(actor=person, step_up=step)


def test_too_little_history_gets_the_phone_and_without_a_phone_identity(db: Any) -> None:
    newcomer = FreelancerFactory()
    step, _ = stepup.do_require_step_up(newcomer, reason="ban_evasion_match")
    assert (step.method, step.questions) == ("identity", [])
    other = FreelancerFactory()
    _verified_phone(other)
    assert stepup.do_require_step_up(other, reason="ban_evasion_match")[0].method == "phone"


def test_an_outstanding_check_is_kept_and_a_stronger_request_replaces_it(person: Any) -> None:
    step, created = stepup.do_require_step_up(person, reason="moderator")
    assert created
    same, created_again = stepup.do_require_step_up(person, reason="moderator")
    assert (same.pk, created_again) == (step.pk, False)
    stronger, replaced = stepup.do_require_step_up(person, reason="ban_evasion_match", method="identity")
    assert replaced
    assert stronger.method == "identity"
    step.refresh_from_db()
    assert step.status == "cancelled"


def test_phone_check_passes_with_the_code_sent_to_the_verified_number(
    person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _verified_phone(person)
    clear_console_outbox()
    step, _ = stepup.do_require_step_up(person, reason="new_device_payout", method="phone")
    with django_capture_on_commit_callbacks(execute=True):
        stepup.do_send_step_up_code(actor=person, step_up=step)
    sent = console_outbox()[0]
    assert sent.to == "+447400123456"
    with pytest.raises(RateLimited):  # not again at once
        stepup.do_send_step_up_code(actor=person, step_up=step)
    wrong = "00000" if sent.code != "00000" else "11111"
    miss = stepup.do_confirm_step_up_code(actor=person, step_up=step, code=wrong)
    assert not miss.passed
    assert miss.attempts_left == 4
    with pytest.raises(PermissionDenied):
        require_capability(person, "withdraw")
    assert stepup.do_confirm_step_up_code(actor=person, step_up=step, code=sent.code).passed
    require_capability(person, "withdraw")


def test_wrong_codes_count_over_every_code_and_then_identity_is_needed(
    person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _verified_phone(person)
    step, _ = stepup.do_require_step_up(person, reason="new_device_payout", method="phone")
    for n in range(5):
        with clock.advanced(dt.timedelta(minutes=2 * n)), django_capture_on_commit_callbacks(execute=True):
            if n in (0, 3):  # a new code does not buy more guesses
                stepup.do_send_step_up_code(actor=person, step_up=step)
            wrong = "99999" if console_outbox()[0].code != "99999" else "88888"
            result = stepup.do_confirm_step_up_code(actor=person, step_up=step, code=wrong)
    assert (result.passed, result.attempts_left) == (False, 0)
    step.refresh_from_db()
    assert step.status == "failed"
    assert stepup.do_restart_step_up(actor=person, step_up=step).method == "identity"


def test_an_expired_code_is_refused(person: Any, django_capture_on_commit_callbacks: Any) -> None:
    _verified_phone(person)
    step, _ = stepup.do_require_step_up(person, reason="new_device_payout", method="phone")
    with django_capture_on_commit_callbacks(execute=True):
        stepup.do_send_step_up_code(actor=person, step_up=step)
    code = console_outbox()[0].code
    with clock.advanced(dt.timedelta(minutes=11)):
        late = stepup.do_confirm_step_up_code(actor=person, step_up=step, code=code)
    assert not late.passed
    assert "expired" in late.message
    with pytest.raises(InvalidInput, match="Ask for a code first"):
        stepup.do_confirm_step_up_code(actor=person, step_up=step, code=code)


def test_identity_check_is_passed_by_a_new_verification_and_lifts_the_verification_requirement(db: Any) -> None:
    user: Any = FreelancerFactory()
    IdentityVerification.objects.create(user=user, status="verified", created_at=clock.now() - dt.timedelta(days=9))
    _decision(user, [{"kind": "require_verification"}, {"kind": "require_step_up", "method": "identity"}],
              rule_key="ban-evasion-weak")  # fmt: skip
    step = StepUp.objects.get(user=user)
    assert (step.method, step.reason) == ("identity", "ban_evasion_match")
    assert stepup_queries.identity_reverification_wanted(user)
    assert AccountStanding.objects.get(user=user).verification_required
    # The old verification does not count; finishing before a new one is refused.
    with pytest.raises(InvalidInput):
        stepup.do_complete_identity_step_up(actor=user, step_up=step)
    IdentityVerification.objects.create(user=user, status="verified", created_at=clock.now())
    assert stepup_queries.blocking_step_up(user) is None  # a satisfied identity check no longer blocks
    assert not stepup_queries.identity_reverification_wanted(user)
    assert stepup.complete_identity_step_ups(user) == 1
    step.refresh_from_db()
    assert step.status == "passed"
    assert not AccountStanding.objects.get(user=user).verification_required


def test_reversing_the_decision_cancels_the_check_it_asked_for(person: Any) -> None:
    decision = _decision(person, [{"kind": "require_step_up"}])
    effects.reverse_effects(decision, actor=None)
    assert StepUp.objects.get(user=person).status == "cancelled"
    require_capability(person, "post_job")


def test_require_step_up_for_refuses_other_risky_actions_with_the_link(person: Any) -> None:
    stepup.require_step_up_for(person, "change_payout_details")
    stepup.do_require_step_up(person, reason="new_device_payout")
    with pytest.raises(stepup.StepUpRequired) as refused:
        stepup.require_step_up_for(person, "change_payout_details")
    assert refused.value.check_url == CHECK_URL
    assert "change payout details" in refused.value.message


# --- the page ------------------------------------------------------------------------------------


def test_the_page_shows_the_questions_and_takes_the_answers(client: Any, person: Any) -> None:
    client.force_login(person)
    assert b"nothing to check" in client.get(CHECK_URL).content
    step, _ = stepup.do_require_step_up(person, reason="impersonation_report")
    page = client.get(CHECK_URL)
    assert page.status_code == 200
    assert "Who was the client on your contract “Brochure translation”?" in page.content.decode()
    assert step.questions[0]["answer"] not in page.content.decode()
    form = {"step_up": step.pk, **{f"q{i}": a for i, a in enumerate(_wrong_answers(step))}}
    wrong = client.post(f"{CHECK_URL}answer/", form, follow=True)
    assert "Some answers were wrong. 2 attempts left." in wrong.content.decode()
    form = {"step_up": step.pk, **{f"q{i}": a for i, a in enumerate(_right_answers(step))}}
    right = client.post(f"{CHECK_URL}answer/", form)
    assert right.status_code == 302
    step.refresh_from_db()
    assert step.status == "passed"


def test_the_page_refuses_a_missing_answer_without_using_an_attempt(client: Any, person: Any) -> None:
    client.force_login(person)
    step, _ = stepup.do_require_step_up(person, reason="impersonation_report")
    response = client.post(f"{CHECK_URL}answer/", {"step_up": step.pk, "q0": "1"})
    assert response.status_code == 400
    assert b"Answer every question" in response.content
    step.refresh_from_db()
    assert step.attempts == 0


def test_posting_a_job_is_refused_with_the_link_while_a_check_waits(client: Any, db: Any) -> None:
    person = ClientFactory()
    stepup.do_require_step_up(person, reason="impersonation_report")
    with pytest.raises(PermissionDenied) as refused:
        require_capability(person, "post_job")
    assert refused.value.message.startswith("Before you can post jobs, please confirm that it is really you")


def test_nobody_answers_another_persons_check(client: Any, person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    stranger = FreelancerFactory()
    client.force_login(stranger)
    form = {"step_up": step.pk, **{f"q{i}": a for i, a in enumerate(_right_answers(step))}}
    client.post(f"{CHECK_URL}answer/", form)
    step.refresh_from_db()
    assert step.status == "pending"
    with pytest.raises(StepUp.DoesNotExist):  # the row is not theirs
        stepup.do_answer_step_up(actor=stranger, step_up=step, answers=_right_answers(step))


def test_the_page_sends_and_confirms_a_phone_code(
    client: Any, person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _verified_phone(person)
    step, _ = stepup.do_require_step_up(person, reason="new_device_payout", method="phone")
    client.force_login(person)
    page = client.get(CHECK_URL).content.decode()
    assert "ending in <strong>56</strong>" in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{CHECK_URL}send-code/", {"step_up": step.pk, "channel": "sms"}, follow=True)
    assert "We sent a code to your number ending in 56." in sent.content.decode()
    wrong = "00000" if console_outbox()[0].code != "00000" else "11111"
    miss = client.post(f"{CHECK_URL}confirm-code/", {"step_up": step.pk, "code": wrong}, follow=True)
    assert "That code is not right. 4 attempts left." in miss.content.decode()
    done = client.post(f"{CHECK_URL}confirm-code/", {"step_up": step.pk, "code": console_outbox()[0].code})
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.status == "passed"


def test_the_page_leads_an_identity_check_to_verification_and_restarts_a_failed_one(client: Any, person: Any) -> None:
    step, _ = stepup.do_require_step_up(person, reason="moderator")
    for _ in range(3):
        stepup.do_answer_step_up(actor=person, step_up=step, answers=_wrong_answers(step))
    client.force_login(person)
    assert "Continue with the next check" in client.get(CHECK_URL).content.decode()
    client.post(f"{CHECK_URL}restart/", {"step_up": step.pk})
    page = client.get(CHECK_URL).content.decode()
    assert 'href="/account/verification/"' in page
    assert "Verify your identity again" in page


def test_a_verification_requirement_holds_back_the_risky_actions_until_it_is_lifted() -> None:
    """The trust effect require_verification is not just a flag: posting jobs, starting contracts
    and withdrawing wait, with the way forward in the message; lifting it (a verification that
    passes) lets them through again. Bidding is not held back."""
    from workfair.trust.interface import clear_verification_requirement

    person = ClientFactory()
    require_capability(person, "post_job")
    AccountStanding.objects.create(user=person, level="none", verification_required=True, updated_at=clock.now())
    forget_standing(person)  # the effect handler's write forgets the cached standing the same way
    for capability in ("post_job", "start_contract", "withdraw"):
        with pytest.raises(PermissionDenied, match="please verify your identity: /account/verification/"):
            require_capability(person, capability)
    require_capability(person, "bid")
    clear_verification_requirement(person, actor=None)
    require_capability(person, "post_job")
