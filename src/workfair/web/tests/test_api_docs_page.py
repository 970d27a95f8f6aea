"""The API docs page works with no internet: Swagger UI comes from our own static files."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_the_api_docs_page_loads_swagger_from_our_static_files(client: Any) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui.css" in page
    assert "cdn.jsdelivr.net" not in page
    assert "unpkg.com" not in page
