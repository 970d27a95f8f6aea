"""Bad input gets a clear 4xx or a form error, never a server error (issue 10, item 5).

Each case here answered 500 before: on PostgreSQL (a NUL character, a budget past the integer
column) or on SQLite (an id too large to bind)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from config.api import api
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.models import Job
from workfair.jobs.tests.factories import ApiTokenFactory, CategoryFactory, JobFactory
from workfair.profiles.models import FreelancerProfile
from workfair.profiles.tests.factories import FreelancerProfileFactory

pytestmark = pytest.mark.django_db

HUGE_PAGE = "9223372036854775808"  # 2**63: past a bigint
HUGE_ID = "12625343946701145820068915944882176"
NUL_QUERY = "a\x00b"


def bearer(user: Any) -> dict[str, str]:
    ApiTokenFactory(user=user, secret=f"token-for-{user.pk}")
    return {"HTTP_AUTHORIZATION": f"Bearer token-for-{user.pk}"}


def error_code(response: Any) -> str:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return str(response.json()["code"])


# --- numeric filters, bounded to what the database holds


def test_a_budget_filter_past_the_integer_column_is_a_400_on_the_api():
    response = Client().get("/api/v1/jobs/", {"min_budget": "2147483648"})
    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert Client().get("/api/v1/jobs/", {"max_budget": "2147483647"}).status_code == 200


def test_a_budget_filter_past_the_integer_column_is_a_form_error_on_the_search_page():
    JobFactory()
    response = Client().get("/jobs/", {"min_budget": "21474837"})  # x100 minor units: past 2**31
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["A budget filter goes from 0 to 2147483647 (in minor units)."]
    assert response.context["results"] == []


def paginated_api_lists() -> list[str]:
    """Every GET operation of the API with a `page` parameter and no path parameter."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        path
        for path, item in document["paths"].items()
        if "get" in item
        and "{" not in path
        and any(parameter["name"] == "page" for parameter in item["get"].get("parameters", []))
    )


def test_the_paginated_api_lists_are_found():
    assert {"/api/v1/jobs/", "/api/v1/profiles/freelancers", "/api/v1/contracts/", "/api/v1/notifications/"} <= set(
        paginated_api_lists()
    )


@pytest.mark.parametrize("path", paginated_api_lists())
@pytest.mark.parametrize("role", ["client", "freelancer"])
def test_a_huge_page_number_is_not_a_server_error_on_any_api_list(path, role):
    user = ClientFactory() if role == "client" else FreelancerFactory()
    response = Client().get(path, {"page": HUGE_PAGE}, **bearer(user))
    assert response.status_code in (200, 403, 422), response.content[:300]
    if response.status_code == 200:
        assert response.json()["items"] == []


def test_my_jobs_past_the_last_page_is_refused_before_the_database():
    client = ClientFactory()
    response = Client().get("/api/v1/jobs/mine", {"page": "99999999999999"}, **bearer(client))
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/jobs/", "/freelancers/", "/messages/", "/notifications/"])
def test_a_huge_page_number_is_not_a_server_error_on_any_page(path):
    browser = Client()
    browser.force_login(FreelancerFactory())
    assert browser.get(path, {"page": HUGE_PAGE}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/profiles/clients/{HUGE_ID}",
        f"/api/v1/profiles/freelancers/{HUGE_ID}",
        f"/api/v1/jobs/{HUGE_ID}",
        f"/api/v1/contracts/{HUGE_ID}",
        f"/api/v1/conversations/{HUGE_ID}",
    ],
)
def test_an_id_too_large_for_the_database_is_a_4xx(path):
    response = Client().get(path, **bearer(ClientFactory()))
    assert response.status_code in (400, 404)
    assert error_code(response) in ("out_of_range", "not_found")


