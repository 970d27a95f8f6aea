"""Staff powers need two-factor in the session everywhere: ordinary pages, the API through the
browser session, and API tokens; and a token made from a session needs a session that entered a
code when the account has two-factor on."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from workfair.accounts.actions import do_create_api_token
from workfair.accounts.models import ApiToken
from workfair.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    FreelancerFactory,
    UserFactory,
    log_in_with_two_factor,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db


def staff(**extra: Any) -> Any:
    return FreelancerFactory(is_staff=True, **extra)


def test_a_staff_session_without_a_code_is_sent_to_enter_one_from_ordinary_pages(client: Any) -> None:
    person = with_totp(staff())
    client.force_login(person)  # a password alone, as a session from before the step would be
    settings_url = reverse("accounts:settings")

    page = client.get(settings_url)

    assert page.status_code == 302
    assert page["Location"] == f"{reverse('mfa_reauthenticate')}?next={settings_url}"
    log_in_with_two_factor(client, person)
    assert client.get(settings_url).status_code == 200


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client: Any) -> None:
    client.force_login(staff())

    page = client.get(reverse("accounts:settings"))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_way_to_the_step_and_out_stays_open(client: Any) -> None:
    client.force_login(staff())

    setup = client.get(reverse("mfa_activate_totp"))  # allauth asks for the password first
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(setup["Location"]).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_people_who_are_not_staff_are_not_stopped(client: Any) -> None:
    client.force_login(with_totp(UserFactory(is_client=True)))

    assert client.get(reverse("accounts:settings")).status_code == 200


def test_the_api_refuses_a_staff_browser_session_without_a_code(client: Any) -> None:
    person = with_totp(staff())
    client.force_login(person)

    assert client.get("/api/v1/auth/me").status_code == 401
    log_in_with_two_factor(client, person)
    assert client.get("/api/v1/auth/me").status_code == 200


def test_a_staff_token_works_only_while_the_account_has_two_factor(client: Any) -> None:
    person = staff()
    _token, secret = do_create_api_token(person, "old")  # made before two-factor was required
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    assert client.get("/api/v1/auth/me", **headers).status_code == 401
    with_totp(person)
    assert client.get("/api/v1/auth/me", **headers).status_code == 200


def test_staff_without_two_factor_get_no_token_for_a_password(client: Any) -> None:
    person = staff()

    response = client.post(
        "/api/v1/auth/token", {"email": person.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_setup_required"
    assert "set up an authenticator app" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_staff_with_two_factor_get_a_working_token_with_the_code(client: Any) -> None:
    person = with_totp(staff())

    response = client.post(
        "/api/v1/auth/token",
        {"email": person.email, "password": DEFAULT_PASSWORD, "code": totp_code()},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    me = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.status_code == 200


def test_a_session_that_did_not_enter_a_code_cannot_make_a_token_for_a_two_factor_account(client: Any) -> None:
    person = with_totp(UserFactory(is_client=True))
    client.force_login(person)  # e.g. a session signed in before two-factor was turned on

    web = client.post(reverse("accounts:create_token"), {"name": "laptop"})
    api = client.post("/api/v1/auth/tokens", {"name": "laptop"}, content_type="application/json")

    assert web.status_code == 302
    assert web["Location"] == f"{reverse('mfa_reauthenticate')}?next={reverse('accounts:settings')}"
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_required"
    assert not ApiToken.objects.exists()

    log_in_with_two_factor(client, person)
    assert client.post(reverse("accounts:create_token"), {"name": "laptop"}).status_code == 201
    assert client.post("/api/v1/auth/tokens", {"name": "cli"}, content_type="application/json").status_code == 201
    assert ApiToken.objects.filter(user=person).count() == 2


def test_a_token_can_still_make_another_token(client: Any) -> None:
    person = with_totp(UserFactory(is_client=True))
    _token, secret = do_create_api_token(person, "first")

    response = client.post(
        "/api/v1/auth/tokens", {"name": "cli"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )

    assert response.status_code == 201
