"""The posting rules, the life of a post and its audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory, UserFactory
from workfair.core import clock
from workfair.core.errors import InvalidInput, InvalidTransition, PermissionDenied
from workfair.core.models import AuditLogEntry, StateChange
from workfair.core.transitions import transition
from workfair.jobs import actions
from workfair.jobs.models import Job
from workfair.jobs.states import JOB_TRANSITIONS, BudgetType, CloseReason, JobDuration, JobStatus, JobVisibility
from workfair.jobs.tests.factories import CategoryFactory, JobFactory, MembershipFactory, OrganizationFactory
from workfair.notifications.models import Notification
from workfair.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "We need a responsive landing page for our product launch, with a signup form and analytics."


def job_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Build a landing page for our launch",
        "description": DESCRIPTION,
        "category": CategoryFactory(),
        "skills": [],
        "budget_type": BudgetType.FIXED,
        "budget_min": 50_000,
        "budget_max": 50_000,
        "currency": "USD",
        "duration": JobDuration.LESS_THAN_MONTH,
        "experience_level": "intermediate",
        "visibility": JobVisibility.PUBLIC,
    }
    fields.update(overrides)
    return fields


def snapshot(job: Job) -> dict[str, Any]:
    job = Job.objects.get(pk=job.pk)
    return {**model_to_dict(job), "skills": sorted(s.pk for s in job.skills.all()), "status": job.status}


# --- create ------------------------------------------------------------------------------------


def test_create_job_makes_an_audited_draft(client_user):
    skills = [SkillFactory(name="Django"), SkillFactory(name="CSS")]
    job = actions.do_create_job(actor=client_user, **job_fields(skills=skills, title="  Build a landing page  "))

    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT
    assert job.client == client_user
    assert job.title == "Build a landing page"
    assert job.created_at == job.updated_at
    assert job.opened_at is None
    assert job.expires_at is None
    assert sorted(s.name for s in job.skills.all()) == ["CSS", "Django"]
    audit = AuditLogEntry.objects.get(action="job.create")
    assert (audit.actor, audit.target_id) == (client_user, str(job.pk))


def test_create_job_fills_search_vector_on_postgresql_only(client_user):
    job = actions.do_create_job(actor=client_user, **job_fields())
    job.refresh_from_db()
    if connection.vendor == "postgresql":
        assert "'land':3A" in str(job.search_vector)  # stemmed, title weighted A
    else:
        assert job.search_vector is None


def test_only_clients_can_create_jobs(freelancer_user):
    with pytest.raises(PermissionDenied):
        actions.do_create_job(actor=freelancer_user, **job_fields())
    assert not Job.objects.exists()


def test_anonymous_cannot_create_jobs():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        actions.do_create_job(actor=AnonymousUser(), **job_fields())
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "Too short"}, "title must be 10 to 120"),
        ({"title": "x" * 121}, "title must be 10 to 120"),
        ({"description": "Short description."}, "description must be 50 to 10,000"),
        ({"description": "x" * 10_001}, "description must be 50 to 10,000"),
        ({"budget_min": 0, "budget_max": 0}, "more than zero"),
        ({"budget_min": 50_000, "budget_max": 60_000}, "one amount"),
        ({"budget_min": 499, "budget_max": 499}, "at least 5 USD"),
        ({"budget_min": 1_000_000_001, "budget_max": 1_000_000_001}, "at most 10,000,000 USD"),
        ({"budget_type": BudgetType.HOURLY, "budget_min": 99, "budget_max": 2_000}, "at least 1 USD per hour"),
        ({"budget_type": BudgetType.HOURLY, "budget_min": 3_000, "budget_max": 2_000}, "cannot be above"),
        ({"budget_type": BudgetType.HOURLY, "budget_min": 100, "budget_max": 1_000_001}, "at most 10,000 USD"),
        ({"budget_min": "500", "budget_max": "500"}, "whole number"),
        ({"currency": "XXX"}, "Currency must be one of"),
        ({"duration": "forever"}, "Unknown duration"),
        ({"experience_level": "guru"}, "Unknown experience level"),
        ({"visibility": "secret"}, "Unknown visibility"),
        ({"budget_type": "barter"}, "Unknown budget type"),
    ],
)
def test_create_job_refuses_what_breaks_the_rules(client_user, overrides, message):
    with pytest.raises(InvalidInput, match=message):
        actions.do_create_job(actor=client_user, **job_fields(**overrides))
    assert not Job.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_create_job_accepts_the_smallest_budgets(client_user):
    fixed = actions.do_create_job(actor=client_user, **job_fields(budget_min=500, budget_max=500))
    hourly = actions.do_create_job(
        actor=client_user, **job_fields(budget_type=BudgetType.HOURLY, budget_min=100, budget_max=100)
    )
    yen = actions.do_create_job(actor=client_user, **job_fields(currency="JPY", budget_min=5, budget_max=5))
    assert [fixed.budget_min, hourly.budget_min, yen.budget_min] == [500, 100, 5]


def test_create_job_takes_at_most_15_skills(client_user):
    skills = [SkillFactory() for _ in range(16)]
    with pytest.raises(InvalidInput, match="at most 15 skills"):
        actions.do_create_job(actor=client_user, **job_fields(skills=skills))
    assert not Job.objects.exists()
    job = actions.do_create_job(actor=client_user, **job_fields(skills=skills[:15]))
    assert job.skills.count() == 15


def test_create_job_for_an_organisation_needs_membership(client_user):
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        actions.do_create_job(actor=client_user, organization=organization, **job_fields())
    assert not Job.objects.exists()
    MembershipFactory(organization=organization, user=client_user)
    job = actions.do_create_job(actor=client_user, organization=organization, **job_fields())
    assert job.organization == organization


# --- update ------------------------------------------------------------------------------------


def test_update_job_changes_a_draft_and_audits_the_fields(client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT)
    skill = SkillFactory()
    actions.do_update_job(
        actor=client_user, job=job, title="A brand new title here", skills=[skill], budget_min=600, budget_max=600
    )
    job.refresh_from_db()
    assert (job.title, job.budget_min, list(job.skills.all())) == ("A brand new title here", 600, [skill])
    audit = AuditLogEntry.objects.get(action="job.update")
    assert audit.data == {"fields": ["budget_max", "budget_min", "title", "skills"]}


def test_update_job_refreshes_search_vector_on_postgresql(client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT)
    actions.do_update_job(actor=client_user, job=job, title="Translate a cookbook into Portuguese")
    job.refresh_from_db()
    if connection.vendor == "postgresql":
        assert "cookbook" in str(job.search_vector)
    else:
        assert job.search_vector is None


def test_update_job_is_allowed_on_refused_posts(client_user):
    job = JobFactory(client=client_user, status=JobStatus.REFUSED, review_note="Contact details")
    actions.do_update_job(actor=client_user, job=job, description=DESCRIPTION + " No contact details.")
    job.refresh_from_db()
    assert job.description.endswith("No contact details.")
    assert job.status == JobStatus.REFUSED


@pytest.mark.parametrize("status", [JobStatus.SUBMITTED, JobStatus.OPEN, JobStatus.CLOSED])
def test_update_job_refuses_posts_past_draft(client_user, status):
    job = JobFactory(client=client_user, status=status)
    before = snapshot(job)
    with pytest.raises(InvalidTransition):
        actions.do_update_job(actor=client_user, job=job, title="A brand new title here")
    assert snapshot(job) == before


def test_update_job_refuses_another_client(client_user):
    job = JobFactory(status=JobStatus.DRAFT)
    before = snapshot(job)
    with pytest.raises(PermissionDenied):
        actions.do_update_job(actor=client_user, job=job, title="A brand new title here")
    assert snapshot(job) == before


def test_update_job_refuses_broken_rules_and_unknown_fields(client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT)
    before = snapshot(job)
    with pytest.raises(InvalidInput, match="one amount"):
        actions.do_update_job(actor=client_user, job=job, budget_max=job.budget_max + 1)
    with pytest.raises(InvalidInput, match="at most 15"):
        actions.do_update_job(actor=client_user, job=job, skills=[SkillFactory() for _ in range(16)])
    with pytest.raises(InvalidInput, match="cannot be changed: status"):
        actions.do_update_job(actor=client_user, job=job, status=JobStatus.OPEN)
    assert snapshot(job) == before
    assert not AuditLogEntry.objects.filter(action="job.update").exists()


# --- submit and review -------------------------------------------------------------------------


def test_submit_job_opens_it_at_once_for_30_days(client_user, settings):
    settings.WORKFAIR = {**settings.WORKFAIR, "JOB_EXPIRY_DAYS": 30}
    job = JobFactory(client=client_user, status=JobStatus.DRAFT, opened_at=None, expires_at=None, submitted_at=None)
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with clock.frozen_at(moment):
        returned = actions.do_submit_job(actor=client_user, job=job)

    job.refresh_from_db()
    assert returned.status == job.status == JobStatus.OPEN
    assert job.submitted_at == job.opened_at == moment
    assert job.expires_at == moment + dt.timedelta(days=30)
    changes = list(StateChange.objects.filter(object_id=str(job.pk)).values_list("from_state", "to_state", "actor"))
    assert changes == [("draft", "submitted", client_user.pk), ("submitted", "open", None)]


def test_submit_job_prices_proposals_by_size(client_user):
    small = JobFactory(client=client_user, status=JobStatus.DRAFT, budget_min=5_000, budget_max=5_000)
    big = JobFactory(
        client=client_user,
        status=JobStatus.DRAFT,
        budget_type=BudgetType.HOURLY,
        budget_min=5_000,
        budget_max=10_000,
        duration=JobDuration.MORE_THAN_SIX,
    )
    actions.do_submit_job(actor=client_user, job=small)
    actions.do_submit_job(actor=client_user, job=big)
    small.refresh_from_db()
    big.refresh_from_db()
    assert (small.proposal_credits, big.proposal_credits) == (1, 16)


@pytest.mark.parametrize(
    ("budget_type", "budget_max", "duration", "currency", "credits"),
    [
        (BudgetType.FIXED, 500, JobDuration.LESS_THAN_MONTH, "USD", 1),
        (BudgetType.FIXED, 9_999, JobDuration.LESS_THAN_MONTH, "USD", 1),
        (BudgetType.FIXED, 10_000, JobDuration.LESS_THAN_MONTH, "USD", 2),
        (BudgetType.FIXED, 50_000, JobDuration.MORE_THAN_SIX, "USD", 4),  # duration does not matter
        (BudgetType.FIXED, 5_000_000, JobDuration.LESS_THAN_MONTH, "USD", 16),
        (BudgetType.FIXED, 50_000, JobDuration.LESS_THAN_MONTH, "JPY", 16),  # 50,000 yen
        (BudgetType.HOURLY, 2_000, JobDuration.LESS_THAN_MONTH, "USD", 4),  # 20/h x 40 h = 800
        (BudgetType.HOURLY, 2_000, JobDuration.ONE_TO_THREE, "USD", 8),  # 3,200
        (BudgetType.HOURLY, 2_000, JobDuration.THREE_TO_SIX, "USD", 10),  # 8,000
        (BudgetType.HOURLY, 2_000, JobDuration.MORE_THAN_SIX, "USD", 12),  # 16,000
    ],
)
def test_proposal_credits_grow_with_job_size(budget_type, budget_max, duration, currency, credits):
    assert (
        actions.proposal_credits_for(
            budget_type=budget_type, budget_max=budget_max, currency=currency, duration=duration
        )
        == credits
    )


def test_proposal_credits_stay_between_1_and_16():
    values = [
        actions.proposal_credits_for(budget_type=kind, budget_max=amount, currency="USD", duration=duration)
        for kind in BudgetType.values
        for amount in (1, 100, 10**4, 10**6, 10**9)
        for duration in JobDuration.values
    ]
    assert min(values) == 1
    assert max(values) == 16


def test_submit_job_resubmits_a_refused_post_through_draft(client_user):
    job = JobFactory(client=client_user, status=JobStatus.REFUSED, review_note="Asks for free work")
    actions.do_submit_job(actor=client_user, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.review_note == ""
    steps = list(StateChange.objects.filter(object_id=str(job.pk)).values_list("from_state", "to_state"))
    assert steps == [("refused", "draft"), ("draft", "submitted"), ("submitted", "open")]


@pytest.mark.parametrize("status", [JobStatus.SUBMITTED, JobStatus.OPEN, JobStatus.CLOSED])
def test_submit_job_refuses_posts_not_in_draft(client_user, status):
    job = JobFactory(client=client_user, status=status)
    before = snapshot(job)
    with pytest.raises(InvalidTransition):
        actions.do_submit_job(actor=client_user, job=job)
    assert snapshot(job) == before
    assert not StateChange.objects.exists()


def test_submit_job_refuses_another_user(client_user):
    job = JobFactory(status=JobStatus.DRAFT)
    before = snapshot(job)
    with pytest.raises(PermissionDenied):
        actions.do_submit_job(actor=client_user, job=job)
    assert snapshot(job) == before


def test_review_submitted_job_opens_the_post_as_the_platform(client_user):
    job = JobFactory(client=client_user, status=JobStatus.SUBMITTED, opened_at=None, expires_at=None)
    actions.review_submitted_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.opened_at is not None
    assert job.expires_at == job.opened_at + dt.timedelta(days=30)
    audit = AuditLogEntry.objects.get(action="job.open")
    assert audit.actor is None


def test_review_submitted_job_leaves_a_post_not_submitted_as_it_is(client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT, opened_at=None)
    assert actions.review_submitted_job(job).status == JobStatus.DRAFT
    assert Job.objects.get(pk=job.pk).status == JobStatus.DRAFT
    assert not StateChange.objects.exists()


# --- close and expire --------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [CloseReason.HIRED, CloseReason.CANCELLED])
def test_client_closes_own_post(client_user, reason):
    job = JobFactory(client=client_user)
    actions.do_close_job(actor=client_user, job=job, reason=reason)
    job.refresh_from_db()
    assert (job.status, job.close_reason) == (JobStatus.CLOSED, reason)
    assert job.closed_at is not None
    assert AuditLogEntry.objects.get(action="job.closed").actor == client_user


@pytest.mark.parametrize("reason", [CloseReason.REMOVED, CloseReason.EXPIRED, "bored"])
def test_client_cannot_close_with_staff_or_system_reasons(client_user, reason):
    job = JobFactory(client=client_user)
    before = snapshot(job)
    with pytest.raises(InvalidInput):
        actions.do_close_job(actor=client_user, job=job, reason=reason)
    assert snapshot(job) == before


def test_staff_removes_any_post():
    staff = UserFactory(is_staff=True)
    job = JobFactory()
    actions.do_close_job(actor=staff, job=job, reason=CloseReason.REMOVED)
    job.refresh_from_db()
    assert (job.status, job.close_reason) == (JobStatus.CLOSED, CloseReason.REMOVED)


def test_others_cannot_close_a_post(freelancer_user):
    job = JobFactory()
    before = snapshot(job)
    with pytest.raises(PermissionDenied):
        actions.do_close_job(actor=freelancer_user, job=job, reason=CloseReason.CANCELLED)
    with pytest.raises(PermissionDenied):
        actions.do_close_job(actor=ClientFactory(), job=job, reason=CloseReason.CANCELLED)
    assert snapshot(job) == before


def test_closing_a_closed_post_is_refused(client_user):
    job = JobFactory(client=client_user, status=JobStatus.CLOSED, close_reason=CloseReason.HIRED)
    before = snapshot(job)
    with pytest.raises(InvalidTransition):
        actions.do_close_job(actor=client_user, job=job, reason=CloseReason.CANCELLED)
    assert snapshot(job) == before


def test_expire_jobs_closes_posts_once_their_time_is_up(client_user):
    job = actions.do_create_job(actor=client_user, **job_fields())
    actions.do_submit_job(actor=client_user, job=job)
    fresh = JobFactory()

    with clock.advanced(dt.timedelta(days=29, hours=23)):
        assert actions.do_expire_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN

    with clock.advanced(dt.timedelta(days=30)):
        assert actions.do_expire_jobs() == 2
        assert actions.do_expire_jobs() == 0  # idempotent
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.status, job.close_reason) == (JobStatus.CLOSED, CloseReason.EXPIRED)
    assert fresh.status == JobStatus.CLOSED
    change = StateChange.objects.get(object_id=str(job.pk), to_state="closed")
    assert (change.actor, change.reason) == (None, "expired")
    notice = Notification.objects.get(recipient=client_user, kind="job.expired")
    assert notice.url == f"/jobs/{job.pk}/"


def test_expire_jobs_leaves_other_states_alone():
    draft = JobFactory(status=JobStatus.DRAFT, expires_at=None)
    closed = JobFactory(status=JobStatus.CLOSED, close_reason=CloseReason.HIRED)
    with clock.advanced(dt.timedelta(days=60)):
        assert actions.do_expire_jobs() == 0
    assert Job.objects.get(pk=draft.pk).status == JobStatus.DRAFT
    assert Job.objects.get(pk=closed.pk).close_reason == CloseReason.HIRED


def test_expire_jobs_task_runs_the_action():
    from workfair.jobs.tasks import expire_jobs

    JobFactory(expires_at=clock.now() - dt.timedelta(minutes=1))
    assert expire_jobs.name == "jobs.expire_jobs"
    assert expire_jobs.delay().get() == 1


# --- the transition table ----------------------------------------------------------------------


ALLOWED_MOVES = {
    ("draft", "submitted"),
    ("draft", "closed"),
    ("submitted", "open"),
    ("submitted", "refused"),
    ("submitted", "closed"),
    ("open", "closed"),
    ("refused", "draft"),
    ("refused", "closed"),
}


@pytest.mark.parametrize("to_state", JobStatus.values)
@pytest.mark.parametrize("from_state", JobStatus.values)
def test_transition_table_allows_only_draft_submitted_open_closed(from_state, to_state):
    job = JobFactory(status=from_state)
    if (from_state, to_state) in ALLOWED_MOVES:
        transition(job, to_state, table=JOB_TRANSITIONS, actor=None)
        assert Job.objects.get(pk=job.pk).status == to_state
    else:
        with pytest.raises(InvalidTransition):
            transition(job, to_state, table=JOB_TRANSITIONS, actor=None)
        assert Job.objects.get(pk=job.pk).status == from_state


def test_a_closed_post_never_reopens(client_user):
    job = JobFactory(client=client_user, status=JobStatus.CLOSED)
    for action in (actions.do_submit_job,):
        with pytest.raises(InvalidTransition):
            action(actor=client_user, job=job)
    assert actions.review_submitted_job(job).status == JobStatus.CLOSED
    assert Job.objects.get(pk=job.pk).status == JobStatus.CLOSED


def test_an_open_post_cannot_be_resubmitted_by_a_freelancer():
    job = JobFactory()
    with pytest.raises(PermissionDenied):
        actions.do_submit_job(actor=FreelancerFactory(), job=job)