@pytest.mark.parametrize("path", ["/api/v1/jobs/null,null", "/api/v1/jobs/%C3%AB%0A%C3%BF", "/api/v1/nothing/here"])
def test_a_path_that_names_no_operation_is_a_json_404(path):
    response = Client().get(path, **bearer(ClientFactory()))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_path_that_exists_with_a_trailing_slash_is_still_sent_there():
    assert Client().get("/api/v1/jobs").headers["Location"] == "/api/v1/jobs/"


def test_a_session_post_to_no_operation_is_a_json_404_not_the_csrf_page():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ClientFactory())
    response = browser.post("/api/v1/jobs/null,null/close", {"reason": "hired"}, content_type="application/json")
    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_a_body_that_is_not_json_is_a_400_with_a_code():
    response = Client().post("/api/v1/auth/token", "WEBP", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body", "code": "invalid"}


# --- NUL characters: refused once, for every text input of the API; Django's forms refuse them


@pytest.mark.parametrize("path", ["/api/v1/jobs/", "/api/v1/profiles/freelancers"])
def test_a_nul_character_in_a_search_is_a_400_on_the_api(path):
    response = Client().get(path, {"q": NUL_QUERY})
    assert response.status_code == 400
    assert error_code(response) == "nul_character"


@pytest.mark.parametrize("path", ["/jobs/", "/freelancers/"])
def test_a_nul_character_in_a_search_is_a_form_error_on_the_pages(path):
    response = Client().get(path, {"q": NUL_QUERY})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_a_nul_character_in_a_job_title_is_refused_and_nothing_is_posted():
    client = ClientFactory()
    payload = {
        "title": "Build a landing page\x00 for our launch",
        "description": "We need a responsive landing page for our product launch, with a signup form.",
        "category": CategoryFactory(slug="web", name="Web").slug,
        "skills": [],
        "budget_type": "fixed",
        "budget_min": 50_000,
        "budget_max": 50_000,
        "currency": "USD",
        "duration": "lt1m",
        "experience_level": "intermediate",
        "visibility": "public",
    }
    response = Client().post("/api/v1/jobs/", payload, content_type="application/json", **bearer(client))
    assert response.status_code == 400
    assert response.json() == {"detail": "Text may not contain NUL characters (U+0000).", "code": "nul_character"}
    assert not Job.objects.filter(client=client).exists()


def test_a_nul_character_in_profile_text_is_refused_and_nothing_changes():
    freelancer = FreelancerFactory()
    FreelancerProfileFactory(user=freelancer, overview="Before")
    response = Client().patch(
        "/api/v1/profiles/me",
        {"freelancer": {"overview": "After\x00"}},
        content_type="application/json",
        **bearer(freelancer),
    )
    assert response.status_code == 400
    assert error_code(response) == "nul_character"
    assert FreelancerProfile.objects.get(user=freelancer).overview == "Before"


def test_a_nul_character_in_a_name_is_refused_and_nothing_changes():
    user = FreelancerFactory(first_name="Fred")
    response = Client().patch(
        "/api/v1/auth/me", {"first_name": "Fr\x00ed"}, content_type="application/json", **bearer(user)
    )
    assert response.status_code == 400
    assert error_code(response) == "nul_character"
    user.refresh_from_db()
    assert user.first_name == "Fred"


def test_a_nul_character_in_a_form_field_or_a_field_name_is_refused():
    user = FreelancerFactory()
    headers = bearer(user)
    assert Client().get("/api/v1/jobs/", {"q\x00": "x"}).status_code == 400
    response = Client().post(
        "/api/v1/auth/signup",
        {"email": "nul@example.com", "password": "x" * 12, "first_name": "A", "last_name": "B\x00"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400


def test_a_nul_character_in_a_job_title_is_a_form_error_on_the_page():
    client = ClientFactory()
    browser = Client()
    browser.force_login(client)
    response = browser.post("/jobs/new/", {"title": "Landing\x00 page", "description": "x"})
    assert response.status_code in (200, 400)
    assert "Null characters are not allowed." in response.content.decode()
    assert not Job.objects.filter(client=client).exists()
