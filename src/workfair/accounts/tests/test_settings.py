"""The settings page: names, name display, roles and API tokens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workfair.accounts.api_auth import hash_token
from workfair.accounts.models import ApiToken
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.profiles.models import ClientProfile, FreelancerProfile

pytestmark = pytest.mark.django_db


def test_settings_page_needs_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_settings_page_links_to_security_pages(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(FreelancerFactory())

    html = client.get(reverse("accounts:settings")).content.decode()

    for name in ("account_change_password", "account_email", "mfa_index", "usersessions_list"):
        assert f'href="{reverse(name)}"' in html


def test_saving_settings_changes_name_display_and_adds_a_role_with_its_profile(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory(first_name="Jane", last_name="Doe")
    client.force_login(user)

    response = client.post(
        reverse("accounts:settings"),
        {"first_name": "Jane", "last_name": "Doe", "name_display": "full", "is_client": "on", "is_freelancer": "on"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.public_name == "Jane Doe"
    assert user.is_client
    assert user.is_freelancer
    assert ClientProfile.objects.filter(user=user).count() == 1
    assert FreelancerProfile.objects.filter(user=user).count() == 1


def test_dropping_every_role_is_refused_and_changes_nothing(client) -> None:  # type: ignore[no-untyped-def]
    user = ClientFactory(first_name="Jane", last_name="Doe")
    client.force_login(user)

    response = client.post(
        reverse("accounts:settings"), {"first_name": "Janet", "last_name": "Doe", "name_display": "full"}
    )

    assert response.status_code == 400
    assert b"Keep at least one role" in response.content
    user.refresh_from_db()
    assert (user.first_name, user.name_display, user.is_client) == ("Jane", "first_initial", True)


def test_token_secret_is_shown_once_and_only_its_hash_is_stored(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:create_token"), {"name": "laptop tracker"})

    assert response.status_code == 201
    token = ApiToken.objects.get(user=user)
    secret = response.context["new_secret"]
    assert secret.encode() in response.content
    assert token.key_hash == hash_token(secret)
    assert secret.encode() not in client.get(reverse("accounts:settings")).content


def test_revoking_someone_elses_token_is_404_and_keeps_it(client) -> None:  # type: ignore[no-untyped-def]
    owner, other = FreelancerFactory(), FreelancerFactory()
    client.force_login(owner)
    client.post(reverse("accounts:create_token"), {"name": "mine"})
    token = ApiToken.objects.get(user=owner)
    client.force_login(other)

    response = client.post(reverse("accounts:revoke_token", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(owner)
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
