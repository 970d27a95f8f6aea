"""Who sees which post and client, and how search ranks and filters (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory, UserFactory
from workfair.core import clock
from workfair.core.errors import InvalidInput, NotFound
from workfair.jobs import queries
from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.jobs.tests.factories import (
    CategoryFactory,
    ClientProfileFactory,
    ContractFactory,
    ConversationFactory,
    InvitationFactory,
    JobFactory,
)
from workfair.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = "A clear description of the work, long enough to pass the posting rules of the site."


@pytest.fixture
def world() -> dict[str, Any]:
    """An owner with one post of each kind; a member, an invited freelancer and staff."""
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
    viewers = {
        "anonymous": AnonymousUser(),
        "member": FreelancerFactory(),
        "invited": invited,
        "owner": owner,
        "staff": UserFactory(is_staff=True),
    }
    return {"jobs": jobs, "viewers": viewers}


# Who may see which post: the visibility matrix, shared with the page and API tests.
VISIBILITY_MATRIX = {
    "public": {"anonymous", "member", "invited", "owner", "staff"},
    "members": {"member", "invited", "owner", "staff"},
    "invite_only": {"invited", "owner", "staff"},
    "draft": {"owner", "staff"},
}


@pytest.mark.parametrize("job_key", sorted(VISIBILITY_MATRIX))
@pytest.mark.parametrize("viewer_key", ["anonymous", "member", "invited", "owner", "staff"])
def test_access_job_by_id_follows_the_visibility_matrix(world, job_key, viewer_key):
    job = world["jobs"][job_key]
    viewer = world["viewers"][viewer_key]
    if viewer_key in VISIBILITY_MATRIX[job_key]:
        assert queries.access_job_by_id(viewer, job.pk) == job
    else:
        with pytest.raises(NotFound):
            queries.access_job_by_id(viewer, job.pk)


@pytest.mark.parametrize("status", [JobStatus.SUBMITTED, JobStatus.REFUSED])
def test_posts_in_review_or_refused_are_only_for_their_client(status):
    job = JobFactory(status=status)
    assert queries.access_job_by_id(job.client, job.pk) == job
    with pytest.raises(NotFound):
        queries.access_job_by_id(FreelancerFactory(), job.pk)


def test_closed_public_posts_stay_readable():
    job = JobFactory(status=JobStatus.CLOSED)
    assert queries.access_job_by_id(AnonymousUser(), job.pk) == job


def test_access_job_by_id_says_not_found_for_missing_ids():
    with pytest.raises(NotFound):
        queries.access_job_by_id(AnonymousUser(), 999_999)


def test_access_own_job_by_id_hides_other_peoples_posts(world):
    public = world["jobs"]["public"]
    assert queries.access_own_job_by_id(world["viewers"]["owner"], public.pk) == public
    for key in ("member", "staff", "anonymous"):
        with pytest.raises(NotFound):
            queries.access_own_job_by_id(world["viewers"][key], public.pk)


@pytest.mark.parametrize("viewer_key", ["anonymous", "member", "invited", "owner", "staff"])
def test_search_shows_only_open_posts_the_viewer_may_see(world, viewer_key):
    jobs, total = queries.search_jobs(world["viewers"][viewer_key])
    expected = {world["jobs"][key].pk for key, who in VISIBILITY_MATRIX.items() if viewer_key in who} - {
        world["jobs"]["draft"].pk
    }
    assert {job.pk for job in jobs} == expected
    assert total == len(expected)


def test_search_lists_each_post_once_whatever_its_invitations():
    job = JobFactory(visibility=JobVisibility.PUBLIC)
    viewer = FreelancerFactory()
    InvitationFactory(job=job, freelancer=viewer)
    InvitationFactory(job=job)
    jobs, total = queries.search_jobs(viewer)
    assert ([j.pk for j in jobs], total) == ([job.pk], 1)


# --- client name and summary -------------------------------------------------------------------


def test_client_name_is_hidden_until_invited_or_interviewed():
    job = JobFactory()
    stranger, invited, interviewed = FreelancerFactory(), FreelancerFactory(), FreelancerFactory()
    InvitationFactory(job=job, freelancer=invited)
    ConversationFactory(job=job, freelancer=interviewed)
    ConversationFactory(freelancer=stranger)  # a conversation about another job does not count

    assert queries.client_name_visible(job.client, job)
    assert queries.client_name_visible(UserFactory(is_staff=True), job)
    assert queries.client_name_visible(invited, job)
    assert queries.client_name_visible(interviewed, job)
    assert not queries.client_name_visible(stranger, job)
    assert not queries.client_name_visible(AnonymousUser(), job)


def test_client_views_give_the_name_only_where_visible():
    client = ClientFactory(first_name="Ada", last_name="Lovelace")
    shown, hidden = JobFactory(client=client), JobFactory(client=client)
    viewer = FreelancerFactory()
    InvitationFactory(job=shown, freelancer=viewer)

    views = queries.client_views(viewer, [shown, hidden])

    assert views[shown.pk].name == "Ada L."
    assert views[shown.pk].label == "Ada L."
    assert views[hidden.pk].name is None
    assert views[hidden.pk].label == "Client"


def test_client_summary_counts_opened_posts_and_hires():
    profile = ClientProfileFactory(location="Porto, Portugal")
    client = profile.user
    job = JobFactory(client=client)
    JobFactory(client=client, status=JobStatus.CLOSED)
    JobFactory(client=client, status=JobStatus.DRAFT, opened_at=None)  # never posted
    ContractFactory(client=client)
    ContractFactory(client=client)
    ContractFactory()  # someone else's hire

    summary = queries.client_summary(queries.access_job_by_id(client, job.pk))

    assert (summary.location, summary.jobs_posted, summary.hires) == ("Porto, Portugal", 2, 2)
    assert summary.member_since == client.date_joined
    assert summary.label == "Client in Porto, Portugal"


def test_client_summary_without_a_profile_says_client():
    job = JobFactory()
    summary = queries.client_summary(job)
    assert (summary.location, summary.label, summary.hires) == ("", "Client", 0)


# --- search: ranking and filters ---------------------------------------------------------------


def _ids(jobs: list[Any]) -> list[int]:
    return [job.pk for job in jobs]


def test_search_ranks_title_matches_above_description_matches():
    now = clock.now()
    in_description = JobFactory(
        title="Help with our online shop",
        description="We sell handmade soap and need a Django developer to fix checkout. " + LONG_TEXT,
        opened_at=now,
    )
    in_title = JobFactory(
        title="Django developer for a booking site",
        description="Bookings for a small hotel, with payments and e-mails. " + LONG_TEXT,
        opened_at=now - dt.timedelta(days=3),
    )
    JobFactory(title="Logo design for a bakery", description="A warm, friendly logo. " + LONG_TEXT)

    jobs, total = queries.search_jobs(AnonymousUser(), q="django developer")

    assert _ids(jobs) == [in_title.pk, in_description.pk]
    assert total == 2


def test_search_needs_every_word():
    both = JobFactory(title="Translate a recipe book", description="From French into English. " + LONG_TEXT)
    JobFactory(title="Translate a legal contract", description="From German into Spanish. " + LONG_TEXT)
    jobs, total = queries.search_jobs(AnonymousUser(), q="translate french")
    assert (_ids(jobs), total) == ([both.pk], 1)


def test_search_without_words_lists_newest_first():
    now = clock.now()
    older = JobFactory(opened_at=now - dt.timedelta(days=2))
    newer = JobFactory(opened_at=now - dt.timedelta(hours=1))
    newest = JobFactory(opened_at=now)
    jobs, _ = queries.search_jobs(AnonymousUser())
    assert _ids(jobs) == [newest.pk, newer.pk, older.pk]


def test_search_ties_go_newest_first():
    now = clock.now()
    old = JobFactory(title="Write blog posts about gardening", opened_at=now - dt.timedelta(days=5))
    new = JobFactory(title="Write blog posts about gardening", opened_at=now)
    jobs, _ = queries.search_jobs(AnonymousUser(), q="gardening")
    assert _ids(jobs) == [new.pk, old.pk]


def test_search_finds_nothing_for_unknown_words():
    JobFactory(title="Build a landing page")
    assert queries.search_jobs(AnonymousUser(), q="xylophone") == ([], 0)


def test_search_filters_narrow_the_results():
    design = CategoryFactory(slug="design", name="Design")
    python, css = SkillFactory(name="Python"), SkillFactory(name="CSS")
    target = JobFactory(
        category=design,
        budget_type=BudgetType.HOURLY,
        budget_min=3_000,
        budget_max=6_000,
        experience_level=ExperienceLevel.EXPERT,
        duration=JobDuration.THREE_TO_SIX,
        skills=[python, css],
    )
    JobFactory(category=design)  # fixed price, no skills
    JobFactory(budget_type=BudgetType.HOURLY, budget_min=3_000, budget_max=6_000)  # other category
    viewer = AnonymousUser()

    assert _ids(queries.search_jobs(viewer, category="design", budget_type="hourly")[0]) == [target.pk]
    assert _ids(queries.search_jobs(viewer, skills=["python", "css"])[0]) == [target.pk]
    assert _ids(queries.search_jobs(viewer, category="design", experience_level="expert")[0]) == [target.pk]
    assert _ids(queries.search_jobs(viewer, category="design", duration="3to6m")[0]) == [target.pk]
    assert queries.search_jobs(viewer, category="design", duration="lt1m")[1] == 1
    assert queries.search_jobs(viewer, category="nothing-here") == ([], 0)


def test_search_budget_filter_matches_overlapping_ranges():
    cheap = JobFactory(budget_min=10_000, budget_max=10_000)
    mid = JobFactory(budget_type=BudgetType.HOURLY, budget_min=2_000, budget_max=8_000)
    dear = JobFactory(budget_min=900_000, budget_max=900_000)
    viewer = AnonymousUser()
    assert set(_ids(queries.search_jobs(viewer, min_budget=5_000, max_budget=20_000)[0])) == {cheap.pk, mid.pk}
    assert set(_ids(queries.search_jobs(viewer, min_budget=100_000)[0])) == {dear.pk}
    assert set(_ids(queries.search_jobs(viewer, max_budget=5_000)[0])) == {mid.pk}


def test_search_pages_through_results():
    now = clock.now()
    jobs = [JobFactory(opened_at=now - dt.timedelta(minutes=i)) for i in range(5)]
    first, total = queries.search_jobs(AnonymousUser(), page=1, size=2)
    third, _ = queries.search_jobs(AnonymousUser(), page=3, size=2)
    beyond, _ = queries.search_jobs(AnonymousUser(), page=9, size=2)
    assert (_ids(first), _ids(third), beyond, total) == ([jobs[0].pk, jobs[1].pk], [jobs[4].pk], [], 5)


@pytest.mark.parametrize(
    "arguments",
    [
        {"q": "x" * 201},
        {"budget_type": "barter"},
        {"experience_level": "guru"},
        {"duration": "forever"},
        {"skills": [f"skill-{i}" for i in range(16)]},
    ],
)
def test_search_refuses_bad_filters(arguments):
    with pytest.raises(InvalidInput):
        queries.search_jobs(AnonymousUser(), **arguments)


def test_search_vector_has_a_gin_index_on_postgresql_only():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'jobs_job_search_gin'")
            assert "USING gin (search_vector)" in cursor.fetchone()[0]
        else:
            names = [row[1] for row in cursor.execute("PRAGMA index_list('jobs_job')").fetchall()]
            assert "jobs_job_search_gin" not in names


def test_search_survives_punctuation_and_stop_words():
    JobFactory(title="Build a landing page")
    assert queries.search_jobs(AnonymousUser(), q='"the" -- !!! (or)')[1] in {0, 1}


@pytest.mark.parametrize("count", [5, 30])
def test_search_query_count_does_not_grow_with_results(django_assert_max_num_queries, count):
    viewer = FreelancerFactory()
    skills = [SkillFactory(), SkillFactory()]
    for i in range(count):
        job = JobFactory(client=ClientProfileFactory().user, skills=skills, title=f"Landing page number {i}")
        if i % 3 == 0:
            InvitationFactory(job=job, freelancer=viewer)
    with django_assert_max_num_queries(7):
        jobs, total = queries.search_jobs(viewer, q="landing", size=50)
        views = queries.client_views(viewer, jobs)
        cards = [
            (job.title, [s.name for s in job.skills.all()], job.category.name, views[job.pk].label) for job in jobs
        ]
    assert total == len(cards) == count


def test_jobs_of_client_lists_own_posts_by_state(client_user):
    draft = JobFactory(client=client_user, status=JobStatus.DRAFT)
    open_job = JobFactory(client=client_user)
    JobFactory()  # someone else's
    assert set(queries.jobs_of_client(client_user)) == {draft, open_job}
    assert list(queries.jobs_of_client(client_user, JobStatus.DRAFT)) == [draft]
    assert list(queries.jobs_of_client(AnonymousUser())) == []
    counts = queries.count_jobs_of_client_by_status(client_user)
    assert counts == {"draft": 1, "submitted": 0, "open": 1, "refused": 0, "closed": 0}
    with pytest.raises(InvalidInput):
        queries.jobs_of_client(client_user, "lost")


def test_skills_and_categories_are_looked_up_by_slug():
    python = SkillFactory(name="Python")
    design = CategoryFactory(slug="design")
    assert queries.skills_by_slugs(["python", "python"]) == [python]
    assert queries.category_by_slug("design") == design
    with pytest.raises(InvalidInput, match="Unknown skills: cobol"):
        queries.skills_by_slugs(["python", "cobol"])
    with pytest.raises(InvalidInput):
        queries.category_by_slug("nope")
