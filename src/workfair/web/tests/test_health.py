import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_page_renders_for_anonymous_visitor() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert b"Workfair" in response.content


@pytest.mark.django_db
def test_openapi_document_is_served() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Workfair API"
