"""The dashboard's getting-started checklist: e-mail, phone, profile, identity and payment method,
each with what it unlocks and a link, so a requirement is known before an action meets it."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from workfair.core import clock
from workfair.trust.enforcement import forget_standing
from workfair.trust.models import AccountStanding
from workfair.web.dashboard import onboarding_checklist

pytestmark = pytest.mark.django_db


def _page(user: Any) -> str:
    browser = Client()
    browser.force_login(user)
    response = browser.get("/dashboard/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.phone_required
def test_a_new_freelancer_sees_the_five_steps_with_links(freelancer_user: Any) -> None:
    EmailAddress.objects.filter(user=freelancer_user).delete()
    page = _page(freelancer_user)
    assert 'id="checklist"' in page
    for key, link in [("email", "/accounts/email/"), ("phone", "/account/phone/"), ("profile", "/profile/edit/"),
                      ("identity", "/account/verification/"), ("payment", "/money/bank-account/")]:  # fmt: skip
        assert f'id="checklist-{key}"' in page
        section = page.split(f'id="checklist-{key}"', 1)[1].split("</li>", 1)[0]
        assert f'href="{link}"' in section
    assert "Needed before you send proposals." in page
    assert "0 of 5 done" in page


def test_an_identity_requirement_is_needed_now_and_listed_first(freelancer_user: Any) -> None:
    AccountStanding.objects.create(user=freelancer_user, verification_required=True, updated_at=clock.now())
    forget_standing(freelancer_user)
    steps = onboarding_checklist(freelancer_user)
    assert steps[0].key == "identity"
    assert steps[0].needed_now
    assert steps[0].why.startswith("You cannot start contracts")
    page = _page(freelancer_user)
    identity = page.split('id="checklist-identity"', 1)[1].split("</li>", 1)[0]
    assert "Needed now" in identity


def test_a_client_is_told_a_payment_method_comes_before_an_offer(client_user: Any) -> None:
    steps = {step.key: step for step in onboarding_checklist(client_user)}
    assert steps["payment"].label == "Add a payment method"
    assert steps["payment"].done  # the client fixture has a verified card
    assert steps["email"].done is EmailAddress.objects.filter(user=client_user, verified=True).exists()


def test_the_checklist_goes_away_when_everything_is_done(freelancer_user: Any, monkeypatch: Any) -> None:
    from workfair.web import dashboard

    monkeypatch.setattr(dashboard, "onboarding_checklist", lambda user, **kwargs: [
        dashboard.ChecklistStep("email", "Confirm your e-mail address", True, "/accounts/email/", "")])  # fmt: skip
    assert 'id="checklist"' not in _page(freelancer_user)
