"""The contracts JSON API: each endpoint works for its party and answers 404 to anyone else."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts import actions
from workfair.contracts.models import Contract, NdaAcceptance, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import ContractStatus, MilestoneStatus, OfferStatus
from workfair.contracts.tests.factories import fixed_offer, proposal_for, started_contract
from workfair.core import clock

pytestmark = pytest.mark.django_db

BASE = "/api/v1/contracts"


def browser(user: Any) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


def post(user: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return browser(user).post(f"{BASE}{path}", data=json.dumps(body or {}), content_type="application/json")


def get(user: Any, path: str) -> Any:
    return browser(user).get(f"{BASE}{path}")


def test_make_read_and_accept_an_offer(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    due = (clock.today() + dt.timedelta(days=10)).isoformat()
    created = post(
        client_user,
        "/offers",
        {
            "proposal_id": proposal.pk,
            "title": "Landing page",
            "contract_type": "fixed",
            "milestones": [
                {"title": "Design", "amount": 15_000, "due_date": due},
                {"title": "Build", "amount": 25_000},
            ],
        },
    )
    assert created.status_code == 201, created.content
    offer = created.json()
    assert (offer["status"], offer["currency"], offer["freelancer_id"]) == ("pending", "USD", proposal.freelancer_id)
    assert [(m["title"], m["amount"], m["due_date"]) for m in offer["milestones"]] == [
        ("Design", 15_000, due),
        ("Build", 25_000, None),
    ]
    nda = get(proposal.freelancer, "/nda").json()
    assert nda["version"] == "1.0"
    assert get(proposal.freelancer, "/offers").json()["count"] == 1
    assert get(client_user, "/offers?role=sent").json()["count"] == 1
    accepted = post(proposal.freelancer, f"/offers/{offer['id']}/accept", {"nda_version_id": nda["id"]})
    assert accepted.status_code == 201, accepted.content
    contract = accepted.json()
    assert (contract["status"], contract["offer_id"]) == ("active", offer["id"])
    assert [m["status"] for m in contract["milestones"]] == ["pending", "pending"]
    assert NdaAcceptance.objects.get(contract_id=contract["id"]).nda_version.version == "1.0"
    assert get(client_user, f"/offers/{offer['id']}").json()["contract_id"] == contract["id"]


def test_offer_refusals_are_clear_json_errors(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    bad = post(
        client_user,
        "/offers",
        {
            "proposal_id": proposal.pk,
            "title": "T",
            "contract_type": "hourly",
            "hourly_rate": 50,
            "weekly_limit_hours": 10,
        },
    )
    assert bad.status_code == 400
    assert "at least 100" in bad.json()["detail"]
    assert (
        post(
            ClientFactory(), "/offers", {"proposal_id": proposal.pk, "title": "T", "contract_type": "fixed"}
        ).status_code
        == 404
    )
    assert not Offer.objects.exists()


@pytest.mark.parametrize("close", ["withdraw", "decline", "expire"])
def test_accepting_a_closed_offer_is_409(client_user: Any, close: str) -> None:
    offer = fixed_offer(proposal_for(client_user))
    if close == "withdraw":
        assert post(client_user, f"/offers/{offer.pk}/withdraw").json()["status"] == "withdrawn"
    elif close == "decline":
        assert post(offer.freelancer, f"/offers/{offer.pk}/decline", {"reason": "no"}).json()["status"] == "declined"
    else:
        Offer.objects.filter(pk=offer.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))
        actions.do_expire_offers()
    response = post(offer.freelancer, f"/offers/{offer.pk}/accept", {"nda_version_id": current_nda().pk})
    assert response.status_code == 409
    assert {"withdraw": "withdrawn", "decline": "declined", "expire": "expired"}[close] in response.json()["detail"]
    assert not Contract.objects.exists()


def test_wrong_nda_version_is_409(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    response = post(offer.freelancer, f"/offers/{offer.pk}/accept", {"nda_version_id": current_nda().pk + 1})
    assert response.status_code == 409
    assert "read it again" in response.json()["detail"]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/offers/{offer}", None),
        ("post", "/offers/{offer}/accept", "nda"),
        ("post", "/offers/{offer}/decline", {"reason": "x"}),
        ("post", "/offers/{offer}/withdraw", None),
    ],
)
def test_strangers_get_404_on_every_offer_endpoint(client_user: Any, method: str, path: str, body: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    payload = {"nda_version_id": current_nda().pk} if body == "nda" else body
    for stranger in (ClientFactory(), FreelancerFactory()):
        url = path.format(offer=offer.pk)
        response = get(stranger, url) if method == "get" else post(stranger, url, payload)
        assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/{contract}", None),
        ("post", "/{contract}/pause", None),
        ("post", "/{contract}/resume", None),
        ("post", "/{contract}/end", {"note": "bye"}),
        ("post", "/milestones/{milestone}/submit", None),
        ("post", "/milestones/{milestone}/approve", None),
        ("post", "/milestones/{milestone}/request-changes", {"note": "more"}),
    ],
)
def test_strangers_get_404_on_every_contract_endpoint(method: str, path: str, body: Any) -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    for stranger in (ClientFactory(), FreelancerFactory()):
        url = path.format(contract=contract.pk, milestone=milestone.pk)
        response = get(stranger, url) if method == "get" else post(stranger, url, body)
        assert response.status_code == 404
    contract.refresh_from_db()
    milestone.refresh_from_db()
    assert (contract.status, milestone.status) == (ContractStatus.ACTIVE, MilestoneStatus.PENDING)


def test_contract_actions_through_the_api() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    assert post(contract.freelancer, f"/{contract.pk}/pause").status_code == 403
    assert post(contract.client, f"/{contract.pk}/pause").json()["status"] == "paused"
    assert post(contract.client, f"/{contract.pk}/resume").json()["status"] == "active"
    assert post(contract.freelancer, f"/milestones/{milestone.pk}/submit").status_code == 409
    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    assert (
        post(contract.freelancer, f"/milestones/{milestone.pk}/submit", {"note": "done"}).json()["status"]
        == "submitted"
    )
    changes = post(contract.client, f"/milestones/{milestone.pk}/request-changes", {"note": "again"}).json()
    assert changes["status"] == "changes_requested"
    post(contract.freelancer, f"/milestones/{milestone.pk}/submit")
    assert post(contract.client, f"/milestones/{milestone.pk}/approve").json()["status"] == "approved"
    ended = post(
        contract.freelancer, f"/{contract.pk}/end", {"reason": "completed", "note": "Great work together"}
    ).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "completed")


def test_lists_have_constant_queries(django_assert_max_num_queries: Any) -> None:
    client = ClientFactory()
    for _ in range(2):
        started_contract(proposal_for(client))
    signed_in = browser(client)
    with django_assert_max_num_queries(8):
        small = signed_in.get(f"{BASE}/")
    for _ in range(6):
        started_contract(proposal_for(client))
    for _ in range(4):
        fixed_offer(proposal_for(client))
    with django_assert_max_num_queries(8):
        large = signed_in.get(f"{BASE}/")
    with django_assert_max_num_queries(8):
        offers = signed_in.get(f"{BASE}/offers?role=sent")
    assert (small.json()["count"], large.json()["count"], offers.json()["count"]) == (2, 8, 12)
    assert get(FreelancerFactory(), "/").json()["count"] == 0
