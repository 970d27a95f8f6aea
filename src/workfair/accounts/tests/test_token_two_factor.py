"""`POST /api/v1/auth/token` for an account with two-factor on needs the code too, not the password alone."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from workfair.accounts.models import ApiToken
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, TOTP_SECRET, UserFactory, totp_code, with_totp

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def post(client: Any, data: dict[str, Any]) -> Any:
    return client.post(TOKEN_URL, data, content_type="application/json")


def ask(user: Any, **extra: Any) -> dict[str, Any]:
    return {"email": user.email, "password": DEFAULT_PASSWORD, **extra}


def test_password_alone_gets_no_token_when_two_factor_is_on(client: Any) -> None:
    user = with_totp(UserFactory())

    response = post(client, ask(user))

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This account uses two-factor authentication: send the code from your authenticator app "
        "(or one of your recovery codes) as `code`.",
        "code": "mfa_required",
    }
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("code", ["000000", "12345", "not-a-code", " "])
def test_a_wrong_code_gets_no_token(client: Any, code: str) -> None:
    user = with_totp(UserFactory())

    response = post(client, ask(user, code=code))

    assert response.status_code == 401
    assert response.json()["code"] == ("mfa_required" if not code.strip() else "mfa_code_invalid")
    assert not ApiToken.objects.exists()


def test_password_and_current_code_get_a_working_token_and_the_code_works_once(client: Any) -> None:
    user = with_totp(UserFactory())
    code = totp_code()

    response = post(client, ask(user, code=code))

    assert response.status_code == 201, response.content
    token = ApiToken.objects.get()
    assert token.user_id == user.pk
    me = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.status_code == 200
    assert me.json()["id"] == user.pk

    replayed = post(client, ask(user, code=code))
    assert replayed.status_code == 401
    assert replayed.json()["code"] == "mfa_code_invalid"
    assert ApiToken.objects.count() == 1


def test_a_recovery_code_works_once(client: Any) -> None:
    user = with_totp(UserFactory())
    recovery = RecoveryCodes.activate(user).get_unused_codes()[0]

    assert post(client, ask(user, code=recovery)).status_code == 201
    again = post(client, ask(user, code=recovery))

    assert again.status_code == 401
    assert again.json()["code"] == "mfa_code_invalid"
    assert ApiToken.objects.count() == 1


def test_guessing_codes_is_throttled(client: Any) -> None:
    user = with_totp(UserFactory())
    for _ in range(5):
        assert post(client, ask(user, code="000000")).status_code == 401

    response = post(client, ask(user, code=totp_code()))

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert not ApiToken.objects.exists()


def test_a_wrong_password_with_a_right_code_is_still_refused(client: Any) -> None:
    user = with_totp(UserFactory())

    response = post(client, {"email": user.email, "password": "wrong-password", "code": totp_code()})

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_accounts_without_two_factor_ignore_the_code_field(client: Any) -> None:
    user = UserFactory()

    assert post(client, ask(user)).status_code == 201
    assert post(client, ask(user, code="123456")).status_code == 201


def test_the_code_field_is_in_the_api_schema(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    fields = schema["components"]["schemas"]["TokenRequestIn"]["properties"]
    assert "code" in fields
    assert "two-factor" in fields["code"]["description"]


@pytest.mark.parametrize(("steps_old", "accepted"), [(0, True), (1, True), (2, False)])
def test_a_code_read_just_before_it_ran_out_still_works_and_an_older_one_does_not(
    client: Any, steps_old: int, accepted: bool
) -> None:
    user = with_totp(UserFactory())
    now = 1_800_000_010.0  # 10 s into a 30-second step, the same for the code and the check
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(now) // 30 - steps_old))

    with mock.patch("allauth.mfa.totp.internal.auth.time.time", return_value=now):
        response = post(client, ask(user, code=code))

    assert (response.status_code == 201) is accepted, response.content
    assert ApiToken.objects.exists() is accepted
