"""The allauth pages, through the browser-facing views: sign-up, verification, login, reset, MFA."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from workfair.accounts.models import User
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, FreelancerFactory, UserFactory
from workfair.profiles.models import ClientProfile, FreelancerProfile

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Ada@Example.com",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "wants_to_hire": "on",
    "wants_to_work": "on",
}


def _link_from_last_mail() -> str:
    match = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_web_signup_sends_verification_and_confirming_logs_the_person_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ada@example.com")
    assert (user.first_name, user.last_name, user.is_client, user.is_freelancer) == ("Ada", "Lovelace", True, True)
    assert FreelancerProfile.objects.filter(user=user).count() == 1
    assert ClientProfile.objects.filter(user=user).count() == 1
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert mail.outbox[0].subject.startswith("[Workfair] ")
    assert "Hello from Workfair!" in mail.outbox[0].body  # the site's name, not the request's host
    assert "Hello from testserver" not in mail.outbox[0].body

    confirm_url = _link_from_last_mail()
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b'class="skip-link"' in page.content  # rendered inside our base layout
    response = client.post(confirm_url)

    assert EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_web_signup_without_a_role_is_refused_and_creates_nothing(client) -> None:  # type: ignore[no-untyped-def]
    data = {k: v for k, v in SIGNUP.items() if k not in {"wants_to_hire", "wants_to_work"}}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    assert b"Choose at least one" in response.content
    assert not User.objects.exists()
    assert mail.outbox == []


def test_unverified_person_cannot_log_in_and_gets_a_new_verification_mail(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_login_with_verified_email_succeeds(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
        assert b"Too many failed attempts" not in response.content

    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert b"Too many failed attempts to sign in to this account. Try again in 5 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_mail_with_a_working_link(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    reset_url = _link_from_last_mail()
    follow = client.get(reset_url, follow=True)
    assert follow.status_code == 200
    assert b"new password" in follow.content.lower()


def test_totp_activation_page_is_reachable_for_a_signed_in_person_after_reentering_the_password(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    client.force_login(user)

    index = client.get(reverse("mfa_index"))
    first = client.get(reverse("mfa_activate_totp"))
    assert first.status_code == 302  # allauth asks for the password again before changing 2FA
    reauth_page = client.get(first.url)
    assert reauth_page.status_code == 200
    assert b'class="skip-link"' in reauth_page.content
    done = client.post(first.url, {"password": DEFAULT_PASSWORD})
    activate = client.get(done.url)

    assert index.status_code == 200
    assert b'aria-label="Account settings"' in index.content  # our settings navigation
    assert done.url == reverse("mfa_activate_totp")
    assert activate.status_code == 200
    assert b"data:image/svg+xml" in activate.content  # the QR code
    assert b'name="code"' in activate.content


def test_totp_activation_needs_a_signed_in_person(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"],
)
def test_signed_out_allauth_pages_render_in_the_product_layout(client, url_name: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert "accounts/accounts.css" in html
    assert "<title>" in html
    assert "· Workfair</title>" in html


@pytest.mark.parametrize(
    "url_name",
    ["account_change_password", "account_email", "mfa_index", "usersessions_list", "account_logout"],
)
def test_signed_in_allauth_pages_render_in_the_product_layout(client, url_name: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(FreelancerFactory())

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert 'class="button' in html


def test_signup_form_labels_every_input(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("account_signup")).content.decode()

    input_ids = re.findall(r'<input[^>]*type="(?:text|email|password|checkbox)"[^>]*id="([^"]+)"', html)
    input_ids += re.findall(r'<input[^>]*id="([^"]+)"[^>]*type="(?:text|email|password|checkbox)"', html)
    assert {"id_email", "id_password1", "id_first_name", "id_wants_to_hire"} <= set(input_ids)
    for input_id in set(input_ids):
        assert f'for="{input_id}"' in html
