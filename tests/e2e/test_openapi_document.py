"""The OpenAPI document at /api/v1/openapi.json: one name per schema, and the 4xx answers of every
operation documented with the error body (issue 10, item 9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from ninja import Router, Schema

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core.api_errors import SchemaNameClash, WorkfairNinjaAPI

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture
def document() -> dict[str, Any]:
    """The document as served."""
    return dict(Client().get("/api/v1/openapi.json").json())


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in document["paths"].items() for method, op in item.items()]


def test_schemas_that_shared_a_name_are_published_apart(document):
    schemas = document["components"]["schemas"]
    # phone and identity verification each had a StatusOut; jobs and profiles a ClientOut;
    # messaging and proposals a ConversationOut: one replaced the other in the document.
    assert "phone_verified" not in schemas["PhoneStatusOut"]["properties"]
    assert "phone_verified" in schemas["VerificationStatusOut"]["properties"]
    assert set(schemas["JobClientOut"]["properties"]) == {"name", "summary"}
    assert "company_name" in schemas["ClientProfileOut"]["properties"]
    assert set(schemas["ProposalConversationOut"]["properties"]) == {"conversation_id"}
    assert "unread_count" in schemas["ConversationOut"]["properties"]
    for clashing in ("StatusOut", "ClientOut", "StartIn", "SkillOut", "AttachmentOut"):
        assert clashing not in schemas


def test_the_phone_status_answer_matches_its_published_schema(document):
    published = document["paths"]["/api/v1/identity/phone"]["get"]["responses"]["200"]
    ref = published["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    browser = Client()
    browser.force_login(FreelancerFactory())
    body = browser.get("/api/v1/identity/phone").json()
    assert set(document["components"]["schemas"][ref]["required"]) <= set(body)


def test_two_different_schemas_under_one_name_are_refused_when_the_document_is_built():
    first, second = Router(), Router()

    class ThingOut(Schema):
        a: int

    @first.get("/a", response=ThingOut)
    def a(request: Any) -> Any:
        return {"a": 1}

    class ThingOut(Schema):  # type: ignore[no-redef]
        b: str

    @second.get("/b", response=list[ThingOut])
    def b(request: Any) -> Any:
        return []

    api = WorkfairNinjaAPI(urls_namespace="clash-test")
    api.add_router("/first", first)
    api.add_router("/second", second)
    with pytest.raises(SchemaNameClash, match="ThingOut"):
        api.get_openapi_schema(path_prefix="/")


def test_every_operation_documents_its_4xx_answers_with_the_error_body(document):
    assert set(document["components"]["schemas"]["ErrorOut"]["required"]) == {"detail", "code"}
    for method, path, op in operations(document):
        responses = op["responses"]
        expected = {"400", "403", "404", "429"}
        if op.get("security"):
            expected.add("401")
        if method in ("post", "put", "patch", "delete"):
            expected.add("409")
        if op.get("parameters") or op.get("requestBody"):
            expected.add("422")
        assert expected <= set(responses), (method, path, sorted(responses))
        for status in expected:
            schema = responses[status].get("content", {}).get("application/json", {}).get("schema", {})
            assert schema.get("$ref") == ERROR_REF or status == "402", (method, path, status)


def test_an_operation_open_to_everyone_does_not_claim_a_401(document):
    categories = document["paths"]["/api/v1/jobs/categories"]["get"]
    assert "security" not in categories
    assert "401" not in categories["responses"]
    assert "422" not in categories["responses"]  # it takes no input
