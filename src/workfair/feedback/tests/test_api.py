"""The feedback API and the profiles' review endpoints: the double-blind rule holds there too
(the other side's answer is byte for byte the same before and after a hidden review)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.feedback.models import Review
from workfair.feedback.states import ReviewerRole
from workfair.feedback.tests.factories import ended_paid_contract, leave, review_input
from workfair.profiles.tests.factories import ClientProfileFactory, FreelancerProfileFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/feedback"
PRIVATE_FIELDS = {"work_again", "recommend"}


def browser(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return browser(user).post(f"{BASE}{path}", data=json.dumps(body), content_type="application/json")


def contract_with_profiles() -> Any:
    contract = ended_paid_contract()
    FreelancerProfileFactory(user=contract.freelancer)
    ClientProfileFactory(user=contract.client)
    return contract


def test_leave_a_review_and_read_it_back() -> None:
    contract = contract_with_profiles()
    response = post(contract.client, f"/contracts/{contract.pk}", review_input(ReviewerRole.CLIENT, rating=4))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["role"], body["can_write"], body["theirs"]) == ("client", False, None)
    assert body["mine"]["rating"] == 4
    assert (body["mine"]["work_again"], body["mine"]["recommend"]) == (True, 9)
    assert body["mine"]["revealed_at"] is None
    assert body["criteria"] == ["quality", "communication", "deadlines", "expertise"]


def test_the_other_side_learns_nothing_through_the_api_before_the_reveal() -> None:
    contract = contract_with_profiles()
    viewer = browser(contract.freelancer)
    paths = (
        f"{BASE}/contracts/{contract.pk}",
        f"/api/v1/profiles/freelancers/{contract.freelancer_id}",
        f"/api/v1/profiles/freelancers/{contract.freelancer_id}/reviews",
    )
    before = [viewer.get(path).json() for path in paths]
    review = leave(contract, ReviewerRole.CLIENT, rating=1)
    after = [viewer.get(path).json() for path in paths]
    assert before == after
    assert after[0]["theirs"] is None
    assert after[0]["can_write"] is True
    assert after[1]["rating"] == {"average": None, "count": 0}
    assert viewer.get(f"{BASE}/reviews/{review.pk}").status_code == 404


def test_after_the_reveal_the_api_shows_the_review_without_private_feedback() -> None:
    contract = contract_with_profiles()
    review = leave(contract, ReviewerRole.CLIENT, rating=4, recommend=3)
    leave(contract, ReviewerRole.FREELANCER)
    theirs = browser(contract.freelancer).get(f"{BASE}/contracts/{contract.pk}").json()["theirs"]
    assert theirs["id"] == review.pk
    assert theirs["rating"] == 4
    assert not PRIVATE_FIELDS & set(theirs)
    public = browser().get(f"/api/v1/profiles/freelancers/{contract.freelancer_id}/reviews").json()
    assert public["summary"] == {"average": 4.0, "count": 1}
    assert [item["id"] for item in public["items"]] == [review.pk]
    assert not PRIVATE_FIELDS & set(public["items"][0])
    client_side = browser().get(f"/api/v1/profiles/clients/{contract.client_id}").json()
    assert client_side["rating"] == {"average": 5.0, "count": 1}
    answered = post(contract.freelancer, f"/reviews/{review.pk}/reply", {"text": "Thanks for the kind words."})
    assert answered.status_code == 200
    assert answered.json()["reply"] == "Thanks for the kind words."
    assert post(contract.freelancer, f"/reviews/{review.pk}/reply", {"text": "Again"}).status_code == 409


def test_refusals_are_clear_4xx_and_write_nothing() -> None:
    contract = contract_with_profiles()
    path = f"/contracts/{contract.pk}"
    assert post(contract.client, path, review_input(ReviewerRole.CLIENT, rating=9)).status_code == 400
    assert post(contract.client, path, review_input(ReviewerRole.CLIENT, criteria={"x": 1})).status_code == 400
    assert post(contract.client, path, {"rating": 5}).status_code in (400, 422)
    assert post(ClientFactory(), path, review_input(ReviewerRole.CLIENT)).status_code == 404
    assert browser().post(f"{BASE}{path}", data="{}", content_type="application/json").status_code == 401
    unpaid = ended_paid_contract(paid=False)
    refused = post(unpaid.client, f"/contracts/{unpaid.pk}", review_input(ReviewerRole.CLIENT))
    assert refused.status_code == 403
    assert refused.json()["code"] == "feedback_closed"
    assert Review.objects.count() == 0
    assert post(contract.client, path, review_input(ReviewerRole.CLIENT)).status_code == 201
    duplicate = post(contract.client, path, review_input(ReviewerRole.CLIENT))
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "duplicate_review")


def test_openapi_documents_the_endpoints_and_their_errors() -> None:
    document = browser().get("/api/v1/openapi.json").json()
    operation = document["paths"][f"{BASE}/contracts/{{contract_id}}"]["post"]
    assert {"201", "400", "403", "404", "409"} <= set(operation["responses"])
    assert "/api/v1/profiles/freelancers/{user_id}/reviews" in document["paths"]
    schemas = document["components"]["schemas"]
    assert {"ReviewIn", "ReviewOut", "ReviewOwnOut", "FeedbackStateOut", "ReviewPageOut"} <= set(schemas)
