"""An oversized API body gets JSON 413, not Django's HTML error page (issue 10, item 10)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024


def test_an_oversized_json_body_gets_json_413() -> None:
    body = json.dumps({"email": "a@example.com", "password": "x" * (3 * 1024 * 1024)})
    response = Client().post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is too large: at most 2 MB.", "code": "request_too_large"}


def test_an_oversized_form_field_gets_json_413() -> None:
    response = Client().post(TOKEN_URL, {"email": "a@example.com", "password": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_normal_api_body_still_reaches_the_endpoint() -> None:
    response = Client().post(
        TOKEN_URL, {"email": "nobody@example.com", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code in (400, 401)
    assert response["Content-Type"].startswith("application/json")
