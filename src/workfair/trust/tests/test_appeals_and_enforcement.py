"""The ladder, require_capability, the middleware, and appeals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.core import clock
from workfair.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied
from workfair.jobs.tests.factories import JobFactory
from workfair.trust.actions import do_decide_case, do_file_appeal, do_file_report, do_record_signal
from workfair.trust.enforcement import AccountRestricted, require_capability, standing_of
from workfair.trust.models import Appeal, Case, Decision, Override, Strike
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

SCAM = "Hello, I am a recruiter. To receive your payment you must pay a processing fee first, contact me on telegram"


def _scam(actor: Any, target_id: int = 7) -> Any:
    return do_record_signal(actor=actor, kind="message.sent", surface="message", target_type="messaging.message",
                            target_id=target_id, text=SCAM,
                            context={"contract_active": True, "account_age_days": 90})  # fmt: skip


def _restrict(user: Any) -> tuple[Decision, Any]:
    job = JobFactory(client=user)
    from workfair.accounts.tests.factories import FreelancerFactory

    do_file_report(actor=FreelancerFactory(), target_type="job", target_id=job.pk, reason="scam")
    case = Case.objects.get(queue="reports")
    moderator = StaffFactory()
    decision = do_decide_case(actor=moderator, case=case, resolution="restrict", restrict_days=7)
    return decision, moderator


def test_ladder_warns_then_restricts_then_suspends(freelancer_user: Any) -> None:
    _scam(freelancer_user, 1)  # weight 2 -> warning
    assert standing_of(freelancer_user).level == "warning"
    freelancer_user.__dict__.pop("_trust_standing", None)
    _scam(freelancer_user, 2)  # weight 4 -> restricted for 14 days
    standing = standing_of(freelancer_user)
    assert standing.level == "restricted"
    assert standing.until is not None
    assert standing.until > clock.now() + dt.timedelta(days=13)
    freelancer_user.__dict__.pop("_trust_standing", None)
    _scam(freelancer_user, 3)  # weight 6 -> suspended
    assert standing_of(freelancer_user).level == "suspended"


def test_strikes_expire_after_ninety_days(freelancer_user: Any) -> None:
    from workfair.trust.enforcement import active_strike_weight

    _scam(freelancer_user)
    assert active_strike_weight(freelancer_user.pk) == 2
    with clock.advanced(dt.timedelta(days=91)):
        assert active_strike_weight(freelancer_user.pk) == 0


def test_restricted_account_cannot_post_jobs_or_bid_but_can_act(client_user: Any) -> None:
    _restrict(client_user)
    for capability in ("post_job", "bid", "start_contract", "withdraw"):
        with pytest.raises(AccountRestricted) as err:
            require_capability(client_user, capability)
        assert isinstance(err.value, PermissionDenied)
        assert "/appeal/" in err.value.appeal_url
        assert "restricted until" in err.value.message
    require_capability(client_user, "act")
    with clock.advanced(dt.timedelta(days=8)):
        client_user.__dict__.pop("_trust_standing", None)
        require_capability(client_user, "post_job")  # the restriction ended


def test_middleware_refuses_suspended_account_on_pages_and_api_but_not_the_appeal(
    client: Any, freelancer_user: Any
) -> None:
    for k in range(3):
        _scam(freelancer_user, k)
    decision = Decision.objects.filter(rule_key="scam-hold").last()
    client.force_login(freelancer_user)
    page = client.get("/notifications/")
    assert page.status_code == 403
    assert b"Your account is suspended" in page.content
    api = client.get("/api/v1/notifications/")
    assert api.status_code == 403
    assert api.json()["code"] == "account_locked"
    assert "/appeal/" in api.json()["appeal_url"]
    assert client.get(f"/trust/decisions/{decision.pk}/appeal/").status_code == 200
    assert client.get("/trust/standing/").status_code == 200


def test_appeal_decided_by_second_moderator_lifts_restriction_and_writes_override(client_user: Any) -> None:
    decision, first = _restrict(client_user)
    assert standing_of(client_user).level == "restricted"
    appeal = do_file_appeal(actor=client_user, decision_id=decision.pk, statement="I never asked anyone for a fee.")
    case = appeal.case
    assert case is not None
    assert case.queue == "appeals"
    senior_first = first
    senior_first.groups.add(*StaffFactory(role="senior_moderator").groups.all())
    senior_first.__dict__.pop("_trust_role", None)
    with pytest.raises(PermissionDenied):
        do_decide_case(actor=senior_first, case=case, resolution="reverse")
    second = StaffFactory(role="senior_moderator")
    do_decide_case(actor=second, case=case, resolution="reverse", note="The report was mistaken.")
    appeal.refresh_from_db()
    assert appeal.status == "won"
    assert appeal.decided_by == second
    client_user.__dict__.pop("_trust_standing", None)
    assert standing_of(client_user).level == "none"
    require_capability(client_user, "post_job")
    assert Override.objects.filter(user=client_user, rule_key="manual-restrict").exists()


def test_won_appeal_stops_the_same_rule_striking_again_for_the_same_evidence(freelancer_user: Any) -> None:
    _scam(freelancer_user, 1)
    decision = Decision.objects.get(rule_key="scam-hold")
    appeal = do_file_appeal(
        actor=freelancer_user, decision_id=decision.pk, statement="This was a quote from a scam I received."
    )
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=appeal.case, resolution="reverse")
    assert Strike.objects.get().reversed_at is not None
    _scam(freelancer_user, 1)
    assert Decision.objects.filter(rule_key="scam-hold").count() == 1
    assert Strike.objects.filter(reversed_at__isnull=True).count() == 0


def test_appealing_twice_or_late_or_someone_elses_decision_is_refused(freelancer_user: Any, client_user: Any) -> None:
    _scam(freelancer_user)
    decision = Decision.objects.get(rule_key="scam-hold")
    with pytest.raises(NotFound):
        do_file_appeal(actor=client_user, decision_id=decision.pk, statement="Not mine but I appeal.")
    with clock.advanced(dt.timedelta(days=184)):
        with pytest.raises(InvalidTransition) as late:
            do_file_appeal(actor=freelancer_user, decision_id=decision.pk, statement="Too late but still.")
        assert "time to appeal" in late.value.message
    assert not Appeal.objects.exists()
    do_file_appeal(actor=freelancer_user, decision_id=decision.pk, statement="It was a quote, not my words.")
    with pytest.raises(Conflict):
        do_file_appeal(actor=freelancer_user, decision_id=decision.pk, statement="Again, please look.")
    assert Appeal.objects.count() == 1
    assert Case.objects.filter(queue="appeals").count() == 1


def test_user_api_lists_my_decisions_and_files_an_appeal(client: Any, freelancer_user: Any, client_user: Any) -> None:
    _scam(freelancer_user)
    decision = Decision.objects.get(rule_key="scam-hold")
    client.force_login(client_user)
    assert client.get(f"/api/v1/trust/decisions/{decision.pk}").status_code == 404
    assert client.get("/api/v1/trust/decisions").json()["total"] == 0
    client.force_login(freelancer_user)
    body = client.get("/api/v1/trust/decisions").json()
    assert body["total"] == 1
    assert body["items"][0]["rule"] == "scam-hold"
    assert body["items"][0]["automated"] is True
    made = client.post(f"/api/v1/trust/decisions/{decision.pk}/appeal", {"statement": "It was a quote."},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    again = client.post(f"/api/v1/trust/decisions/{decision.pk}/appeal", {"statement": "It was a quote."},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409


def test_decision_page_shows_the_statement_of_reasons(client: Any, freelancer_user: Any, client_user: Any) -> None:
    _scam(freelancer_user)
    decision = Decision.objects.get(rule_key="scam-hold")
    client.force_login(client_user)
    assert client.get(f"/trust/decisions/{decision.pk}/").status_code == 404
    client.force_login(freelancer_user)
    page = client.get(f"/trust/decisions/{decision.pk}/")
    assert page.status_code == 200
    for text in (b"scam-hold", b"policy version 1", b"Automatically", b"Appeal this decision"):
        assert text in page.content
