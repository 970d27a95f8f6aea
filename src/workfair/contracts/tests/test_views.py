"""The offer and contract pages: forms that work, buttons per role, 404 for anyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts import actions
from workfair.contracts.models import Contract, NdaAcceptance, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import ContractStatus, OfferStatus
from workfair.contracts.tests.factories import fixed_offer, proposal_for, started_contract
from workfair.core import clock

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    signed_in = Client()
    signed_in.force_login(user)
    return signed_in


def test_offer_form_makes_a_fixed_offer_with_milestone_rows(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    signed_in = browser(client_user)
    page = signed_in.get(f"/offers/new/?proposal={proposal.pk}")
    assert page.status_code == 200
    assert page.content.decode().count('name="milestone_title_') == 3
    grown = signed_in.post(
        "/offers/new/", {"proposal": proposal.pk, "rows": "3", "add_milestone": "1", "milestone_title_1": "Design"}
    )
    assert grown.status_code == 200
    assert grown.content.decode().count('name="milestone_title_') == 4
    assert 'value="Design"' in grown.content.decode()
    due = (clock.today() + dt.timedelta(days=5)).isoformat()
    sent = signed_in.post(
        "/offers/new/",
        {
            "proposal": proposal.pk,
            "rows": "4",
            "title": "Landing page",
            "contract_type": "fixed",
            "milestone_title_1": "Design",
            "milestone_amount_1": "150.00",
            "milestone_due_1": due,
            "milestone_title_3": "Build",
            "milestone_amount_3": "250",
        },
    )
    offer = Offer.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/offers/{offer.pk}/"
    assert list(offer.milestones.values_list("title", "amount")) == [("Design", 15_000), ("Build", 25_000)]


def test_offer_form_shows_refusals_and_creates_nothing(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    refused = browser(client_user).post(
        "/offers/new/",
        {
            "proposal": proposal.pk,
            "title": "Hourly",
            "contract_type": "hourly",
            "hourly_rate": "0.50",
            "weekly_limit_hours": "10",
        },
    )
    assert refused.status_code == 400
    assert "at least 100" in refused.content.decode()
    assert not Offer.objects.exists()


def test_offer_form_is_for_the_jobs_client_only(client_user: Any) -> None:
    proposal = proposal_for(client_user)
    assert browser(ClientFactory()).get(f"/offers/new/?proposal={proposal.pk}").status_code == 404
    assert browser(proposal.freelancer).get(f"/offers/new/?proposal={proposal.pk}").status_code == 403
    assert browser(client_user).get("/offers/new/").status_code == 400


def test_freelancer_reads_the_nda_and_accepts_with_the_checkbox(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    signed_in = browser(offer.freelancer)
    page = signed_in.get(f"/offers/{offer.pk}/").content.decode()
    assert "I accept the NDA v1.0" in page
    assert "Platform NDA, version 1.0" in page
    assert "Withdraw the offer" not in page
    nda = current_nda()
    unticked = signed_in.post(f"/offers/{offer.pk}/accept/", {"nda_version_id": nda.pk})
    assert unticked.status_code == 400
    assert not Contract.objects.exists()
    accepted = signed_in.post(f"/offers/{offer.pk}/accept/", {"nda_version_id": nda.pk, "accept_nda": "on"})
    contract = Contract.objects.get()
    assert accepted["Location"] == f"/contracts/{contract.pk}/"
    assert NdaAcceptance.objects.get(contract=contract).nda_version == nda
    contract_page = signed_in.get(f"/contracts/{contract.pk}/").content.decode()
    assert "accepted the platform NDA v1.0" in contract_page
    assert "Open the contract conversation" in contract_page
    assert "Pause the contract" not in contract_page  # the client's button
    assert "End the contract" in contract_page


def test_client_sees_withdraw_and_uses_it(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    signed_in = browser(client_user)
    page = signed_in.get(f"/offers/{offer.pk}/").content.decode()
    assert "Withdraw the offer" in page
    assert "I accept the NDA" not in page
    signed_in.post(f"/offers/{offer.pk}/withdraw/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    late = browser(offer.freelancer).post(
        f"/offers/{offer.pk}/accept/", {"nda_version_id": current_nda().pk, "accept_nda": "on"}
    )
    assert late.status_code == 409
    assert "withdrawn" in late.content.decode()


@pytest.mark.parametrize(
    "path", ["/offers/{offer}/", "/offers/{offer}/accept/", "/offers/{offer}/decline/", "/offers/{offer}/withdraw/"]
)
def test_offer_pages_are_404_to_strangers(client_user: Any, path: str) -> None:
    offer = fixed_offer(proposal_for(client_user))
    for stranger in (ClientFactory(), FreelancerFactory()):
        url = path.format(offer=offer.pk)
        response = browser(stranger).get(url) if url.endswith(f"{offer.pk}/") else browser(stranger).post(url)
        assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


@pytest.mark.parametrize(
    "path",
    [
        "/contracts/{c}/",
        "/contracts/{c}/pause/",
        "/contracts/{c}/resume/",
        "/contracts/{c}/end/",
        "/contracts/milestones/{m}/submit/",
        "/contracts/milestones/{m}/approve/",
        "/contracts/milestones/{m}/request-changes/",
    ],
)
def test_contract_pages_are_404_to_strangers(path: str) -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    url = path.format(c=contract.pk, m=milestone.pk)
    for stranger in (ClientFactory(), FreelancerFactory()):
        response = browser(stranger).get(url) if path == "/contracts/{c}/" else browser(stranger).post(url)
        assert response.status_code == 404
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_client_pauses_resumes_and_ends_from_the_page() -> None:
    contract = started_contract()
    signed_in = browser(contract.client)
    assert "Pause the contract" in signed_in.get(f"/contracts/{contract.pk}/").content.decode()
    signed_in.post(f"/contracts/{contract.pk}/pause/")
    assert "Resume the contract" in signed_in.get(f"/contracts/{contract.pk}/").content.decode()
    signed_in.post(f"/contracts/{contract.pk}/resume/")
    signed_in.post(f"/contracts/{contract.pk}/end/", {"reason": "completed", "note": "All done"})
    contract.refresh_from_db()
    assert (contract.status, contract.end_reason, contract.end_note) == ("ended", "completed", "All done")


def test_milestone_buttons_follow_the_state() -> None:
    contract = started_contract()
    milestone = contract.milestones.first()
    assert milestone is not None
    freelancer = browser(contract.freelancer)
    assert "Waiting for escrow funding" in freelancer.get(f"/contracts/{contract.pk}/").content.decode()
    actions.do_mark_milestone_funded(actor=None, milestone=milestone)
    assert "Submit work" in freelancer.get(f"/contracts/{contract.pk}/").content.decode()
    freelancer.post(f"/contracts/milestones/{milestone.pk}/submit/", {"note": "Here it is"})
    client_page = browser(contract.client).get(f"/contracts/{contract.pk}/").content.decode()
    assert "Approve" in client_page
    assert "Here it is" in client_page
    browser(contract.client).post(f"/contracts/milestones/{milestone.pk}/approve/")
    milestone.refresh_from_db()
    assert milestone.status == "approved"


def test_list_pages_have_constant_queries(django_assert_max_num_queries: Any) -> None:
    client = ClientFactory()
    signed_in = browser(client)
    started_contract(proposal_for(client))
    fixed_offer(proposal_for(client))
    with django_assert_max_num_queries(12):
        signed_in.get("/contracts/")
    with django_assert_max_num_queries(12):
        signed_in.get("/offers/")
    for _ in range(5):
        started_contract(proposal_for(client))
        fixed_offer(proposal_for(client))
    with django_assert_max_num_queries(12):
        contracts_page = signed_in.get("/contracts/")
    with django_assert_max_num_queries(12):
        offers_page = signed_in.get("/offers/")
    assert contracts_page.content.decode().count('href="/contracts/') >= 6
    assert offers_page.content.decode().count('href="/offers/') >= 12
