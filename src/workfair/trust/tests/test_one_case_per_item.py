"""One case per item: a rule that queued an item in one queue, its app's review queue and a report
about it share one case; deciding it decides every case still open about the item."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.core import clock
from workfair.jobs.actions import do_review_job_post
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.trust.actions import do_decide_case, do_file_report, do_open_case
from workfair.trust.models import Case
from workfair.trust.states import Queue
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

BORDERLINE = "Chemistry homework help for a high school student, two sessions a week, patient tutor"


def _submitted(client: Any) -> Any:
    return JobFactory(client=client, title="Chemistry tutor", description=BORDERLINE, status=JobStatus.SUBMITTED,
                      opened_at=None, expires_at=None)  # fmt: skip


def test_a_job_held_by_one_rule_and_queued_for_review_is_one_case_in_the_job_queue(client_user: Any) -> None:
    job = _submitted(client_user)
    # a content rule (spam, abuse) queued the post among held messages first
    first = do_open_case(queue=Queue.HELD_MESSAGES, title="Spam", subject_id=client_user.pk,
                         target_type="jobs.job", target_id=job.pk)  # fmt: skip
    assert do_review_job_post(job.pk) == "submitted"
    cases = list(Case.objects.filter(target_type="jobs.job", target_id=str(job.pk)))
    assert [(c.pk, c.queue, c.status) for c in cases] == [(first, Queue.JOB_POSTS, "open")]


def test_a_report_joins_the_open_case_about_the_same_item(client_user: Any, freelancer_user: Any) -> None:
    job = _submitted(client_user)
    do_review_job_post(job.pk)
    job.status = JobStatus.OPEN
    job.save(update_fields=["status"])
    report = do_file_report(actor=freelancer_user, target_type="job", target_id=job.pk, reason="spam", note="Odd.")
    assert Case.objects.filter(target_type="jobs.job").count() == 1
    assert report.case is not None
    assert report.case.queue == Queue.JOB_POSTS


def test_approving_an_item_decides_every_case_still_open_about_it(client_user: Any) -> None:
    job = _submitted(client_user)
    do_review_job_post(job.pk)
    case = Case.objects.get(queue=Queue.JOB_POSTS)
    # a duplicate left from before cases were merged
    now = clock.now()
    duplicate = Case.objects.create(queue=Queue.HELD_MESSAGES, title="Spam", subject_id=client_user.pk,
                                    target_type="jobs.job", target_id=str(job.pk), due_at=now, priority_at=now,
                                    created_at=now, updated_at=now)  # fmt: skip
    moderator = StaffFactory()
    decision = do_decide_case(actor=moderator, case=case, resolution="approve")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.resolution, duplicate.resolution_decision_id) == ("decided", "approve",
                                                                                           decision.pk)  # fmt: skip
    assert duplicate.events.last().note == f"Decided with case #{case.pk}"
    assert not Case.objects.filter(target_type="jobs.job", status__in=["open", "claimed"]).exists()
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN


def test_an_appeal_stays_its_own_case(client_user: Any) -> None:
    job = _submitted(client_user)
    do_review_job_post(job.pk)
    job_case = Case.objects.get(queue=Queue.JOB_POSTS)
    appeal_case = do_open_case(queue=Queue.APPEALS, title="Appeal", subject_id=client_user.pk,
                               target_type="jobs.job", target_id=job.pk)  # fmt: skip
    assert appeal_case != job_case.pk
