"""The accounts API: sign-up -> verify -> token -> /me, throttling, and personal tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from workfair.accounts.api_auth import hash_token
from workfair.accounts.models import ApiToken, User
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, FreelancerFactory, UserFactory
from workfair.core.models import AuditLogEntry
from workfair.profiles.models import ClientProfile, FreelancerProfile

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Grace@Example.com",
    "password": "a-long-and-unusual-passphrase",
    "first_name": "Grace",
    "last_name": "Hopper",
    "wants_to_hire": False,
    "wants_to_work": True,
}


def post(client: Any, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, data, content_type="application/json", **extra)


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_signup_verify_token_me_chain(client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/api/v1/auth/signup", SIGNUP)

    assert response.status_code == 202, response.content
    user = User.objects.get(email="grace@example.com")
    assert (user.is_freelancer, user.is_client) == (True, False)
    assert FreelancerProfile.objects.filter(user=user).exists()
    assert not ClientProfile.objects.filter(user=user).exists()
    assert user.check_password(SIGNUP["password"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@example.com"]

    # Before verification: the right password is refused with a clear 403.
    refused = post(client, "/api/v1/auth/token", {"email": "grace@example.com", "password": SIGNUP["password"]})
    assert refused.status_code == 403
    assert refused.json()["code"] == "unverified"
    assert not ApiToken.objects.exists()

    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    verified = post(client, "/api/v1/auth/verify-email", {"key": key})
    assert verified.status_code == 200
    assert verified.json() == {"email": "grace@example.com", "verified": True}
    assert EmailAddress.objects.get(user=user).verified

    token = post(client, "/api/v1/auth/token", {"email": "GRACE@example.com", "password": SIGNUP["password"]})
    assert token.status_code == 201
    secret = token.json()["token"]
    row = ApiToken.objects.get(user=user)
    assert row.key_hash == hash_token(secret)
    assert secret not in {row.key_hash, row.key_prefix}

    me = client.get("/api/v1/auth/me", **bearer(secret))
    assert me.status_code == 200
    assert me.json()["email"] == "grace@example.com"
    assert me.json()["public_name"] == "Grace H."


def test_signup_answers_the_same_for_a_taken_address_and_mails_its_owner(  # type: ignore[no-untyped-def]
    client, django_capture_on_commit_callbacks
) -> None:
    owner = UserFactory(email="grace@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        new = post(client, "/api/v1/auth/signup", {**SIGNUP, "email": "ada@example.com"})
    with django_capture_on_commit_callbacks(execute=True):
        taken = post(client, "/api/v1/auth/signup", SIGNUP)

    # The caller cannot tell the two apart: same status, same body shape and wording.
    assert (new.status_code, taken.status_code) == (202, 202)
    assert taken.json() == {**new.json(), "email": "grace@example.com"}
    # No second account, the owner's password and names untouched; the owner hears about it.
    assert User.objects.filter(email__iexact="grace@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(DEFAULT_PASSWORD)
    to_owner = [m for m in mail.outbox if m.to == ["grace@example.com"]]
    assert len(to_owner) == 1
    assert "already" in to_owner[0].subject.lower() + to_owner[0].body.lower()
    assert "/accounts/password/reset/" in to_owner[0].body
    assert "confirm-email" not in to_owner[0].body


def test_signup_for_a_taken_address_mails_its_owner_at_most_the_verification_budget(  # type: ignore[no-untyped-def]
    client, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="grace@example.com")
    for _ in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, "/api/v1/auth/signup", SIGNUP).status_code == 202

    assert len(mail.outbox) == 5  # allauth's confirm_email budget: 5 per address per 10 minutes


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"password": "password"}, "too common"),
        ({"password": "short"}, "too short"),
        ({"email": "not-an-email"}, "valid e-mail"),
        ({"wants_to_work": False}, "at least one role"),
        ({"first_name": "   "}, "First name is required"),
    ],
)
def test_signup_refuses_bad_input_with_a_clear_400(client, change: dict[str, Any], fragment: str) -> None:  # type: ignore[no-untyped-def]
    response = post(client, "/api/v1/auth/signup", {**SIGNUP, **change})

    assert response.status_code == 400
    assert fragment in response.json()["detail"]
    assert not User.objects.exists()


def test_verify_email_with_a_bad_key_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    response = post(client, "/api/v1/auth/verify-email", {"key": "forged-key"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_key"


def test_token_with_a_wrong_password_is_401_and_brute_force_gets_429(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    for _ in range(5):
        response = post(client, "/api/v1/auth/token", {"email": user.email, "password": "guess"})
        assert response.status_code == 401

    throttled = post(client, "/api/v1/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD})

    assert throttled.status_code == 429
    assert not ApiToken.objects.exists()


def test_token_for_an_unknown_email_is_401(client) -> None:  # type: ignore[no-untyped-def]
    response = post(client, "/api/v1/auth/token", {"email": "nobody@example.com", "password": "whatever-it-is"})

    assert response.status_code == 401


def test_successful_logins_do_not_use_up_the_failure_budget(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    for _ in range(7):
        response = post(client, "/api/v1/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 201


def test_me_needs_authentication(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", **bearer("wf_not-a-token")).status_code == 401


def test_patch_me_changes_names_display_and_roles(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory(first_name="Ada", last_name="Lovelace")
    client.force_login(user)

    response = client.patch(
        "/api/v1/auth/me", {"name_display": "full", "is_client": True}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["public_name"] == "Ada Lovelace"
    user.refresh_from_db()
    assert (user.is_client, user.is_freelancer, user.name_display) == (True, True, "full")
    assert ClientProfile.objects.filter(user=user).exists()


def test_patch_me_refuses_dropping_every_role(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    client.force_login(user)

    response = client.patch("/api/v1/auth/me", {"is_freelancer": False}, content_type="application/json")

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.is_freelancer


def test_tokens_create_list_revoke_and_a_revoked_token_stops_working(client) -> None:  # type: ignore[no-untyped-def]
    user = FreelancerFactory()
    client.force_login(user)

    created = post(client, "/api/v1/auth/tokens", {"name": "tracker"})
    assert created.status_code == 201
    secret, token_id = created.json()["token"], created.json()["id"]
    client.logout()
    listed = client.get("/api/v1/auth/tokens", **bearer(secret))
    assert listed.status_code == 200
    assert [t["name"] for t in listed.json()] == ["tracker"]
    assert "token" not in listed.json()[0]

    revoked = client.delete(f"/api/v1/auth/tokens/{token_id}", **bearer(secret))

    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/auth/me", **bearer(secret)).status_code == 401
    assert AuditLogEntry.objects.filter(action="apitoken.revoked", target_id=str(token_id)).count() == 1


def test_nobody_can_revoke_or_see_another_persons_token(client) -> None:  # type: ignore[no-untyped-def]
    owner, other = FreelancerFactory(), FreelancerFactory()
    client.force_login(owner)
    token_id = post(client, "/api/v1/auth/tokens", {"name": "mine"}).json()["id"]
    client.force_login(other)

    assert client.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert client.get("/api/v1/auth/tokens").json() == []
    assert ApiToken.objects.get(pk=token_id).revoked_at is None
