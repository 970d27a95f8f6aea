"""The phone API at /api/v1/identity/phone: status, start, resend, confirm; refusals as JSON 4xx;
a provider failure as a 4xx/503, never a 500; and, through the jobs and proposals API, posting
and bidding refused until the phone is verified."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.identity.models import PhoneChallenge
from workfair.identity.phone import actions as phone
from workfair.identity.phone.providers import PhoneProvider, SendFailed, clear_console_outbox, console_outbox
from workfair.identity.states import ChallengeStatus
from workfair.jobs.tests.factories import ApiTokenFactory, CategoryFactory, JobFactory
from workfair.proposals.models import Proposal
from workfair.proposals.tests.factories import COVER_LETTER

pytestmark = pytest.mark.django_db

BASE = "/api/v1/identity/phone"
MOBILE = "+44 7400 123456"
MASKED = "+44 •••• ••34 56"
T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _console_provider(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}
    clear_console_outbox()


class Api:
    """A bearer-token API client for one user."""

    def __init__(self, user: Any) -> None:
        ApiTokenFactory(user=user, secret=f"token-for-{user.pk}")
        self.client = Client(headers={"Authorization": f"Bearer token-for-{user.pk}"})

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(path, json.dumps(body or {}), content_type="application/json")


def start(api: Api, capture: Any, **body: Any) -> Any:
    with capture(execute=True):
        return api.post(BASE, {"number": MOBILE, "channel": "sms", **body})


def test_needs_authentication() -> None:
    assert Client().get(BASE).status_code == 401
    response = Client().post(BASE, json.dumps({"number": MOBILE}), content_type="application/json")
    assert response.status_code == 401
    assert not PhoneChallenge.objects.exists()


def test_status_start_confirm(django_capture_on_commit_callbacks: Any) -> None:
    api = Api(FreelancerFactory())
    assert api.get(BASE).json() == {"verified": False, "number": None, "verified_at": None, "pending": None}
    with clock.frozen_at(T0):
        started = start(api, django_capture_on_commit_callbacks)
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["number"], body["channel"], body["attempts_left"], body["sends_left"]) == (MASKED, "sms", 5, 2)
    assert body["expires_at"].startswith("2030-03-04T09:10:00")
    assert body["resend_available_at"].startswith("2030-03-04T09:01:00")
    with clock.frozen_at(T0 + dt.timedelta(minutes=1)):
        assert api.get(BASE).json()["pending"]["challenge_id"] == body["challenge_id"]
        code = console_outbox()[0].code
        confirmed = api.post(f"{BASE}/confirm", {"code": code})
    assert confirmed.status_code == 200, confirmed.content
    status = confirmed.json()
    assert (status["verified"], status["number"], status["pending"]) == (True, MASKED, None)
    assert status["verified_at"].startswith("2030-03-04T09:01:00")


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"number": "12345"}, 400, "That is not a valid phone number"),
        ({"number": "+44 56 1234 5678"}, 400, "Internet (VoIP) numbers can't be used"),
        ({"number": "07400 123456", "region": "ZZ"}, 400, "Unknown country"),
        ({"number": MOBILE, "channel": "fax"}, 422, "Invalid request."),
        ({"number": "1" * 41}, 422, "Invalid request."),
    ],
)
def test_refused_numbers_are_json_4xx(body: dict[str, Any], status: int, detail: str) -> None:
    response = Api(FreelancerFactory()).post(BASE, body)
    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert not PhoneChallenge.objects.exists()


def test_a_national_number_with_its_region(django_capture_on_commit_callbacks: Any) -> None:
    api = Api(FreelancerFactory())
    response = start(api, django_capture_on_commit_callbacks, number="07400 123456", region="GB")
    assert response.status_code == 201
    assert PhoneChallenge.objects.get().e164 == "+447400123456"


def test_number_in_use_is_a_409(django_capture_on_commit_callbacks: Any) -> None:
    owner = Api(ClientFactory())
    start(owner, django_capture_on_commit_callbacks)
    owner.post(f"{BASE}/confirm", {"code": console_outbox()[0].code})
    response = Api(FreelancerFactory()).post(BASE, {"number": MOBILE})
    assert response.status_code == 409
    assert response.json() == {"detail": phone.IN_USE, "code": "number_in_use"}


def test_resend_too_soon_is_a_429_then_a_call(django_capture_on_commit_callbacks: Any) -> None:
    api = Api(FreelancerFactory())
    with clock.frozen_at(T0):
        start(api, django_capture_on_commit_callbacks)
    with clock.frozen_at(T0 + dt.timedelta(seconds=30)):
        too_soon = api.post(f"{BASE}/resend")
    assert too_soon.status_code == 429
    assert too_soon.json() == {"detail": "Wait 30 seconds before asking for the code again.", "code": "resend_too_soon"}
    with clock.frozen_at(T0 + dt.timedelta(seconds=60)), django_capture_on_commit_callbacks(execute=True):
        call = api.post(f"{BASE}/resend", {"channel": "voice"})
    assert call.status_code == 200, call.content
    with clock.frozen_at(T0 + dt.timedelta(seconds=120)), django_capture_on_commit_callbacks(execute=True):
        bare = api.client.post(f"{BASE}/resend", "", content_type="application/json")  # no body: same channel
    assert (bare.status_code, bare.json()["channel"], bare.json()["sends_left"]) == (200, "voice", 0)
    assert (call.json()["channel"], call.json()["sends_left"]) == ("voice", 1)


def test_wrong_code_says_how_many_attempts_are_left() -> None:
    user = FreelancerFactory()
    api = Api(user)
    api.post(BASE, {"number": MOBILE})
    challenge = PhoneChallenge.objects.get()
    challenge.code_hash = phone.hash_code("11111")
    challenge.save()
    wrong = api.post(f"{BASE}/confirm", {"code": "22222"})
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "That code is not right. You have 4 attempts left.", "code": "wrong_code"}
    assert api.post(f"{BASE}/confirm", {"code": "11111", "challenge_id": challenge.pk}).json()["verified"] is True
    other = Api(ClientFactory()).post(f"{BASE}/confirm", {"code": "11111", "challenge_id": challenge.pk})
    assert other.status_code == 404


def test_confirm_without_a_code_sent_is_a_400() -> None:
    response = Api(FreelancerFactory()).post(f"{BASE}/confirm", {"code": "12345"})
    assert response.status_code == 400
    assert response.json()["code"] == "no_code"


@pytest.mark.django_db(transaction=True)
def test_a_provider_failure_is_a_clear_refusal_not_a_500(monkeypatch: Any) -> None:
    """With real commits (no test transaction around the request), as in production: the send
    runs after commit inside the request, its failure cancels the code and answers the caller."""

    class Down(PhoneProvider):
        def send_code(self, e164: str, code: str, channel: str) -> str:
            raise SendFailed("We couldn't send the code right now. Please try again in a few minutes.")

    monkeypatch.setattr(phone, "get_provider", Down)
    response = Api(FreelancerFactory()).post(BASE, {"number": MOBILE})
    assert response.status_code == 503
    assert response.json() == {
        "detail": "We couldn't send the code right now. Please try again in a few minutes.",
        "code": "send_failed",
    }
    assert PhoneChallenge.objects.get().status == ChallengeStatus.CANCELLED


# --- the requirement, through the jobs and proposals API ----------------------------------------


def job_payload() -> dict[str, Any]:
    return {
        "title": "Build a landing page for our launch",
        "description": "We need a responsive landing page for our product launch, with a signup form and analytics.",
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


def verify(api: Api, capture: Any) -> None:
    start(api, capture)
    assert api.post(f"{BASE}/confirm", {"code": console_outbox()[0].code}).json()["verified"] is True


@pytest.mark.phone_required
def test_api_posting_and_bidding_need_a_verified_phone(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": ["post_job", "bid"]}
    hirer = Api(ClientFactory())
    refused = hirer.post("/api/v1/jobs/", job_payload())
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Verify your phone number before you post a job: /account/phone/",
        "code": "capability_refused",
    }
    verify(hirer, django_capture_on_commit_callbacks)
    assert hirer.post("/api/v1/jobs/", job_payload()).status_code == 201

    job: Any = JobFactory(proposal_credits=4)
    freelancer = Api(FreelancerFactory())
    bid = {"job_id": job.pk, "cover_letter": COVER_LETTER, "amount": 25_000}
    refused = freelancer.post("/api/v1/proposals/", bid)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Verify your phone number before you send a proposal: /account/phone/"
    assert not Proposal.objects.exists()
    clear_console_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        freelancer.post(BASE, {"number": "+44 7911 123456"})
    freelancer.post(f"{BASE}/confirm", {"code": console_outbox()[0].code})
    assert freelancer.post("/api/v1/proposals/", bid).status_code == 201
