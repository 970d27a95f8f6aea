"""A page number too large for the database gets an (empty) page, not a server error."""

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/jobs/", "/jobs/", "/freelancers/"])
def test_a_huge_page_number_is_answered_not_a_500(path):
    response = Client().get(path, {"page": "9223372036854775808"})
    assert response.status_code < 500
