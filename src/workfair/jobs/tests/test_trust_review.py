"""Job posts and the trust engine: a restricted client cannot post, every submitted post is reviewed
at once (open, refused with the reason, or in review), and the client sees which."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workfair.core.models import AuditLogEntry, StateChange
from workfair.jobs import actions
from workfair.jobs.models import Job
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.jobs.tests.test_api import bearer, new_job_payload
from workfair.jobs.tests.test_views import form_data
from workfair.trust.enforcement import AccountRestricted
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db

CLEAN = "We need a responsive landing page for our product launch, with a signup form and analytics."
FAKE_REVIEWS = "Write fake 5-star reviews for our app on the store, 30 reviews from different accounts, paid each."
BORDERLINE = "Chemistry homework help for a high school student, two sessions a week, patient tutor"


def _draft(client_user: Any, description: str) -> Job:
    return JobFactory(client=client_user, description=description, status=JobStatus.DRAFT, opened_at=None,
                      expires_at=None)  # fmt: skip


def test_clean_post_opens_at_once(client_user: Any) -> None:
    job = actions.do_submit_job(actor=client_user, job=_draft(client_user, CLEAN))
    assert job.status == JobStatus.OPEN
    assert job.opened_at is not None
    assert job.review_note == ""


def test_prohibited_post_is_refused_at_once_with_the_reason(client_user: Any) -> None:
    job = actions.do_submit_job(actor=client_user, job=_draft(client_user, FAKE_REVIEWS))
    assert job.status == JobStatus.REFUSED
    assert job.review_note == "Job posts asking for fake reviews or ratings are not allowed."
    assert job.opened_at is None


def test_borderline_post_waits_in_the_job_post_queue(client_user: Any) -> None:
    from workfair.trust.models import Case

    job = actions.do_submit_job(actor=client_user, job=_draft(client_user, BORDERLINE))
    assert job.status == JobStatus.SUBMITTED
    case = Case.objects.get(queue="job_posts")
    assert case.target_id == str(job.pk)


def test_refused_post_shows_the_reason_to_its_client(client: Client, client_user: Any) -> None:
    job = actions.do_submit_job(actor=client_user, job=_draft(client_user, FAKE_REVIEWS))
    client.force_login(client_user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Why this post was refused" in page
    assert "Job posts asking for fake reviews or ratings are not allowed." in page


def test_post_in_review_says_so_to_its_client(client: Client, client_user: Any) -> None:
    job = actions.do_submit_job(actor=client_user, job=_draft(client_user, BORDERLINE))
    client.force_login(client_user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "In review" in page
    assert "usually takes less than 30 minutes" in page


def test_restricted_client_cannot_create_or_submit_a_post(client_user: Any) -> None:
    draft = _draft(client_user, CLEAN)
    set_standing(client_user, "restricted")
    with pytest.raises(AccountRestricted) as refused:
        actions.do_submit_job(actor=client_user, job=draft)
    assert refused.value.reason == "Several reports of scam messages."
    assert refused.value.appeal_url == "/trust/standing/"
    with pytest.raises(AccountRestricted):
        actions.do_create_job(actor=client_user, **{**_fields(), "description": CLEAN})
    assert list(Job.objects.values_list("pk", "status")) == [(draft.pk, JobStatus.DRAFT)]
    assert not StateChange.objects.exists()


def _fields() -> dict[str, Any]:
    from workfair.jobs.tests.factories import CategoryFactory

    return {"title": "Build a landing page for our launch", "category": CategoryFactory(), "skills": [],
            "budget_type": "fixed", "budget_min": 50_000, "budget_max": 50_000, "currency": "USD",
            "duration": "lt1m", "experience_level": "intermediate", "visibility": "public"}  # fmt: skip


def test_restricted_client_gets_403_with_reason_and_appeal_link_from_the_api(client_user: Any) -> None:
    headers = bearer(client_user)
    set_standing(client_user, "restricted")
    response = Client().post("/api/v1/jobs/", new_job_payload(submit=True), content_type="application/json",
                             **headers)  # fmt: skip
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "account_restricted"
    assert body["reason"] == "Several reports of scam messages."
    assert body["appeal_url"] == "/trust/standing/"
    assert "You cannot post jobs now." in body["detail"]
    assert not Job.objects.exists()
    assert not AuditLogEntry.objects.filter(action="job.create").exists()


def test_restricted_client_sees_the_reason_and_appeal_link_on_the_page(client: Client, client_user: Any) -> None:
    set_standing(client_user, "restricted")
    client.force_login(client_user)
    response = client.post("/jobs/new/", form_data(intent="submit"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Several reports of scam messages." in page
    assert 'href="/trust/standing/"' in page
    assert not Job.objects.exists()


def test_job_page_offers_a_report_link_to_others_but_not_the_owner(client: Client, client_user: Any) -> None:
    from workfair.accounts.tests.factories import FreelancerFactory

    job = JobFactory(client=client_user)
    link = f"/trust/report/?target_type=job&amp;target_id={job.pk}"
    client.force_login(FreelancerFactory())
    assert link in client.get(f"/jobs/{job.pk}/").content.decode()
    client.force_login(client_user)
    assert link not in client.get(f"/jobs/{job.pk}/").content.decode()


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (CLEAN, "Your job is posted."),
        (FAKE_REVIEWS, "Your job post was refused: the reason is below."),
        (BORDERLINE, "Your job is in review: a moderator looks at it within 30 minutes."),
    ],
)
def test_posting_through_the_form_says_what_the_review_decided(
    client: Client, client_user: Any, description: str, message: str
) -> None:
    client.force_login(client_user)
    response = client.post("/jobs/new/", form_data(intent="submit", description=description), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]


def test_submitting_a_prohibited_post_from_the_page_says_it_was_refused(client: Client, client_user: Any) -> None:
    client.force_login(client_user)
    response = client.post("/jobs/new/", form_data(intent="submit", description=FAKE_REVIEWS), follow=True)
    page = response.content.decode()
    assert "Your job post was refused: the reason is below." in page
    assert "Job posts asking for fake reviews or ratings are not allowed." in page
    assert Job.objects.get().status == JobStatus.REFUSED
