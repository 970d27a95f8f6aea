"""The job pages: search (with and without htmx), one post, post / edit a job, my jobs."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.models import Job
from workfair.jobs.states import JobStatus, JobVisibility
from workfair.jobs.tests.factories import (
    CategoryFactory,
    ClientProfileFactory,
    ConversationFactory,
    InvitationFactory,
    JobFactory,
)
from workfair.jobs.tests.test_queries import VISIBILITY_MATRIX
from workfair.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

DESCRIPTION = "We need a responsive landing page for our product launch, with a signup form and analytics."


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Build a landing page for our launch",
        "description": DESCRIPTION,
        "category": CategoryFactory(slug="web").slug,
        "budget_type": "fixed",
        "currency": "USD",
        "budget_min": "500.00",
        "budget_max": "",
        "duration": "lt1m",
        "experience_level": "intermediate",
        "visibility": "public",
        "intent": "draft",
    }
    data.update(overrides)
    return data


@pytest.fixture
def world() -> dict[str, Any]:
    owner = ClientFactory()
    invited = FreelancerFactory()
    jobs = {
        "public": JobFactory(client=owner, visibility=JobVisibility.PUBLIC),
        "members": JobFactory(client=owner, visibility=JobVisibility.MEMBERS),
        "invite_only": JobFactory(client=owner, visibility=JobVisibility.INVITE_ONLY),
        "draft": JobFactory(client=owner, status=JobStatus.DRAFT, opened_at=None),
    }
    for job in jobs.values():
        InvitationFactory(job=job, freelancer=invited)
    return {"jobs": jobs, "users": {"member": FreelancerFactory(), "invited": invited, "owner": owner}}


# --- search page -------------------------------------------------------------------------------


def test_search_page_lists_open_public_jobs_for_anonymous(client, world):
    response = client.get(reverse("jobs:search"))
    assert response.status_code == 200
    content = response.content.decode()
    assert world["jobs"]["public"].title in content
    assert world["jobs"]["members"].title not in content
    assert "<h1>Find work</h1>" in content
    assert 'role="search"' in content


def test_search_page_htmx_returns_only_the_results(client):
    JobFactory(title="Translate a cookbook into Portuguese")
    JobFactory(title="Logo for a bakery in Lisbon")
    response = client.get(reverse("jobs:search"), {"q": "cookbook"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Translate a cookbook" in content
    assert "Logo for a bakery" not in content
    assert "1 job found" in content
    assert "HX-Request" in response["Vary"]


def test_search_page_filters_by_category_slug(client):
    design = CategoryFactory(slug="design", name="Design")
    JobFactory(category=design, title="Poster for a jazz festival")
    JobFactory(title="Data entry from scanned invoices")
    content = client.get(reverse("jobs:search"), {"category": "design"}).content.decode()
    assert "Poster for a jazz festival" in content
    assert "Data entry from scanned invoices" not in content


def test_search_page_shows_errors_for_bad_filters(client):
    JobFactory(title="Poster for a jazz festival")
    response = client.get(reverse("jobs:search"), {"q": "x" * 300, "budget_type": "barter"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert "Poster for a jazz festival" not in content


def test_search_page_query_count_is_the_same_for_5_and_30_jobs(client, django_assert_max_num_queries):
    viewer = FreelancerFactory()
    client.force_login(viewer)

    def add_jobs(count: int) -> None:
        for i in range(count):
            job = JobFactory(client=ClientProfileFactory().user, skills=[SkillFactory(), SkillFactory()])
            if i % 3 == 0:
                InvitationFactory(job=job, freelancer=viewer)

    add_jobs(5)
    with CaptureQueriesContext(connection) as with_five:
        assert client.get(reverse("jobs:search")).content.decode().count('class="job-card"') == 5
    add_jobs(25)
    with django_assert_max_num_queries(len(with_five.captured_queries)):
        response = client.get(reverse("jobs:search"))
    assert response.content.decode().count('class="job-card"') == 20


def test_search_page_links_the_next_page(client):
    for _ in range(21):
        JobFactory()
    content = client.get(reverse("jobs:search")).content.decode()
    assert "Next page" in content
    second = client.get(reverse("jobs:search"), {"page": 2}).content.decode()
    assert second.count('class="job-card"') == 1
    assert "Previous page" in second


# --- job page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("job_key", sorted(VISIBILITY_MATRIX))
@pytest.mark.parametrize("viewer_key", ["anonymous", "member", "invited", "owner"])
def test_job_page_follows_the_visibility_matrix(client, world, job_key, viewer_key):
    job = world["jobs"][job_key]
    if viewer_key != "anonymous":
        client.force_login(world["users"][viewer_key])
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    if viewer_key in VISIBILITY_MATRIX[job_key]:
        assert response.status_code == 200
        assert job.title in response.content.decode()
    else:
        assert response.status_code == 404
        assert job.title not in response.content.decode()


def test_job_page_hides_the_client_name_from_strangers(client):
    profile = ClientProfileFactory(location="Lisbon, Portugal", user=ClientFactory(first_name="Zelda", last_name="Q"))
    job = JobFactory(client=profile.user)
    content = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Client in Lisbon, Portugal" in content
    assert "Zelda" not in content


def test_job_page_shows_the_client_name_after_an_interview(client):
    job = JobFactory(client=ClientFactory(first_name="Zelda", last_name="Q"))
    interviewed = FreelancerFactory()
    ConversationFactory(job=job, freelancer=interviewed)
    client.force_login(interviewed)
    assert "Zelda Q." in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_job_page_offers_apply_to_freelancers_only(client, freelancer_user, client_user):
    job = JobFactory()
    apply_link = f'href="/jobs/{job.pk}/apply/"'
    client.force_login(freelancer_user)
    assert apply_link in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    client.force_login(client_user)
    assert apply_link not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_job_page_gives_the_owner_their_tools(client, client_user):
    open_job = JobFactory(client=client_user)
    draft = JobFactory(client=client_user, status=JobStatus.DRAFT)
    client.force_login(client_user)
    open_page = client.get(reverse("jobs:detail", args=[open_job.pk])).content.decode()
    draft_page = client.get(reverse("jobs:detail", args=[draft.pk])).content.decode()
    assert f'href="/jobs/{open_job.pk}/proposals/"' in open_page
    assert f'href="/jobs/{open_job.pk}/invite/"' in open_page
    assert "Close job" in open_page
    assert reverse("jobs:edit", args=[open_job.pk]) not in open_page
    assert reverse("jobs:edit", args=[draft.pk]) in draft_page
    assert reverse("jobs:submit", args=[draft.pk]) in draft_page


def test_job_page_shows_the_review_note_of_a_refused_post(client, client_user):
    job = JobFactory(client=client_user, status=JobStatus.REFUSED, review_note="It asks for free sample work.")
    client.force_login(client_user)
    content = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "It asks for free sample work." in content
    assert "badge-refused" in content


# --- post, edit, submit, close -----------------------------------------------------------------


def test_post_a_job_page_needs_sign_in(client):
    response = client.get(reverse("jobs:create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_a_job_page_refuses_freelancers(client, freelancer_user):
    client.force_login(freelancer_user)
    assert client.get(reverse("jobs:create")).status_code == 403
    assert client.post(reverse("jobs:create"), form_data()).status_code == 403
    assert not Job.objects.exists()


def test_post_a_job_saves_a_draft(client, client_user):
    client.force_login(client_user)
    response = client.post(reverse("jobs:create"), form_data())
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.budget_min, job.budget_max, job.client) == (JobStatus.DRAFT, 50_000, 50_000, client_user)


def test_post_a_job_and_submit_opens_it(client, client_user):
    SkillFactory(name="Django")
    client.force_login(client_user)
    client.post(
        reverse("jobs:create"),
        form_data(intent="submit", budget_type="hourly", budget_min="20", budget_max="45.50", skills=["django"]),
    )
    job = Job.objects.get()
    assert (job.status, job.budget_min, job.budget_max) == (JobStatus.OPEN, 2_000, 4_550)
    assert [s.slug for s in job.skills.all()] == ["django"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "Short"}, "at least 10 characters"),
        ({"title": "x" * 500}, "at most 120 characters"),
        ({"description": "x" * 20_000}, "at most 10000 characters"),
        ({"budget_min": "4.99"}, "at least 5 USD"),
        ({"budget_min": "9999999999999"}, "no more than 12 digits"),
        ({"budget_type": "hourly", "budget_min": "50", "budget_max": "20"}, "cannot be above"),
        ({"currency": "JPY", "budget_min": "500.50"}, "at most 0 decimals"),
        ({"category": "no-such-category"}, "Select a valid choice"),
    ],
)
def test_post_a_job_shows_clear_errors(client, client_user, overrides, message):
    client.force_login(client_user)
    response = client.post(reverse("jobs:create"), form_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_post_a_job_refuses_more_than_15_skills(client, client_user):
    slugs = [SkillFactory().slug for _ in range(16)]
    client.force_login(client_user)
    response = client.post(reverse("jobs:create"), form_data(skills=slugs))
    assert "Choose at most 15 skills." in response.content.decode()
    assert not Job.objects.exists()


def test_edit_page_changes_a_draft_and_submits_it(client, client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT)
    client.force_login(client_user)
    page = client.get(reverse("jobs:edit", args=[job.pk]))
    assert page.status_code == 200
    assert 'value="500.00"' in page.content.decode()
    response = client.post(
        reverse("jobs:edit", args=[job.pk]),
        form_data(title="A better title for this job", category=job.category.slug, intent="submit"),
    )
    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.title, job.status) == ("A better title for this job", JobStatus.OPEN)


def test_edit_page_hides_other_peoples_jobs(client, client_user):
    job = JobFactory(status=JobStatus.DRAFT)
    client.force_login(client_user)
    assert client.get(reverse("jobs:edit", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:edit", args=[job.pk]), form_data()).status_code == 404
    assert Job.objects.get(pk=job.pk).title == job.title


def test_edit_page_sends_an_open_job_back_to_its_page(client, client_user):
    job = JobFactory(client=client_user)
    client.force_login(client_user)
    response = client.post(reverse("jobs:edit", args=[job.pk]), form_data(title="A whole new title here"))
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).title == job.title


def test_submit_button_opens_a_draft(client, client_user):
    job = JobFactory(client=client_user, status=JobStatus.DRAFT, opened_at=None)
    client.force_login(client_user)
    response = client.post(reverse("jobs:submit", args=[job.pk]))
    assert response.status_code == 302
    assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN


def test_submit_button_refuses_others_and_get(client, client_user):
    job = JobFactory(status=JobStatus.DRAFT)
    client.force_login(client_user)
    assert client.post(reverse("jobs:submit", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:submit", args=[job.pk])).status_code == 405
    assert Job.objects.get(pk=job.pk).status == JobStatus.DRAFT


def test_close_button_closes_own_job(client, client_user):
    job = JobFactory(client=client_user)
    client.force_login(client_user)
    response = client.post(reverse("jobs:close", args=[job.pk]), {"reason": "hired"})
    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.status, job.close_reason) == (JobStatus.CLOSED, "hired")


def test_close_button_refuses_others_and_bad_reasons(client, client_user, freelancer_user):
    job = JobFactory(client=client_user)
    client.force_login(freelancer_user)
    assert client.post(reverse("jobs:close", args=[job.pk]), {"reason": "hired"}).status_code == 403
    client.force_login(client_user)
    assert client.post(reverse("jobs:close", args=[job.pk]), {"reason": "removed"}).status_code == 400
    assert Job.objects.get(pk=job.pk).status == JobStatus.OPEN


# --- my jobs -----------------------------------------------------------------------------------


def test_my_jobs_lists_own_jobs_by_state(client, client_user):
    JobFactory(client=client_user, status=JobStatus.DRAFT, title="My draft about a website")
    JobFactory(client=client_user, title="My open job about a logo")
    JobFactory(title="Someone else's job about a logo")
    client.force_login(client_user)
    everything = client.get(reverse("jobs:mine")).content.decode()
    drafts = client.get(reverse("jobs:mine"), {"status": "draft"}).content.decode()
    assert "My draft about a website" in everything
    assert "My open job about a logo" in everything
    assert "Someone else" not in everything
    assert "All (2)" in everything
    assert "My open job about a logo" not in drafts


def test_my_jobs_needs_sign_in(client):
    assert client.get(reverse("jobs:mine")).status_code == 302
