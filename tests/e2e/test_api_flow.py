"""The marketplace path through the JSON API alone, as two new people would walk it.

A client signs up, verifies the e-mail address and takes a token; posts a job that opens at once.
A freelancer signs up the same way, finds the job by searching, sends a proposal. The client reads
the proposals, opens the conversation (the interview) and writes; the freelancer answers. The
client adds a sandbox card (an offer needs a verified payment method) and makes an offer; the
freelancer reads the current NDA and accepts it with its version; both see the active contract,
and the NDA acceptance is on record with its version and time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from workfair.contracts.models import NdaAcceptance
from workfair.core import clock
from workfair.core.models import AuditLogEntry
from workfair.jobs.tests.factories import CategoryFactory
from workfair.skills.actions import do_ensure_skills

pytestmark = pytest.mark.django_db

START = dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.UTC)
PASSWORD = "a-long-and-Unusual-passphrase-42"
CONFIRMATION_KEY = re.compile(r"/accounts/confirm-email/([^/\s]+)/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def publish_nda_if_flushed() -> None:
    """Make sure NDA 1.0 is published. Its row comes from a data migration, and a transactional
    test that ran earlier on the same test worker may have flushed it."""
    from importlib import import_module

    from django.utils import timezone

    from workfair.contracts.models import NdaVersion

    migration = import_module("workfair.contracts.migrations.0003_nda_version_1_0")
    NdaVersion.objects.get_or_create(
        version="1.0", defaults={"text": migration.NDA_1_0, "published_at": timezone.now()}
    )


class Person:
    """One person talking to the API with their own client and bearer token."""

    def __init__(self) -> None:
        self.http = Client()
        self.token = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        send = getattr(self.http, method)
        if method == "get":
            return send(path, **headers)
        return send(path, body or {}, content_type="application/json", **headers)


def when(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def sign_up_and_log_in(
    person: Person, on_commit: Any, *, email: str, first: str, last: str, hire: bool, work: bool
) -> int:
    """Sign up, verify with the key from the e-mail, take a token; returns the new user's id.
    `on_commit` is pytest-django's `django_capture_on_commit_callbacks`: the e-mail leaves after commit."""
    with on_commit(execute=True):
        signed_up = person.call(
            "post",
            "/api/v1/auth/signup",
            {
                "email": email,
                "password": PASSWORD,
                "first_name": first,
                "last_name": last,
                "wants_to_hire": hire,
                "wants_to_work": work,
            },
        )
    assert signed_up.status_code == 202, signed_up.content
    assert signed_up.json() == {  # the same for a taken address: no account id here
        "email": email,
        "verification_sent": True,
        "detail": "We sent you an e-mail. Follow it to verify your address, then log in.",
    }

    refused = person.call("post", "/api/v1/auth/token", {"email": email, "password": PASSWORD})
    assert refused.status_code == 403
    assert refused.json()["code"] == "unverified"

    letters = [message for message in mail.outbox if message.to == [email]]
    assert len(letters) == 1
    key = CONFIRMATION_KEY.search(str(letters[0].body)).group(1)  # type: ignore[union-attr]
    verified = person.call("post", "/api/v1/auth/verify-email", {"key": key})
    assert verified.status_code == 200
    assert verified.json() == {"email": email, "verified": True}

    token = person.call("post", "/api/v1/auth/token", {"email": email, "password": PASSWORD, "name": "e2e"})
    assert token.status_code == 201
    assert token.json()["name"] == "e2e"
    assert token.json()["token"].startswith("wf_")
    person.token = token.json()["token"]

    me = person.call("get", "/api/v1/auth/me")
    assert me.status_code == 200
    user_id = int(me.json()["id"])
    assert {key: me.json()[key] for key in ("email", "public_name", "is_client", "is_freelancer")} == {
        "email": email,
        "public_name": f"{first} {last[0]}.",
        "is_client": hire,
        "is_freelancer": work,
    }
    return user_id


