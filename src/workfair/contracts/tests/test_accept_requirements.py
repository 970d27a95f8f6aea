"""The verification wall is shown before it is met: the offer page says what the freelancer must do
before accepting (with its link), and a refused "Accept" shows the offer again with that, never a
bare "Not allowed"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from workfair.contracts.models import Contract
from workfair.contracts.queries import current_nda
from workfair.contracts.tests.factories import fixed_offer, proposal_for
from workfair.core import clock
from workfair.trust.enforcement import forget_standing
from workfair.trust.models import AccountStanding

pytestmark = pytest.mark.django_db

VERIFY_LINK = '<a href="/account/verification/">/account/verification/</a>'


def _verification_required(user: Any) -> None:
    AccountStanding.objects.update_or_create(
        user=user, defaults={"verification_required": True, "updated_at": clock.now()}
    )
    forget_standing(user)


def _signed_in(user: Any) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_offer_page_says_identity_must_be_verified_before_accepting(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    _verification_required(offer.freelancer)
    page = _signed_in(offer.freelancer).get(f"/offers/{offer.pk}/").content.decode()
    assert "Before you can accept this offer" in page
    assert "please verify your identity" in page
    assert VERIFY_LINK in page
    assert page.index('id="accept-requirement"') < page.index("Accept the offer</button>")


def test_a_refused_accept_shows_what_to_do_not_a_bare_403(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    _verification_required(offer.freelancer)
    response = _signed_in(offer.freelancer).post(
        f"/offers/{offer.pk}/accept/", {"nda_version_id": current_nda().pk, "accept_nda": "on"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" not in page
    assert "Before you can accept this offer" in page
    assert VERIFY_LINK in page
    assert f"Offer: {offer.title}" in page
    assert not Contract.objects.exists()


def test_a_freelancer_who_may_start_contracts_sees_no_requirement(client_user: Any) -> None:
    offer = fixed_offer(proposal_for(client_user))
    page = _signed_in(offer.freelancer).get(f"/offers/{offer.pk}/").content.decode()
    assert 'id="accept-requirement"' not in page
    assert _signed_in(client_user).get(f"/offers/{offer.pk}/").content.decode().count("Before you can accept") == 0
