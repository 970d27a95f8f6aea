"""Schemathesis over every operation of /api/v1/: no 5xx and every answer as the document says.

Each operation gets a bounded number of generated requests (valid and invalid), each sent once
with a client's token and once with a freelancer's, through the app in-process (WSGI). A request
fails the test when the server answers 5xx, or answers with a status code, content type or body
the OpenAPI document does not publish for that operation. docs/security.md has the figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from config.api import api
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.tests.factories import ApiTokenFactory, CategoryFactory, JobFactory
from workfair.profiles.tests.factories import FreelancerProfileFactory
from workfair.proposals.tests.factories import ProposalFactory

# Examples per operation (each sent with two tokens): 93 operations x 2 x this many requests at most.
MAX_EXAMPLES = int(os.environ.get("WORKFAIR_FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _in_process_app(settings: Any) -> Iterator[None]:
    # Django's test client keeps the test's connection open across requests; so must this WSGI app
    # (the test's transaction would otherwise be closed at the end of the first request).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    # sign-up and log-in are fuzzed too: a fast hasher keeps the run about input, not PBKDF2
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens() -> dict[str, str]:
    """A small marketplace: a client with a job, a freelancer with a profile and a proposal on it."""
    client = ClientFactory()
    freelancer = FreelancerFactory()
    FreelancerProfileFactory(user=freelancer)
    CategoryFactory(slug="web", name="Web")
    job = JobFactory(client=client)
    ProposalFactory(job=job, freelancer=freelancer)
    ApiTokenFactory(user=client, secret="fuzz-client-token")
    ApiTokenFactory(user=freelancer, secret="fuzz-freelancer-token")
    return {"client": "fuzz-client-token", "freelancer": "fuzz-freelancer-token"}


# The document /api/v1/openapi.json serves (built without a request: collection has no database).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    # no shrinking: a failure is reported as found, which keeps a failing run as bounded as a passing one
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
def test_every_operation_answers_as_documented_without_server_errors(case: Any, tokens: dict[str, str]) -> None:
    for token in tokens.values():
        # a savepoint per request, as each real request has its own transaction: on PostgreSQL a
        # refused statement must not abort the test's transaction for the requests after it
        with transaction.atomic():
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


def test_the_fuzzer_covers_every_operation_of_the_document():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    published = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), "an operation Schemathesis cannot read"
    fuzzed = {(result.ok().method.upper(), result.ok().path) for result in results if isinstance(result, Ok)}
    assert fuzzed == published
    assert len(published) >= 90
