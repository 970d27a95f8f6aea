"""Staff admin for posts (read-only, with a remove action) and categories."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workfair.accounts.tests.factories import UserFactory, log_in_with_two_factor, with_totp
from workfair.jobs.states import CloseReason, JobStatus
from workfair.jobs.tests.factories import CategoryFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):  # type: ignore[no-untyped-def]
    log_in_with_two_factor(client, with_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def test_admin_lists_jobs_and_categories(staff_client):
    job = JobFactory(title="Poster for a jazz festival")
    assert job.title in staff_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert staff_client.get(reverse("admin:jobs_job_change", args=[job.pk])).status_code == 200
    assert staff_client.get(reverse("admin:jobs_category_changelist")).status_code == 200


def test_admin_does_not_edit_posts_directly(staff_client):
    job = JobFactory()
    staff_client.post(reverse("admin:jobs_job_change", args=[job.pk]), {"title": "Changed behind the rules"})
    job.refresh_from_db()
    assert job.title != "Changed behind the rules"
    assert staff_client.get(reverse("admin:jobs_job_add")).status_code == 403


def test_admin_remove_action_closes_posts_through_the_action(staff_client):
    open_job = JobFactory()
    closed = JobFactory(status=JobStatus.CLOSED, close_reason=CloseReason.HIRED)
    staff_client.post(
        reverse("admin:jobs_job_changelist"),
        {"action": "remove_jobs", "_selected_action": [open_job.pk, closed.pk]},
    )
    open_job.refresh_from_db()
    closed.refresh_from_db()
    assert (open_job.status, open_job.close_reason) == (JobStatus.CLOSED, CloseReason.REMOVED)
    assert closed.close_reason == CloseReason.HIRED


def test_admin_edits_categories(staff_client):
    category = CategoryFactory(name="Design", slug="design")
    staff_client.post(
        reverse("admin:jobs_category_change", args=[category.pk]), {"name": "Design & art", "slug": "design"}
    )
    category.refresh_from_db()
    assert category.name == "Design & art"
