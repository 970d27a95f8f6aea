"""A proposal the trust engine held or hid is invisible to the client on every surface (page, API,
offer, notification, e-mail); its freelancer sees that it is held and why; once a moderator clears
it, the client is told as for any new proposal."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail

from workfair.contracts.models import Offer
from workfair.contracts.tests.factories import hourly_offer
from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.jobs.tests.factories import JobFactory
from workfair.notifications.models import Notification
from workfair.proposals import actions
from workfair.proposals.models import Proposal
from workfair.proposals.tests.conftest import logged_in
from workfair.proposals.tests.factories import COVER_LETTER
from workfair.trust.actions.cases import do_decide_case
from workfair.trust.models import Case, HiddenContent
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

LEAKY_LETTER = COVER_LETTER + " Write to me at jane.smith@gmail.com or call +44 7700 900123 so we can talk."


@pytest.fixture
def held(freelancer_user: Any, client_user: Any) -> Proposal:
    """A new freelancer's proposal with an e-mail address and a phone number in its cover letter."""
    mail.outbox.clear()
    job = JobFactory(client=client_user)
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=LEAKY_LETTER, amount=10_000)
    assert HiddenContent.objects.filter(target_type="proposals.proposal", target_id=str(proposal.pk)).exists()
    return proposal


def test_the_client_cannot_open_a_held_proposal_page_or_its_offer_form(held: Proposal, client_user: Any) -> None:
    browser = logged_in(client_user)
    page = browser.get(f"/proposals/{held.pk}/")
    assert page.status_code == 404
    assert "jane.smith" not in page.content.decode()
    assert browser.get(f"/offers/new/?proposal={held.pk}").status_code == 404
    assert browser.post(f"/proposals/{held.pk}/message/").status_code == 404
    assert browser.get(f"/jobs/{held.job_id}/proposals/").content.decode().count(f"/proposals/{held.pk}/") == 0


def test_the_client_cannot_read_a_held_proposal_through_the_api(held: Proposal, client_user: Any) -> None:
    browser = logged_in(client_user)
    assert browser.get(f"/api/v1/proposals/{held.pk}").status_code == 404
    assert browser.get(f"/api/v1/proposals/jobs/{held.job_id}").json()["count"] == 0
    terms = {"proposal_id": held.pk, "title": "Work", "contract_type": "hourly", "currency": "USD",
             "hourly_rate": 5000, "weekly_limit_hours": 10}  # fmt: skip
    offer = browser.post("/api/v1/contracts/offers", data=json.dumps(terms), content_type="application/json")
    assert offer.status_code == 404, offer.content


def test_an_offer_on_a_held_proposal_is_refused_by_the_action(held: Proposal, client_user: Any) -> None:
    with pytest.raises(NotFound):
        hourly_offer(held)
    assert not Offer.objects.exists()


def test_the_client_gets_no_notice_and_no_email_of_a_held_proposal(held: Proposal, client_user: Any) -> None:
    assert not Notification.objects.filter(recipient=client_user).exists()
    assert not [m for m in mail.outbox if client_user.email in m.to]


def test_the_freelancer_sees_that_the_proposal_is_held_and_why(held: Proposal, freelancer_user: Any) -> None:
    browser = logged_in(freelancer_user)
    text = browser.get(f"/proposals/{held.pk}/").content.decode()
    reason = HiddenContent.objects.get(target_id=str(held.pk)).decision.reason
    assert 'id="proposal-hold"' in text
    assert "the client cannot see this proposal" in text
    assert reason in text
    listing = browser.get("/proposals/").content.decode()
    assert reason in listing
    body = browser.get(f"/api/v1/proposals/{held.pk}").json()
    assert (body["held"], body["held_reason"]) == (True, reason)
    assert browser.get("/api/v1/proposals/").json()["items"][0]["held"] is True


def test_a_normal_proposal_is_not_marked_held(freelancer_user: Any, client_user: Any) -> None:
    job = JobFactory(client=client_user)
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=COVER_LETTER, amount=10_000)
    text = logged_in(freelancer_user).get(f"/proposals/{proposal.pk}/").content.decode()
    assert 'id="proposal-hold"' not in text
    assert logged_in(freelancer_user).get(f"/api/v1/proposals/{proposal.pk}").json()["held"] is False
    assert logged_in(client_user).get(f"/proposals/{proposal.pk}/").status_code == 200


def test_a_held_proposal_cleared_by_a_moderator_reaches_the_client(freelancer_user: Any, client_user: Any) -> None:
    freelancer_user.date_joined = clock.now() - dt.timedelta(days=1)
    freelancer_user.save(update_fields=["date_joined"])
    job = JobFactory(client=client_user)
    letter = COVER_LETTER + " Happy to be paid outside Workfair by bank transfer to avoid the fees."
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=letter, amount=10_000)
    case = Case.objects.get(target_type="proposals.proposal", target_id=str(proposal.pk))
    assert logged_in(client_user).get(f"/proposals/{proposal.pk}/").status_code == 404
    do_decide_case(actor=StaffFactory(), case=case, resolution="approve")
    assert logged_in(client_user).get(f"/proposals/{proposal.pk}/").status_code == 200
    notice = Notification.objects.get(recipient=client_user, kind="proposal.received")
    assert notice.url == f"/proposals/{proposal.pk}/"
