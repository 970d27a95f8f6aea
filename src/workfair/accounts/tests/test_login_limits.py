"""Failed log-ins are limited so that nobody can turn the limit against someone else: per account
and IP together, a high ceiling per IP, and a progressive delay per account that does not apply
where the account signed in before (accounts/login_limits.py, docs/security.md)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail
from django.test import Client
from django.urls import reverse

from workfair.accounts import login_limits
from workfair.accounts.models import ApiToken
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, FreelancerFactory

pytestmark = pytest.mark.django_db

THROTTLED = b"Too many failed attempts to sign in to this account"


def web_login(email: str, password: str, ip: str) -> Any:
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    response.signed_in = "_auth_user_id" in client.session
    return response


def api_token(email: str, password: str, ip: str) -> Any:
    return Client(REMOTE_ADDR=ip).post(
        "/api/v1/auth/token", {"email": email, "password": password}, content_type="application/json"
    )


class FrozenClock:
    """Stands in for the `time` module of allauth's rate limits and of login_limits."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen = FrozenClock()
    monkeypatch.setattr(allauth_ratelimit, "time", frozen)
    monkeypatch.setattr(login_limits, "time", frozen)
    return frozen


def test_failures_for_one_account_do_not_refuse_other_people_on_the_same_address() -> None:
    victim, attacker_target = FreelancerFactory(), FreelancerFactory()
    for _ in range(6):  # one past the old per-IP budget of five
        assert api_token(attacker_target.email, "guess", "10.0.0.7").status_code in {401, 429}

    web = web_login(victim.email, DEFAULT_PASSWORD, "10.0.0.7")
    api = api_token(victim.email, DEFAULT_PASSWORD, "10.0.0.7")

    assert web.status_code == 302
    assert web.signed_in
    assert api.status_code == 201, api.content


def test_failures_from_one_address_do_not_refuse_the_owner_elsewhere() -> None:
    owner = FreelancerFactory()
    for _ in range(6):
        api_token(owner.email, "guess", "203.0.113.9")

    assert api_token(owner.email, DEFAULT_PASSWORD, "198.51.100.4").status_code == 201
    assert web_login(owner.email, DEFAULT_PASSWORD, "198.51.100.5").signed_in


def test_the_account_and_address_pair_is_paused_with_retry_after_and_a_clear_form_error(clock: FrozenClock) -> None:
    # The clock stands still: five password checks on a loaded machine must not eat into the wait.
    user = FreelancerFactory()
    for _ in range(5):
        assert api_token(user.email, "guess", "10.0.0.8").status_code == 401

    api = api_token(user.email, DEFAULT_PASSWORD, "10.0.0.8")
    web = web_login(user.email, DEFAULT_PASSWORD, "10.0.0.8")

    assert api.status_code == 429
    assert int(api["Retry-After"]) == 300
    assert api.json()["code"] == "rate_limited"
    assert api.json()["retry_after"] == int(api["Retry-After"])
    assert "Try again in 5 minutes" in api.json()["detail"]
    assert web.status_code == 200
    assert not web.signed_in
    assert THROTTLED + b". Try again in 5 minutes, or reset your password" in web.content
    assert not ApiToken.objects.exists()


def test_guessing_one_account_from_many_addresses_meets_a_growing_delay(clock: FrozenClock) -> None:
    owner = FreelancerFactory()
    for n in range(10):
        assert api_token(owner.email, "guess", f"10.1.0.{n}").status_code == 401
    first = api_token(owner.email, DEFAULT_PASSWORD, "10.1.1.1")
    assert first.status_code == 429
    assert 890 <= int(first["Retry-After"]) <= 900  # 10 a quarter hour

    clock.now += 901
    for n in range(10):
        assert api_token(owner.email, "guess", f"10.2.0.{n}").status_code == 401
    second = api_token(owner.email, DEFAULT_PASSWORD, "10.2.1.1")
    assert second.status_code == 429
    assert 2690 <= int(second["Retry-After"]) <= 2700  # 20 an hour: the wait grows

    clock.now += 2700
    assert api_token(owner.email, DEFAULT_PASSWORD, "10.3.1.1").status_code == 201


def test_the_account_delay_never_refuses_the_owner_where_they_signed_in_before() -> None:
    owner = FreelancerFactory()
    assert web_login(owner.email, DEFAULT_PASSWORD, "192.0.2.10").signed_in  # the owner's usual place
    for n in range(12):
        api_token(owner.email, "guess", f"10.4.0.{n}")
    assert api_token(owner.email, DEFAULT_PASSWORD, "10.4.9.9").status_code == 429  # a new place waits

    assert web_login(owner.email, DEFAULT_PASSWORD, "192.0.2.10").signed_in
    assert api_token(owner.email, DEFAULT_PASSWORD, "192.0.2.10").status_code == 201


def test_one_address_spraying_many_accounts_meets_the_per_ip_ceiling() -> None:
    bystander = FreelancerFactory()
    for n in range(100):
        assert api_token(f"nobody{n}@example.com", "guess", "10.5.0.1").status_code == 401

    sprayed = api_token(f"nobody{100}@example.com", "guess", "10.5.0.1")

    assert sprayed.status_code == 429
    assert int(sprayed["Retry-After"]) > 0
    assert api_token(bystander.email, DEFAULT_PASSWORD, "10.5.0.2").status_code == 201


def test_a_password_reset_lifts_the_account_delay() -> None:
    owner = FreelancerFactory()
    for n in range(10):
        api_token(owner.email, "guess", f"10.6.0.{n}")
    assert api_token(owner.email, DEFAULT_PASSWORD, "10.6.1.1").status_code == 429

    browser = Client(REMOTE_ADDR="10.6.1.1")
    assert browser.post(reverse("account_reset_password"), {"email": owner.email}).status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[-1].body)).group(1)  # type: ignore[union-attr]
    form_url = browser.get(link).url
    new_password = "a-brand-new-long-passphrase"
    done = browser.post(form_url, {"password1": new_password, "password2": new_password})
    assert done.status_code == 302, done.content

    assert api_token(owner.email, new_password, "10.6.1.1").status_code == 201


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(settings: Any) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    owner = FreelancerFactory()
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        proxy.post(
            "/api/v1/auth/token",
            {"email": owner.email, "password": "guess"},
            content_type="application/json",
            HTTP_X_FORWARDED_FOR="10.7.0.1",
        )

    same = proxy.post("/api/v1/auth/token", {"email": owner.email, "password": DEFAULT_PASSWORD},
                      content_type="application/json", HTTP_X_FORWARDED_FOR="10.7.0.1")  # fmt: skip
    other = proxy.post("/api/v1/auth/token", {"email": owner.email, "password": DEFAULT_PASSWORD},
                       content_type="application/json", HTTP_X_FORWARDED_FOR="10.7.0.2")  # fmt: skip

    assert (same.status_code, other.status_code) == (429, 201)
