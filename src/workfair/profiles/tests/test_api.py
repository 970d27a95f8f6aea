"""The profiles API: search without N+1, your own profiles, and PATCH /me."""

from __future__ import annotations

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts.models import Contract
from workfair.jobs.states import JobStatus
from workfair.jobs.tests.factories import JobFactory
from workfair.profiles.queries import access_client_profile, hiring_history
from workfair.profiles.states import Visibility
from workfair.profiles.tests.factories import ClientProfileFactory, ContractFactory, FreelancerProfileFactory
from workfair.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_search_matches_keywords_and_skill_slug_and_pages(client) -> None:  # type: ignore[no-untyped-def]
    python = SkillFactory(name="Python", slug="python")
    rust = SkillFactory(name="Rust", slug="rust")
    a = FreelancerProfileFactory(title="Backend engineer", skills=[python])
    b = FreelancerProfileFactory(title="Systems programmer", skills=[rust])
    FreelancerProfileFactory(title="Illustrator")

    by_word = client.get("/api/v1/profiles/freelancers?q=python").json()
    by_skill = client.get("/api/v1/profiles/freelancers?skill=rust").json()
    page_two = client.get("/api/v1/profiles/freelancers?size=2&page=2").json()

    assert [i["user_id"] for i in by_word["items"]] == [a.user_id]
    assert [i["user_id"] for i in by_skill["items"]] == [b.user_id]
    assert by_skill["items"][0]["skills"] == [{"name": "Rust", "slug": "rust"}]
    assert (page_two["total"], page_two["page"], page_two["size"], len(page_two["items"])) == (3, 2, 2, 1)


def test_freelancer_list_has_a_fixed_query_count(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    skills = [SkillFactory(), SkillFactory()]
    for _ in range(12):
        FreelancerProfileFactory(skills=skills, visibility=Visibility.PRIVATE)
    client.force_login(ClientFactory())

    with django_assert_max_num_queries(6):
        api = client.get("/api/v1/profiles/freelancers")
    with django_assert_max_num_queries(9):
        page = client.get("/freelancers/")

    assert api.status_code == page.status_code == 200
    assert api.json()["total"] == 0  # private profiles, unrelated viewer


def test_freelancer_list_page_queries_do_not_grow_with_results(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    skills = [SkillFactory(), SkillFactory()]
    for _ in range(15):
        FreelancerProfileFactory(skills=skills)

    with django_assert_max_num_queries(6):
        api = client.get("/api/v1/profiles/freelancers?size=15")
    with django_assert_max_num_queries(8):
        page = client.get("/freelancers/")

    assert len(api.json()["items"]) == 15
    assert page.content.decode().count('class="card profile-card"') == 15


def test_client_hiring_history_counts_posted_jobs_and_hires(client) -> None:  # type: ignore[no-untyped-def]
    profile = ClientProfileFactory()
    JobFactory(client=profile.user)
    JobFactory(client=profile.user, status=JobStatus.DRAFT)  # never posted
    JobFactory()  # someone else's
    ContractFactory(offer__client=profile.user)
    ContractFactory(offer__client=profile.user)

    body = client.get(f"/api/v1/profiles/clients/{profile.user_id}").json()
    history = hiring_history(access_client_profile(None, profile.user_id))
    page = client.get(f"/clients/{profile.user_id}/").content.decode()

    assert (body["jobs_posted"], body["hires"]) == (1, 2)
    assert (history.jobs_posted, history.hires) == (1, 2)
    assert Contract.objects.count() == 2
    assert "Hiring history" in page


def test_get_me_returns_the_profiles_of_my_roles(client) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(visibility=Visibility.PRIVATE)
    client.force_login(profile.user)

    body = client.get("/api/v1/profiles/me").json()

    assert body["client"] is None
    assert body["freelancer"]["user_id"] == profile.user_id
    assert body["freelancer"]["visibility"] == "private"


def test_get_me_needs_authentication(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/profiles/me").status_code == 401
    assert client.patch("/api/v1/profiles/me", {}, content_type="application/json").status_code == 401


def test_patch_me_updates_fields_visibility_and_skills_by_slug(client) -> None:  # type: ignore[no-untyped-def]
    SkillFactory(name="Go", slug="go")
    profile = FreelancerProfileFactory(title="Old")
    client.force_login(profile.user)

    response = client.patch(
        "/api/v1/profiles/me",
        {"freelancer": {"title": "New", "hourly_rate": 9000, "visibility": "private", "skills": ["go"]}},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()["freelancer"]
    assert (body["title"], body["hourly_rate"], body["visibility"]) == ("New", 9000, "private")
    assert body["skills"] == [{"name": "Go", "slug": "go"}]


@pytest.mark.parametrize(
    "payload",
    [
        {"freelancer": {"title": "New", "skills": ["no-such-skill"]}},
        {"freelancer": {"title": "New", "visibility": "everyone"}},
        {"freelancer": {"title": "New", "currency": "dollars"}},
        {"freelancer": {"title": None}},
        {"freelancer": {"title": "New"}, "client": {"company_name": "X"}},  # not a client: all or nothing
    ],
)
def test_patch_me_refuses_bad_input_and_changes_nothing(client, payload) -> None:  # type: ignore[no-untyped-def]
    profile = FreelancerProfileFactory(title="Old")
    client.force_login(profile.user)

    response = client.patch("/api/v1/profiles/me", payload, content_type="application/json")

    assert response.status_code in {400, 404, 422}
    profile.refresh_from_db()
    assert profile.title == "Old"
    assert profile.visibility == Visibility.PUBLIC


def test_patch_me_changes_only_my_own_profile(client) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = FreelancerProfileFactory(title="Mine"), FreelancerProfileFactory(title="Theirs")
    client.force_login(mine.user)

    client.patch("/api/v1/profiles/me", {"freelancer": {"title": "Changed"}}, content_type="application/json")

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.title, theirs.title) == ("Changed", "Theirs")


def test_a_bearer_token_sees_what_its_owner_sees(client) -> None:  # type: ignore[no-untyped-def]
    from workfair.accounts.actions import do_create_api_token

    member = FreelancerFactory()
    _token, secret = do_create_api_token(member, "script")
    hidden = FreelancerProfileFactory(visibility=Visibility.MEMBERS)

    anonymous = client.get(f"/api/v1/profiles/freelancers/{hidden.user_id}")
    with_token = client.get(f"/api/v1/profiles/freelancers/{hidden.user_id}", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert anonymous.status_code == 404
    assert with_token.status_code == 200
