"""The feedback pages: the section of an ended contract's page, the form's errors, the profiles.
Before the reveal, the other side's pages answer exactly as if nothing had been written: same
words, same number of queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.tests.factories import started_contract
from workfair.feedback.models import Review
from workfair.feedback.states import ReviewerRole
from workfair.feedback.tests.factories import ended_paid_contract, leave
from workfair.profiles.tests.factories import ClientProfileFactory, FreelancerProfileFactory

pytestmark = pytest.mark.django_db


def ended_contract_with_profiles() -> Any:
    """An ended contract with money paid between two people with public profiles."""
    contract = ended_paid_contract()
    FreelancerProfileFactory(user=contract.freelancer)
    ClientProfileFactory(user=contract.client)
    return contract


CLIENT_TEXT = "Clear, friendly and on time."
FREELANCER_TEXT = "Paid promptly, clear brief."


def browser(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def contract_page(user: Any, contract: Any) -> Any:
    return browser(user).get(reverse("contracts:detail", args=[contract.pk]))


def freelancer_profile(viewer: Any, contract: Any) -> Any:
    return browser(viewer).get(reverse("profiles:freelancer_detail", args=[contract.freelancer_id]))


def _stable(html: str) -> str:
    """The page without what differs on every render anyway (CSRF tokens, CSP nonces)."""
    html = re.sub(r'(csrfmiddlewaretoken" value=|csrf-token" content=|"X-CSRFToken": )"[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def form_data(role: str, **overrides: Any) -> dict[str, Any]:
    data = {"rating": "5", "text": CLIENT_TEXT, "work_again": "yes", "recommend": "9"}
    keys = ("quality", "communication", "deadlines", "expertise")
    if role == ReviewerRole.FREELANCER:
        keys = ("clarity", "communication", "responsiveness")
        data["text"] = FREELANCER_TEXT
    data.update({f"criterion_{key}": "4" for key in keys})
    return {**data, **overrides}


def test_ended_contract_page_offers_the_form_to_both_sides_and_an_active_one_does_not() -> None:
    contract = ended_contract_with_profiles()
    for person in (contract.client, contract.freelancer):
        page = contract_page(person, contract).content.decode()
        assert 'id="feedback"' in page
        assert reverse("feedback:leave", args=[contract.pk]) in page
        assert "Leave feedback" in page
        assert "Private feedback to Workfair" in page
    active = started_contract()
    assert 'id="feedback"' not in contract_page(active.client, active).content.decode()


def test_leave_feedback_through_the_page() -> None:
    contract = ended_contract_with_profiles()
    response = browser(contract.client).post(
        reverse("feedback:leave", args=[contract.pk]), form_data(ReviewerRole.CLIENT)
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.author, review.rating, review.criteria["quality"], review.work_again) == (
        contract.client,
        5,
        4,
        True,
    )
    page = contract_page(contract.client, contract).content.decode()
    assert CLIENT_TEXT in page
    assert "Your feedback stays hidden" in page
    assert "Leave feedback</button>" not in page


def test_bad_input_gets_form_errors_and_writes_nothing() -> None:
    contract = ended_contract_with_profiles()
    url = reverse("feedback:leave", args=[contract.pk])
    for bad in ({"rating": "9"}, {"criterion_quality": ""}, {"text": ""}, {"recommend": "eleven"}, {"work_again": ""}):
        response = browser(contract.client).post(url, form_data(ReviewerRole.CLIENT, **bad))
        assert response.status_code == 400, bad
        assert "errorlist" in response.content.decode()
    assert Review.objects.count() == 0
    assert browser(ClientFactory()).get(url).status_code == 404
    assert browser(ClientFactory()).post(url, form_data(ReviewerRole.CLIENT)).status_code == 404
    unpaid = ended_paid_contract(paid=False)
    response = browser(unpaid.client).post(reverse("feedback:leave", args=[unpaid.pk]), form_data(ReviewerRole.CLIENT))
    assert response.status_code == 403
    assert "money paid" in response.content.decode()


def test_nothing_of_a_hidden_review_reaches_the_other_sides_pages() -> None:
    contract = ended_contract_with_profiles()
    stranger = ClientFactory()

    def pages() -> tuple[str, str, str, str]:
        return (
            contract_page(contract.freelancer, contract).content.decode(),
            freelancer_profile(contract.freelancer, contract).content.decode(),
            freelancer_profile(stranger, contract).content.decode(),
            freelancer_profile(None, contract).content.decode(),
        )

    before = pages()
    leave(contract, ReviewerRole.CLIENT, rating=1, text="Never delivered the second part of it.")
    after = pages()
    for page_before, page_after in zip(before, after, strict=True):
        assert "Never delivered" not in page_after
        assert _stable(page_before) == _stable(page_after)  # word for word the same page


def test_the_other_sides_pages_run_the_same_queries_before_and_after_a_hidden_review() -> None:
    contract = ended_contract_with_profiles()
    browser_of_freelancer = browser(contract.freelancer)
    url = reverse("contracts:detail", args=[contract.pk])
    profile_url = reverse("profiles:freelancer_detail", args=[contract.freelancer_id])
    browser_of_freelancer.get(url)  # warm caches (session, site)

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert browser_of_freelancer.get(path).status_code == 200
        return len(ctx.captured_queries)

    before = (count(url), count(profile_url))
    leave(contract, ReviewerRole.CLIENT)
    assert (count(url), count(profile_url)) == before


def test_after_both_wrote_each_sees_the_other_and_profiles_count_it() -> None:
    contract = ended_contract_with_profiles()
    leave(contract, ReviewerRole.CLIENT, rating=4)
    leave(contract, ReviewerRole.FREELANCER)
    page = contract_page(contract.freelancer, contract).content.decode()
    assert CLIENT_TEXT in page
    assert FREELANCER_TEXT in page
    assert "Publish the answer" in page
    profile = freelancer_profile(None, contract).content.decode()
    assert "from 1 review" in profile
    assert CLIENT_TEXT in profile
    assert "Report this review" not in profile  # visitors cannot report
    assert "Report this review" in freelancer_profile(ClientFactory(), contract).content.decode()
    client_profile = browser().get(reverse("profiles:client_detail", args=[contract.client_id])).content.decode()
    assert FREELANCER_TEXT in client_profile
    assert "from 1 review" in client_profile


def test_the_reviewee_answers_through_the_page_once() -> None:
    contract = ended_contract_with_profiles()
    about_freelancer = leave(contract, ReviewerRole.CLIENT)
    leave(contract, ReviewerRole.FREELANCER)
    url = reverse("feedback:reply", args=[about_freelancer.pk])
    assert browser(contract.freelancer).post(url, {"text": ""}).status_code == 400
    assert browser(contract.freelancer).post(url, {"text": "Thank you!"}).status_code == 302
    assert browser(contract.freelancer).post(url, {"text": "Again"}).status_code == 409
    assert browser(contract.client).post(url, {"text": "Me"}).status_code == 403
    assert "Thank you!" in freelancer_profile(None, contract).content.decode()