def test_client_and_freelancer_go_from_sign_up_to_an_active_contract_through_the_api(
    django_capture_on_commit_callbacks: Any,
) -> None:
    on_commit = django_capture_on_commit_callbacks
    publish_nda_if_flushed()
    CategoryFactory(name="Web Development", slug="web-development")
    do_ensure_skills(["Django", "PostgreSQL"])
    client, freelancer = Person(), Person()

    with clock.frozen_at(START):
        client_id = sign_up_and_log_in(
            client, on_commit, email="carmen@example.com", first="Carmen", last="Ortega", hire=True, work=False
        )

        # The client posts a job; it is submitted and opens at once.
        posted = client.call(
            "post",
            "/api/v1/jobs/",
            {
                "title": "Lighthouse booking platform in Django",
                "description": "We run boat tours to a lighthouse and need online booking with a calendar, "
                "payments and reminders. Tell us how you would build it.",
                "category": "web-development",
                "skills": ["django", "postgresql"],
                "budget_type": "hourly",
                "budget_min": 4000,
                "budget_max": 6000,
                "currency": "USD",
                "duration": "1to3m",
                "experience_level": "expert",
                "visibility": "public",
                "submit": True,
            },
        )
        assert posted.status_code == 201, posted.content
        job = posted.json()
        job_id = job["id"]
        assert {key: job[key] for key in ("title", "status", "budget_type", "budget_min", "budget_max")} == {
            "title": "Lighthouse booking platform in Django",
            "status": "open",
            "budget_type": "hourly",
            "budget_min": 4000,
            "budget_max": 6000,
        }
        assert job["category"] == {"slug": "web-development", "name": "Web Development"}
        assert [skill["slug"] for skill in job["skills"]] == ["django", "postgresql"]
        assert when(job["opened_at"]) == START
        assert when(job["expires_at"]) == START + dt.timedelta(days=30)
        credits = job["proposal_credits"]
        assert 1 <= credits <= 16

    with clock.frozen_at(START + dt.timedelta(hours=1)):
        freelancer_id = sign_up_and_log_in(
            freelancer, on_commit, email="tomas@example.com", first="Tomás", last="Rivera", hire=False, work=True
        )

        # The freelancer finds the job by searching; the client's name stays hidden.
        found = freelancer.call("get", "/api/v1/jobs/?q=lighthouse")
        assert found.status_code == 200
        assert found.json()["total"] == 1
        assert [item["id"] for item in found.json()["items"]] == [job_id]
        assert found.json()["items"][0]["client"]["name"] is None
        nothing = freelancer.call("get", "/api/v1/jobs/?q=submarine")
        assert nothing.json()["total"] == 0

        sent = freelancer.call(
            "post",
            "/api/v1/proposals/",
            {
                "job_id": job_id,
                "cover_letter": "I have built three booking systems in Django with payments and reminders; "
                "I would start with the calendar and show you a first version within a week.",
                "amount": 5500,
                "estimated_duration": "1to3m",
            },
        )
        assert sent.status_code == 201, sent.content
        proposal = sent.json()
        proposal_id = proposal["id"]
        assert {key: value for key, value in proposal.items() if key not in {"id", "created_at", "cover_letter"}} == {
            "job_id": job_id,
            "job_title": "Lighthouse booking platform in Django",
            "freelancer_id": freelancer_id,
            "freelancer_name": "Tomás R.",
            "invitation_id": None,
            "amount": 5500,
            "currency": "USD",
            "estimated_duration": "1to3m",
            "status": "submitted",
            "credits_spent": credits,
            "decline_reason": "",
            "attachments": [],
            "held": False,
            "held_reason": "",
        }
        balance = freelancer.call("get", "/api/v1/proposals/credits").json()
        assert balance["balance"] == balance["monthly_quota"] - credits

        # Freelancers cannot read the job's proposal list.
        assert freelancer.call("get", f"/api/v1/proposals/jobs/{job_id}").status_code == 404

    with clock.frozen_at(START + dt.timedelta(hours=2)):
        # The client reads the proposals and opens the conversation with the applicant.
        listed = client.call("get", f"/api/v1/proposals/jobs/{job_id}")
        assert listed.status_code == 200
        assert listed.json()["count"] == 1
        assert [item["id"] for item in listed.json()["items"]] == [proposal_id]

        opened = client.call("post", f"/api/v1/proposals/{proposal_id}/message")
        assert opened.status_code == 200
        conversation_id = opened.json()["conversation_id"]
        hello = client.call(
            "post",
            f"/api/v1/conversations/{conversation_id}/messages",
            {"body": "Hello Tomás, could you start next week?"},
        )
        assert hello.status_code == 201
        assert {key: hello.json()[key] for key in ("sender_id", "mine", "body", "status")} == {
            "sender_id": client_id,
            "mine": True,
            "body": "Hello Tomás, could you start next week?",
            "status": "delivered",
        }

    with clock.frozen_at(START + dt.timedelta(hours=3)):
        # Now that the client interviewed, the freelancer sees the client's name on the job.
        seen = freelancer.call("get", f"/api/v1/jobs/{job_id}")
        assert seen.json()["client"]["name"] == "Carmen O."

        inbox = freelancer.call("get", "/api/v1/conversations/")
        assert inbox.status_code == 200
        assert [(item["id"], item["unread_count"], item["other"]) for item in inbox.json()["items"]] == [
            (conversation_id, 1, {"id": client_id, "name": "Carmen O."})
        ]
        reply = freelancer.call(
            "post",
            f"/api/v1/conversations/{conversation_id}/messages",
            {"body": "Yes, Monday works. I will send a plan before then."},
        )
        assert reply.status_code == 201
        messages = client.call("get", f"/api/v1/conversations/{conversation_id}/messages")
        assert [(item["sender_id"], item["body"], item["mine"]) for item in messages.json()["items"]] == [
            (client_id, "Hello Tomás, could you start next week?", True),
            (freelancer_id, "Yes, Monday works. I will send a plan before then.", False),
        ]

    with clock.frozen_at(START + dt.timedelta(hours=4)):
        # An offer needs a verified payment method: the client adds a sandbox card first.
        unverified = client.call(
            "post",
            "/api/v1/contracts/offers",
            {
                "proposal_id": proposal_id,
                "title": "x",
                "contract_type": "hourly",
                "hourly_rate": 5500,
                "weekly_limit_hours": 20,
            },
        )
        assert unverified.status_code == 403
        assert unverified.json()["code"] == "payment_method_required"
        card = client.call(
            "post",
            "/api/v1/payments/methods",
            {"card_number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
        assert card.status_code == 201, card.content
        assert (card.json()["status"], card.json()["last4"]) == ("verified", "4242")
        assert client.call("get", "/api/v1/payments/methods").json()["payment_verified"] is True

        # The client makes an hourly offer on the proposal.
        made = client.call(
            "post",
            "/api/v1/contracts/offers",
            {
                "proposal_id": proposal_id,
                "title": "Lighthouse booking platform",
                "description": "Calendar, payments and reminders, as discussed.",
                "contract_type": "hourly",
                "hourly_rate": 5500,
                "weekly_limit_hours": 20,
            },
        )
        assert made.status_code == 201, made.content
        offer = made.json()
        offer_id = offer["id"]
        assert {key: value for key, value in offer.items() if key not in {"id", "created_at", "expires_at"}} == {
            "client_id": client_id,
            "client_name": "Carmen O.",
            "freelancer_id": freelancer_id,
            "freelancer_name": "Tomás R.",
            "job_id": job_id,
            "proposal_id": proposal_id,
            "title": "Lighthouse booking platform",
            "description": "Calendar, payments and reminders, as discussed.",
            "contract_type": "hourly",
            "currency": "USD",
            "hourly_rate": 5500,
            "weekly_limit_hours": 20,
            "manual_time_allowed": False,
            "status": "pending",
            "responded_at": None,
            "decline_reason": "",
            "contract_id": None,
            "milestones": [],
        }
        assert when(offer["expires_at"]) == START + dt.timedelta(hours=4, days=14)

    accepted_at = START + dt.timedelta(hours=5)
    with clock.frozen_at(accepted_at):
        # The freelancer reads the current NDA and accepts the offer with that version.
        received = freelancer.call("get", "/api/v1/contracts/offers?role=received")
        assert [(item["id"], item["status"]) for item in received.json()["items"]] == [(offer_id, "pending")]
        nda = freelancer.call("get", "/api/v1/contracts/nda")
        assert nda.status_code == 200
        nda_id, nda_version = nda.json()["id"], nda.json()["version"]
        assert nda.json()["text"]

        outdated = freelancer.call("post", f"/api/v1/contracts/offers/{offer_id}/accept", {"nda_version_id": 0})
        assert outdated.status_code == 409
        assert outdated.json()["code"] == "nda_outdated"
        # The client cannot accept on the freelancer's behalf.
        assert (
            client.call("post", f"/api/v1/contracts/offers/{offer_id}/accept", {"nda_version_id": nda_id}).status_code
            == 403
        )

        accepted = freelancer.call("post", f"/api/v1/contracts/offers/{offer_id}/accept", {"nda_version_id": nda_id})
        assert accepted.status_code == 201, accepted.content
        contract = accepted.json()
        contract_id = contract["id"]
        assert contract == {
            "id": contract_id,
            "offer_id": offer_id,
            "client_id": client_id,
            "client_name": "Carmen O.",
            "freelancer_id": freelancer_id,
            "freelancer_name": "Tomás R.",
            "job_id": job_id,
            "title": "Lighthouse booking platform",
            "contract_type": "hourly",
            "currency": "USD",
            "hourly_rate": 5500,
            "weekly_limit_hours": 20,
            "manual_time_allowed": False,
            "status": "active",
            "end_reason": "",
            "end_note": "",
            "started_at": contract["started_at"],
            "ended_at": None,
            "milestones": [],
        }
        assert when(contract["started_at"]) == accepted_at

        again = freelancer.call("post", f"/api/v1/contracts/offers/{offer_id}/accept", {"nda_version_id": nda_id})
        assert again.status_code == 409

    # Both people see the same active contract; the proposal is hired and the offer accepted.
    for person in (client, freelancer):
        seen_contract = person.call("get", f"/api/v1/contracts/{contract_id}")
        assert seen_contract.status_code == 200
        assert seen_contract.json() == contract
        active = person.call("get", "/api/v1/contracts/?status=active")
        assert [item["id"] for item in active.json()["items"]] == [contract_id]
    assert freelancer.call("get", f"/api/v1/proposals/{proposal_id}").json()["status"] == "hired"
    assert client.call("get", f"/api/v1/contracts/offers/{offer_id}").json()["contract_id"] == contract_id

    # A stranger sees nothing of it.
    stranger = Person()
    with clock.frozen_at(START + dt.timedelta(hours=6)):
        sign_up_and_log_in(
            stranger, on_commit, email="eve@example.com", first="Eve", last="Stone", hire=True, work=True
        )
    assert stranger.call("get", f"/api/v1/contracts/{contract_id}").status_code == 404
    assert stranger.call("get", f"/api/v1/conversations/{conversation_id}").status_code == 404
    assert stranger.call("get", f"/api/v1/proposals/{proposal_id}").status_code == 404

    # The NDA acceptance is on record with its version and time, and in the audit log.
    acceptance = NdaAcceptance.objects.get(contract_id=contract_id)
    assert (acceptance.user_id, acceptance.nda_version_id, acceptance.accepted_at) == (
        freelancer_id,
        nda_id,
        accepted_at,
    )
    started = AuditLogEntry.objects.get(action="contract.start", target_id=str(contract_id))
    assert started.actor_id == freelancer_id
    assert started.data == {"offer": offer_id, "nda_version": nda_version, "nda_accepted_at": accepted_at.isoformat()}
