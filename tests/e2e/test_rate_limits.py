"""Rate limits per limit (docs/security.md "Rate limits"): sign-up and password reset (allauth's
limits), and messages, proposals, uploads and reports (`core.ratelimits`, WORKFAIR_RATE_LIMITS).
Each answers 429 with Retry-After and a clear message on the API, a form error on the page, and
writes nothing; the counts live in the shared cache (Redis when configured), so emptying the
cache is what gives the budget back."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from workfair.accounts.models import User
from workfair.accounts.tests.factories import FreelancerFactory
from workfair.jobs.tests.factories import ApiTokenFactory, JobFactory
from workfair.messaging.models import Message, MessageAttachment
from workfair.messaging.tests.factories import ConversationFactory
from workfair.proposals.models import Proposal
from workfair.trust.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits]

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _bearer(user: Any) -> dict[str, str]:
    ApiTokenFactory(user=user, secret=f"secret-for-{user.pk}")
    return {"HTTP_AUTHORIZATION": f"Bearer secret-for-{user.pk}"}


def _post_json(client: Client, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **auth)


def test_messages_are_limited_on_the_api_and_on_the_page(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"message": "2/1m/user"}
    conversation = ConversationFactory()
    auth = _bearer(conversation.client)
    client = Client()
    path = f"{API}/conversations/{conversation.pk}/messages"
    assert [_post_json(client, path, {"body": f"hi {n}"}, auth).status_code for n in range(2)] == [201, 201]
    refused = _post_json(client, path, {"body": "one too many"}, auth)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "too many messages" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert Message.objects.count() == 2

    browser = Client()
    browser.force_login(conversation.client)
    page = browser.post(reverse("messaging:send", args=[conversation.pk]), {"body": "from the page"})
    assert page.status_code == 429
    assert "You have sent too many messages in a short time." in page.content.decode()
    assert Message.objects.count() == 2

    cache.clear()  # the budget is in the shared cache
    assert _post_json(client, path, {"body": "again"}, auth).status_code == 201


def test_the_limit_is_per_person(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"message": "1/1m/user"}
    conversation = ConversationFactory()
    client = Client()
    path = f"{API}/conversations/{conversation.pk}/messages"
    assert _post_json(client, path, {"body": "a"}, _bearer(conversation.client)).status_code == 201
    assert _post_json(client, path, {"body": "b"}, _bearer(conversation.freelancer)).status_code == 201


def test_proposals_are_limited(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"proposal": "1/10m/user"}
    freelancer = cast(User, FreelancerFactory())
    auth = _bearer(freelancer)
    jobs = [JobFactory(status="open"), JobFactory(status="open")]
    client = Client()
    body = {"cover_letter": "I have done this kind of work for years and can start on Monday.", "amount": 40_000}
    assert _post_json(client, f"{API}/proposals/", {**body, "job_id": jobs[0].pk}, auth).status_code == 201
    refused = _post_json(client, f"{API}/proposals/", {**body, "job_id": jobs[1].pk}, auth)
    assert refused.status_code == 429
    assert "too many proposals" in refused.json()["detail"]
    assert "Retry-After" in refused
    assert Proposal.objects.filter(freelancer=freelancer).count() == 1


def test_uploads_count_each_file(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"upload": "2/10m/user"}
    conversation = ConversationFactory()
    browser = Client()
    browser.force_login(conversation.client)
    url = reverse("messaging:send", args=[conversation.pk])

    def files(n: int) -> list[SimpleUploadedFile]:
        return [SimpleUploadedFile(f"notes-{i}.txt", b"plain notes", content_type="text/plain") for i in range(n)]

    assert browser.post(url, {"body": "two files", "attachments": files(2)}).status_code == 302
    refused = browser.post(url, {"body": "one more", "attachments": files(1)})
    assert refused.status_code == 429
    assert "too many files" in refused.content.decode()
    assert MessageAttachment.objects.count() == 2
    assert Message.objects.count() == 1


def test_reports_are_limited(settings: Any) -> None:
    settings.WORKFAIR_RATE_LIMITS = {"report": "2/10m/user"}
    reporter = cast(User, FreelancerFactory())
    auth = _bearer(reporter)
    jobs = [JobFactory(status="open") for _ in range(3)]
    client = Client()

    def report(job: Any) -> Any:
        return _post_json(client, f"{API}/trust/reports", {"target_type": "job", "target_id": job.pk,
                                                             "reason": "spam"}, auth)  # fmt: skip

    assert [report(job).status_code for job in jobs[:2]] == [201, 201]
    refused = report(jobs[2])
    assert refused.status_code == 429
    assert "too many reports" in refused.json()["detail"]
    assert Report.objects.filter(reporter=reporter).count() == 2


def test_signup_is_limited_per_address_on_the_api_and_the_form(settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/1h/ip"}
    client = Client()
    body = {"password": "a-long-and-unusual-passphrase", "first_name": "Jane", "last_name": "Doe",
            "wants_to_hire": False, "wants_to_work": True}  # fmt: skip
    answers = [
        _post_json(client, f"{API}/auth/signup", {**body, "email": f"jane{n}@example.com"}, {}).status_code
        for n in range(3)
    ]
    assert answers == [202, 202, 429]
    assert not User.objects.filter(email="jane2@example.com").exists()
    page = client.post(reverse("account_signup"), {
        "email": "jane3@example.com", "password1": body["password"], "password2": body["password"],
        "first_name": "Jane", "last_name": "Doe", "wants_to_work": "on",
    })  # fmt: skip
    assert page.status_code == 429
    assert "You have sent too many requests. Please try again later." in page.content.decode()
    assert not User.objects.filter(email="jane3@example.com").exists()


def test_password_reset_is_limited_per_address(settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "10/1h/ip,1/1h/key"}
    person = cast(User, FreelancerFactory())
    client = Client()
    first = client.post(reverse("account_reset_password"), {"email": person.email})
    assert first.status_code == 302
    again = client.post(reverse("account_reset_password"), {"email": person.email})
    assert again.status_code == 429
    assert "You have sent too many requests. Please try again later." in again.content.decode()
    assert '<h1 id="error-title">Too many attempts</h1>' in again.content.decode()  # in the site's layout
    assert len(mail.outbox) == 1
