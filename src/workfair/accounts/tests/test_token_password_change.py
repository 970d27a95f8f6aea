"""API tokens end when the password changes or is reset, whichever way: allauth's change and reset
forms, and the Django admin (a staff member setting it, or staff changing their own)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from workfair.accounts.actions import do_create_api_token
from workfair.accounts.models import ApiToken
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, log_in_with_two_factor, with_totp
from workfair.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "an-entirely-different-passphrase"


def _works(_client: Any, secret: str) -> bool:
    # A client of its own: the test's client may be signed in, and the API takes a session too.
    response = Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code in (200, 401), response.content
    return response.status_code == 200


def _tokens(user: Any) -> list[str]:
    secrets = [do_create_api_token(user, name)[1] for name in ("laptop", "tracker")]
    return secrets


def _assert_ended(client: Any, user: Any, secrets: list[str], via: str) -> None:
    assert [_works(client, secret) for secret in secrets] == [False, False]
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    entry = AuditLogEntry.objects.get(action="apitoken.ended_by_password_change")
    assert entry.data == {"tokens": 2, "via": via}


def test_changing_the_password_ends_the_tokens(client: Any) -> None:
    user = UserFactory()
    other = UserFactory()
    secrets, others = _tokens(user), _tokens(other)
    assert [_works(client, secret) for secret in secrets] == [True, True]
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    _assert_ended(client, user, secrets, "allauth")
    assert [_works(client, secret) for secret in others] == [True, True]  # nobody else's
    # The owner (still signed in here) sees them, marked revoked, and can make a new one that works.
    listed = client.get("/api/v1/auth/tokens").json()
    assert [t["revoked_at"] is not None for t in listed] == [True, True]
    created = client.post("/api/v1/auth/token", {"email": user.email, "password": NEW_PASSWORD},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    assert _works(client, created.json()["token"])


def test_a_refused_password_change_keeps_the_tokens(client: Any) -> None:
    user = UserFactory()
    secrets = _tokens(user)
    client.force_login(user)

    response = client.post(
        "/accounts/password/change/", {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert [_works(client, secret) for secret in secrets] == [True, True]


def test_resetting_the_password_ends_the_tokens(client: Any) -> None:
    user = UserFactory()
    secrets = _tokens(user)
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200

    response = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    _assert_ended(client, user, secrets, "allauth")


def test_staff_setting_a_password_in_the_admin_ends_the_tokens(client: Any) -> None:
    user = UserFactory()
    secrets = _tokens(user)
    log_in_with_two_factor(client, with_totp(UserFactory(is_staff=True, is_superuser=True)))

    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    _assert_ended(client, user, secrets, "admin")


def test_staff_changing_their_own_password_in_the_admin_ends_their_tokens(client: Any) -> None:
    staff = with_totp(UserFactory(is_staff=True, is_superuser=True))
    secrets = _tokens(staff)
    log_in_with_two_factor(client, staff)

    response = client.post(
        "/admin/password_change/",
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    _assert_ended(client, staff, secrets, "admin")


def test_a_password_changed_any_other_way_ends_the_tokens_too(client: Any) -> None:
    user = UserFactory()
    secrets = _tokens(user)

    user.set_password(NEW_PASSWORD)  # a shell, a script, any form that saves a new password
    user.save()

    _assert_ended(client, user, secrets, "password_changed")


def test_the_changepassword_command_ends_the_tokens(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth.management.commands.changepassword import Command
    from django.core.management import call_command

    user = UserFactory()
    secrets = _tokens(user)
    monkeypatch.setattr(Command, "_get_pass", lambda self, prompt="Password: ": NEW_PASSWORD)

    call_command("changepassword", user.email, stdout=io.StringIO())

    _assert_ended(client, user, secrets, "password_changed")


def test_a_new_account_and_an_unchanged_password_end_nothing(client: Any) -> None:
    user = UserFactory()
    secrets = _tokens(user)

    user.first_name = "Renamed"
    user.save()

    assert [_works(client, secret) for secret in secrets] == [True, True]
    assert not AuditLogEntry.objects.filter(action="apitoken.ended_by_password_change").exists()
