"""Sign-up and log-in through allauth and the API: identity checks at sign-up, a blocked sign-up
ends on a "held for review" page (never a 500, never logged in), log-ins note the device and alert."""

from __future__ import annotations

from typing import Any, cast

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from workfair.accounts.models import User
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from workfair.identity.devices.middleware import COOKIE_NAME, read_device_id
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.graph.hashing import identifier_hash
from workfair.identity.models import Identifier, KnownDevice
from workfair.notifications.models import Notification
from workfair.trust.models import AccountStanding, Case, Signal
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db

SIGNUP = {
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "first_name": "Jane",
    "last_name": "Doe",
    "wants_to_work": "on",
}
API_SIGNUP = {"password": "a-long-and-unusual-passphrase", "first_name": "Jane", "last_name": "Doe",
              "wants_to_hire": False, "wants_to_work": True}  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _banned(email: str = "jane.doe@gmail.com", **identifiers: str) -> User:
    banned = cast(User, UserFactory(email=email))
    check_identifiers(banned, [("email", email), *identifiers.items()], signal_kind="signup")
    set_standing(banned, "banned", reason="Scams")
    return banned


def test_clean_web_signup_records_email_device_ip_and_network(client: Any) -> None:
    client.get(reverse("account_signup"))  # the first page sets the device cookie
    device = read_device_id(client.cookies[COOKIE_NAME].value)
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "jane@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="jane@example.com")
    stored = dict(Identifier.objects.filter(user=user).values_list("kind", "value"))
    assert stored == {
        "email": identifier_hash("email", "jane@example.com"),
        "device": identifier_hash("device", str(device)),
        "ip": identifier_hash("ip", "127.0.0.1"),
        "network": identifier_hash("network", "127.0.0.0/24"),
    }
    signal = Signal.objects.get(actor=user, kind="signup")
    assert signal.target_id == str(user.pk)
    assert len(mail.outbox) == 1  # the verification e-mail


def test_web_signup_matching_a_banned_email_is_held_not_logged_in_and_not_mailed(client: Any) -> None:
    banned = _banned("jane.doe@gmail.com")
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "JaneDoe+again@googlemail.com"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_held")
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"Your sign-up is held for review" in page.content
    user = User.objects.get(email="janedoe+again@googlemail.com")
    assert "_auth_user_id" not in client.session
    assert AccountStanding.objects.get(user=user).level == "suspended"
    case = Case.objects.get(queue="identity", subject_id=user.pk)
    assert str(banned.pk) in str(Signal.objects.get(actor=user, kind="signup").context["identity_links"])
    assert case.status == "open"
    assert mail.outbox == []  # no verification e-mail for a held account


def test_held_account_cannot_log_in_later(client: Any) -> None:
    _banned("jane.doe@gmail.com")
    client.post(reverse("account_signup"), {**SIGNUP, "email": "janedoe@gmail.com"})
    user = User.objects.get(email="janedoe@gmail.com")
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.post(reverse("account_login"), {"login": user.email, "password": SIGNUP["password1"]})
    page = client.get(reverse("web:dashboard"))
    assert page.status_code == 403  # the standing page: suspended, with the reason and the appeal
    assert b"Your account is suspended." in page.content


def test_signup_from_a_banned_device_only_asks_for_verification(client: Any) -> None:
    client.get(reverse("account_signup"))
    device = str(read_device_id(client.cookies[COOKIE_NAME].value))
    _banned("someone@example.com", device=device)
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "new@example.com"})
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert Signal.objects.get(actor=user, kind="signup").decisions.filter(rule_key="ban-evasion-weak").exists()  # type: ignore[attr-defined]
    assert not AccountStanding.objects.filter(user=user, level="suspended").exists()


def test_api_signup_matching_a_banned_email_is_refused_with_a_clear_403(client: Any) -> None:
    _banned("jane.doe@gmail.com")
    response = client.post(
        "/api/v1/auth/signup", {**API_SIGNUP, "email": "j.a.n.e.doe@gmail.com"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "signup_held"
    assert "held for review" in response.json()["detail"]
    user = User.objects.get(email="j.a.n.e.doe@gmail.com")  # kept, with its suspension and case
    assert AccountStanding.objects.get(user=user).level == "suspended"
    assert Case.objects.filter(queue="identity", subject_id=user.pk).exists()


def test_api_signup_without_links_still_works(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/auth/signup", {**API_SIGNUP, "email": "fresh@example.com"}, content_type="application/json"
        )
    assert response.status_code == 202
    assert Signal.objects.filter(kind="signup", actor__email="fresh@example.com").exists()
    assert len(mail.outbox) == 1


def test_web_login_remembers_the_device_and_a_second_browser_raises_an_alert(client: Any) -> None:
    from django.test import Client

    user = cast(User, UserFactory())
    client.get(reverse("account_login"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert KnownDevice.objects.filter(user=user).count() == 1
    assert Signal.objects.filter(actor=user, kind="login").count() == 1
    assert not Notification.objects.filter(recipient=user).exists()

    other = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1")
    other.get(reverse("account_login"))
    other.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert KnownDevice.objects.filter(user=user).count() == 2
    notice = Notification.objects.get(recipient=user, kind="identity.new_device")
    assert notice.url == reverse("usersessions_list")
    assert "Safari on iOS" in notice.body


def test_api_token_login_is_noted(client: Any) -> None:
    user = cast(User, UserFactory())
    check_identifiers(user, [], signal_kind="login")
    KnownDevice.objects.create(user=user, device_hash="x" * 64, first_seen=user.date_joined, last_seen=user.date_joined)
    response = client.post(
        "/api/v1/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=user, kind="identity.new_device").exists()
    assert Signal.objects.filter(actor=user, kind="login").exists()
