"""No restriction before a person looked: one automatic decision climbs the ladder at most one rung,
and a moderator decides the rest. A won appeal clears everything the decision caused: the strike,
the standing, its reason and the "Appeal" button."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.core import clock
from workfair.jobs.actions import do_review_job_post
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.trust.actions import do_decide_case, do_file_appeal
from workfair.trust.enforcement import require_capability, standing_of
from workfair.trust.models import AccountStanding, Case, Decision, Strike
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

FAKE_DOCUMENTS = (
    "Need a designer to make a fake passport and a fake bank statement that look real, for a visa application."
)


def _established(user: Any) -> Any:
    user.date_joined = clock.now() - dt.timedelta(days=400)
    user.save(update_fields=["date_joined"])
    return user


def _refused_post(client_user: Any) -> Decision:
    job = JobFactory(client=client_user, title="Documents", description=FAKE_DOCUMENTS, status=JobStatus.SUBMITTED,
                     opened_at=None, expires_at=None)  # fmt: skip
    assert do_review_job_post(job.pk) == "refused"
    decision = Decision.objects.get(rule_key="job-illegal")
    assert Strike.objects.get(decision=decision).weight == 3  # enough for a restriction on the ladder
    return decision


def _fresh(user: Any) -> Any:
    user.__dict__.pop("_trust_standing", None)
    return user


def test_one_refused_post_warns_an_established_client_and_asks_a_person(client_user: Any) -> None:
    _refused_post(_established(client_user))
    assert standing_of(_fresh(client_user)).level == "warning"
    require_capability(client_user, "post_job")  # not restricted
    case = Case.objects.get(queue="account_health", subject_id=client_user.pk, target_id="")
    assert case.title == "Strikes reach restricted: a person decides"
    # the moderator can then restrict; it is their decision
    do_decide_case(actor=StaffFactory(), case=case, resolution="restrict", restrict_days=14)
    assert standing_of(_fresh(client_user)).level == "restricted"


def test_a_won_appeal_leaves_no_warning_no_reason_and_no_appeal_button(client: Any, client_user: Any) -> None:
    decision = _refused_post(_established(client_user))
    appeal = do_file_appeal(actor=client_user, decision_id=decision.pk, statement="It was a film prop request.")
    client.force_login(client_user)
    pending = client.get("/trust/standing/").content.decode()
    assert "Your account has received a warning." in pending
    assert f"/trust/decisions/{decision.pk}/appeal/" not in pending  # appealed already
    assert "Your appeal is under review." in pending
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=appeal.case, resolution="reverse")
    row = AccountStanding.objects.get(user=client_user)
    assert (row.level, row.reason, row.decision_id) == ("none", "", None)
    page = client.get("/trust/standing/").content.decode()
    assert "Your account is in good standing." in page
    assert "received a warning" not in page
    assert ">Appeal</a>" not in page
    assert decision.reason not in page


def test_after_a_reversal_the_standing_cites_the_strike_that_remains(client_user: Any) -> None:
    _established(client_user)
    first = _refused_post(client_user)
    job = JobFactory(client=client_user, title="Documents again", description=FAKE_DOCUMENTS,
                     status=JobStatus.SUBMITTED, opened_at=None, expires_at=None)  # fmt: skip
    do_review_job_post(job.pk)
    second = Decision.objects.filter(rule_key="job-illegal").exclude(pk=first.pk).get()
    assert standing_of(_fresh(client_user)).level == "restricted"  # one rung up from the warning
    appeal = do_file_appeal(actor=client_user, decision_id=second.pk, statement="The second was a copy.")
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=appeal.case, resolution="reverse")
    row = AccountStanding.objects.get(user=client_user)
    # back to what the first post caused (a warning), not to what its weight alone would reach
    assert (row.level, row.decision_id, row.reason) == ("warning", first.pk, first.reason)
