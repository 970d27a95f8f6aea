"""Cases (claim lock, decided once), reports (dedup, rate limit, repeated reports), job-post review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, RateLimited
from workfair.jobs.actions import do_review_job_post
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.notifications.models import Notification
from workfair.trust.actions import (
    do_claim_case,
    do_decide_case,
    do_escalate_overdue_cases,
    do_file_report,
    do_release_case,
)
from workfair.trust.enforcement import standing_of
from workfair.trust.models import Case, CaseEvent, Decision, Report, Strike
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

OK_JOB = "We need a responsive landing page for our product launch, built with care and tested on phones."


def _submitted(client: Any, description: str = OK_JOB, title: str = "Landing page for a launch") -> Any:
    return JobFactory(client=client, title=title, description=description, status=JobStatus.SUBMITTED,
                      opened_at=None, expires_at=None)  # fmt: skip


def test_clean_job_post_opens_at_once(client_user: Any) -> None:
    job = _submitted(client_user)
    assert do_review_job_post(job.pk) == "open"
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.expires_at is not None
    assert do_review_job_post(job.pk) == "open"  # idempotent


def test_fake_review_job_is_refused_at_once_with_the_reason(client_user: Any) -> None:
    job = _submitted(client_user, "Need people to write 5-star reviews for my shop on Amazon, paid per review, fast")
    assert do_review_job_post(job.pk) == "refused"
    job.refresh_from_db()
    assert job.status == JobStatus.REFUSED
    assert job.review_note == "Job posts asking for fake reviews or ratings are not allowed."
    assert Notification.objects.filter(recipient=client_user, kind="trust.decision").exists()


def test_borderline_job_waits_in_queue_then_moderator_approves(client_user: Any) -> None:
    job = _submitted(
        client_user, "Chemistry homework help for a high school student, two sessions a week, patient tutor"
    )
    assert do_review_job_post(job.pk) == "submitted"
    case = Case.objects.get(queue="job_posts")
    assert case.due_at == case.created_at + dt.timedelta(minutes=30)
    moderator = StaffFactory()
    do_claim_case(actor=moderator, case=case)
    do_decide_case(actor=moderator, case=case, resolution="approve")
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    case.refresh_from_db()
    assert case.status == "decided"
    assert case.decided_by == moderator
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == ["opened", "claimed", "decided"]


def test_claimed_case_cannot_be_claimed_or_decided_by_another(client_user: Any) -> None:
    job = _submitted(
        client_user, "Chemistry homework help for a high school student, two sessions a week, patient tutor"
    )
    do_review_job_post(job.pk)
    case = Case.objects.get()
    first, second = StaffFactory(), StaffFactory()
    do_claim_case(actor=first, case=case)
    with pytest.raises(Conflict):
        do_claim_case(actor=second, case=case)
    with pytest.raises(Conflict):
        do_decide_case(actor=second, case=case, resolution="remove")
    case.refresh_from_db()
    assert case.claimed_by == first
    assert case.status == "claimed"
    job.refresh_from_db()
    assert job.status == JobStatus.SUBMITTED
    do_release_case(actor=first, case=case)
    do_claim_case(actor=second, case=case)
    case.refresh_from_db()
    assert case.claimed_by == second


def test_deciding_a_decided_case_is_refused_and_changes_nothing(client_user: Any) -> None:
    job = _submitted(
        client_user, "Chemistry homework help for a high school student, two sessions a week, patient tutor"
    )
    do_review_job_post(job.pk)
    case = Case.objects.get()
    moderator = StaffFactory()
    do_decide_case(actor=moderator, case=case, resolution="approve")
    decisions = Decision.objects.count()
    with pytest.raises(InvalidTransition):
        do_decide_case(actor=moderator, case=case, resolution="remove")
    with pytest.raises(InvalidTransition):
        do_claim_case(actor=moderator, case=case)
    assert Decision.objects.count() == decisions
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN


def test_non_staff_cannot_work_cases_and_bans_need_a_senior(client_user: Any) -> None:
    job = _submitted(
        client_user, "Chemistry homework help for a high school student, two sessions a week, patient tutor"
    )
    do_review_job_post(job.pk)
    case = Case.objects.get()
    with pytest.raises(PermissionDenied):
        do_claim_case(actor=FreelancerFactory(), case=case)
    with pytest.raises(PermissionDenied):
        do_decide_case(actor=StaffFactory(), case=case, resolution="ban")
    do_decide_case(actor=StaffFactory(role="senior_moderator"), case=case, resolution="ban")
    assert standing_of(client_user).level == "banned"


def test_overdue_case_escalates_once_and_tells_on_duty_staff(client_user: Any) -> None:
    job = _submitted(
        client_user, "Chemistry homework help for a high school student, two sessions a week, patient tutor"
    )
    do_review_job_post(job.pk)
    moderator = StaffFactory()
    with clock.advanced(dt.timedelta(minutes=31)):
        assert do_escalate_overdue_cases() == 1
        assert do_escalate_overdue_cases() == 0
    case = Case.objects.get()
    assert case.escalated is True
    assert Notification.objects.filter(recipient=moderator, kind="trust.escalation").count() == 1


def test_report_is_deduplicated_and_routed_to_one_case(freelancer_user: Any) -> None:
    job = JobFactory()
    report = do_file_report(actor=freelancer_user, target_type="job", target_id=job.pk, reason="scam", note="asks fee")
    assert report.case is not None
    assert report.case.queue == "reports"
    assert report.subject == job.client
    with pytest.raises(Conflict):
        do_file_report(actor=freelancer_user, target_type="job", target_id=job.pk, reason="spam")
    assert Report.objects.count() == 1
    do_file_report(actor=FreelancerFactory(), target_type="job", target_id=job.pk, reason="spam")
    assert Case.objects.filter(queue="reports").count() == 1
    assert Report.objects.filter(case=report.case).count() == 2


def test_reports_are_rate_limited(freelancer_user: Any, settings: Any) -> None:
    settings.WORKFAIR_TRUST = {"QUALITY_SAMPLE_RATE": 0.0, "REPORTS_PER_HOUR": 2}
    jobs = [JobFactory() for _ in range(3)]
    for job in jobs[:2]:
        do_file_report(actor=freelancer_user, target_type="job", target_id=job.pk, reason="spam")
    with pytest.raises(RateLimited):
        do_file_report(actor=freelancer_user, target_type="job", target_id=jobs[2].pk, reason="spam")
    assert Report.objects.count() == 2


def test_cannot_report_what_one_cannot_see_or_oneself(client_user: Any) -> None:
    with pytest.raises(NotFound):
        do_file_report(actor=client_user, target_type="job", target_id=999_999, reason="spam")
    own = JobFactory(client=client_user)
    with pytest.raises(Exception, match="yourself"):
        do_file_report(actor=client_user, target_type="job", target_id=own.pk, reason="spam")
    assert not Report.objects.exists()


def test_account_reported_by_three_people_is_warned(client_user: Any) -> None:
    job = JobFactory(client=client_user)
    for _ in range(3):
        do_file_report(actor=FreelancerFactory(), target_type="job", target_id=job.pk, reason="scam")
    decision = Decision.objects.get(rule_key="repeated-reports")
    assert decision.subject_id == client_user.pk
    assert decision.outcome == "warn"
    assert Strike.objects.get(user=client_user).weight == 1
    assert standing_of(client_user).level == "warning"
    assert Notification.objects.filter(recipient=client_user, kind="trust.decision").exists()


def test_client_cannot_appear_with_unknown_report_target(client_user: Any) -> None:
    from workfair.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        do_file_report(actor=client_user, target_type="planet", target_id=1, reason="spam")
    with pytest.raises(InvalidInput):
        do_file_report(actor=client_user, target_type="job", target_id=1, reason="rude")
    _ = ClientFactory


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/jobs/", "/jobs/"), ("https://evil.example/phish", "/dashboard/"), ("//evil.example/", "/dashboard/")],
)
def test_report_form_returns_only_to_pages_of_this_site(client: Any, next_url: str, expected: str) -> None:
    job = JobFactory()
    client.force_login(FreelancerFactory())
    response = client.post(
        "/trust/report/",
        {"target_type": "job", "target_id": job.pk, "reason": "spam", "note": "", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == expected
    assert Report.objects.filter(target_id=str(job.pk)).count() == 1
