"""The proposals JSON API: each endpoint works for its owner and answers 404 to anyone else."""

from __future__ import annotations

import json
from typing import Any

import pytest

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.jobs.tests.factories import JobFactory
from workfair.proposals.models import Invitation, Proposal
from workfair.proposals.states import InvitationStatus, ProposalStatus
from workfair.proposals.tests.conftest import logged_in
from workfair.proposals.tests.factories import COVER_LETTER, InvitationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/proposals"


def post(user: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return logged_in(user).post(f"{BASE}{path}", data=json.dumps(body or {}), content_type="application/json")


def get(user: Any, path: str) -> Any:
    return logged_in(user).get(f"{BASE}{path}")


def test_submit_and_read_my_proposals(freelancer_user: Any, job: Any) -> None:
    response = post(freelancer_user, "/", {"job_id": job.pk, "cover_letter": COVER_LETTER, "amount": 25_000})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["job_id"], body["status"], body["credits_spent"], body["amount"]) == (job.pk, "submitted", 4, 25_000)
    mine = get(freelancer_user, "/").json()
    assert mine["count"] == 1
    assert [p["id"] for p in mine["items"]] == [body["id"]]
    assert get(freelancer_user, "/credits").json() == {"balance": 76, "monthly_quota": 80}


def test_submit_refusals_are_clear_json_errors(freelancer_user: Any, job: Any) -> None:
    short = post(freelancer_user, "/", {"job_id": job.pk, "cover_letter": "hi", "amount": 25_000})
    assert short.status_code == 400
    assert "at least 50" in short.json()["detail"]
    post(freelancer_user, "/", {"job_id": job.pk, "cover_letter": COVER_LETTER, "amount": 25_000})
    again = post(freelancer_user, "/", {"job_id": job.pk, "cover_letter": COVER_LETTER, "amount": 25_000})
    assert again.status_code == 409
    missing = post(freelancer_user, "/", {"job_id": 99999, "cover_letter": COVER_LETTER, "amount": 25_000})
    assert missing.status_code == 404
    assert Proposal.objects.count() == 1


def test_unauthenticated_requests_are_refused(job: Any) -> None:
    from django.test import Client

    assert Client().get(f"{BASE}/").status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/{id}", None),
        ("post", "/{id}/withdraw", None),
        ("post", "/{id}/decline", {"reason": "no"}),
        ("post", "/{id}/shortlist", None),
        ("post", "/{id}/unshortlist", None),
        ("post", "/{id}/message", None),
    ],
)
def test_strangers_get_404_on_every_proposal_endpoint(method: str, path: str, body: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job, status=ProposalStatus.SHORTLISTED)
    for stranger in (FreelancerFactory(), ClientFactory()):
        url = path.format(id=proposal.pk)
        response = get(stranger, url) if method == "get" else post(stranger, url, body)
        assert response.status_code == 404, (stranger, url)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SHORTLISTED


def test_client_actions_through_the_api(client_user: Any, job: Any) -> None:
    proposal = ProposalFactory(job=job)
    assert post(client_user, f"/{proposal.pk}/shortlist").json()["status"] == "shortlisted"
    assert post(client_user, f"/{proposal.pk}/unshortlist").json()["status"] == "submitted"
    conversation_id = post(client_user, f"/{proposal.pk}/message").json()["conversation_id"]
    assert isinstance(conversation_id, int)
    declined = post(client_user, f"/{proposal.pk}/decline", {"reason": "Budget"}).json()
    assert (declined["status"], declined["decline_reason"]) == ("declined", "Budget")
    assert post(client_user, f"/{proposal.pk}/shortlist").status_code == 409


def test_the_freelancer_cannot_act_as_the_client(job: Any) -> None:
    proposal = ProposalFactory(job=job)
    assert post(proposal.freelancer, f"/{proposal.pk}/shortlist").status_code == 403
    assert post(proposal.freelancer, f"/{proposal.pk}/message").status_code == 403
    assert post(proposal.freelancer, f"/{proposal.pk}/withdraw").json()["status"] == "withdrawn"


def test_job_list_is_the_clients_only_and_has_constant_queries(
    client_user: Any, job: Any, django_assert_max_num_queries: Any
) -> None:
    browser = logged_in(client_user)
    for _ in range(3):
        ProposalFactory(job=job)
    # (+2: the proposals the trust engine hid are left out)
    with django_assert_max_num_queries(10):
        small = browser.get(f"{BASE}/jobs/{job.pk}")
    for _ in range(10):
        ProposalFactory(job=job)
    with django_assert_max_num_queries(10):
        large = browser.get(f"{BASE}/jobs/{job.pk}")
    assert small.json()["count"] == 3
    assert large.json()["count"] == 13
    assert get(FreelancerFactory(), f"/jobs/{job.pk}").status_code == 404
    assert get(ClientFactory(), f"/jobs/{job.pk}").status_code == 404


def test_my_list_has_constant_queries(freelancer_user: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(12):
        ProposalFactory(freelancer=freelancer_user)
    browser = logged_in(freelancer_user)
    with django_assert_max_num_queries(8):
        response = browser.get(f"{BASE}/?size=100")
    assert len(response.json()["items"]) == 12


def test_invitations_through_the_api(client_user: Any, freelancer_user: Any, job: Any) -> None:
    created = post(
        client_user, "/invitations", {"job_id": job.pk, "freelancer_id": freelancer_user.pk, "message": "Hi"}
    )
    assert created.status_code == 201, created.content
    invitation_id = created.json()["id"]
    assert post(client_user, "/invitations", {"job_id": job.pk, "freelancer_id": freelancer_user.pk}).status_code == 409
    listed = get(freelancer_user, "/invitations").json()
    assert [i["id"] for i in listed["items"]] == [invitation_id]
    assert get(client_user, "/invitations").json()["count"] == 0
    assert post(FreelancerFactory(), f"/invitations/{invitation_id}/decline").status_code == 404
    declined = post(freelancer_user, f"/invitations/{invitation_id}/decline", {"reason": "busy"})
    assert declined.json()["status"] == "declined"


def test_inviting_to_someone_elses_job_is_404(freelancer_user: Any) -> None:
    other_job = JobFactory()
    response = post(ClientFactory(), "/invitations", {"job_id": other_job.pk, "freelancer_id": freelancer_user.pk})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_invited_proposal_through_the_api_is_free(client_user: Any, freelancer_user: Any, job: Any) -> None:
    invitation = InvitationFactory(job=job, freelancer=freelancer_user)
    body = post(freelancer_user, "/", {"job_id": job.pk, "cover_letter": COVER_LETTER, "amount": 100}).json()
    assert body["credits_spent"] == 0
    assert body["invitation_id"] == invitation.pk
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
