"""The device cookie, known devices and the security alert on a new device or country."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from workfair.accounts.models import User
from workfair.accounts.tests.factories import UserFactory
from workfair.identity.devices.actions import device_label, do_note_login, request_country
from workfair.identity.devices.middleware import COOKIE_NAME, DeviceCookieMiddleware, read_device_id, sign_device_id
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.graph.hashing import identifier_hash
from workfair.identity.models import Identifier, KnownDevice
from workfair.notifications.models import Notification
from workfair.trust.models import Signal
from workfair.trust.tests.factories import set_standing

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
    "Safari/537.36 Edg/126.0.0.0"
)


def _user(**kwargs: Any) -> User:
    return cast(User, UserFactory(**kwargs))


def _run(rf: RequestFactory, cookie: str | None = None) -> tuple[HttpRequest, HttpResponse]:
    request = rf.get("/")
    if cookie is not None:
        request.COOKIES[COOKIE_NAME] = cookie
    response = DeviceCookieMiddleware(lambda r: HttpResponse("ok"))(request)
    return request, response


# --- the cookie ----------------------------------------------------------------------------------


def test_first_visit_gets_a_signed_http_only_lax_cookie_for_two_years(rf: RequestFactory) -> None:
    request, response = _run(rf)
    morsel = response.cookies[COOKIE_NAME]
    assert request.device_is_new is True  # type: ignore[attr-defined]
    assert read_device_id(morsel.value) == request.device_id  # type: ignore[attr-defined]
    assert morsel.value != request.device_id  # type: ignore[attr-defined]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) == 2 * 365 * 24 * 3600
    assert not morsel["secure"]  # development: the session cookie is not Secure either


def test_cookie_is_secure_where_the_session_cookie_is(rf: RequestFactory, settings: Any) -> None:
    settings.SESSION_COOKIE_SECURE = True
    _, response = _run(rf)
    assert response.cookies[COOKIE_NAME]["secure"]


def test_returning_browser_keeps_its_id_and_gets_no_new_cookie(rf: RequestFactory) -> None:
    request, response = _run(rf, sign_device_id("abc123"))
    assert request.device_id == "abc123"  # type: ignore[attr-defined]
    assert request.device_is_new is False  # type: ignore[attr-defined]
    assert COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("forged", ["abc123", "abc123:forgedsignature", sign_device_id("x")[:-1] + "A"])
def test_forged_cookie_is_replaced(rf: RequestFactory, forged: str) -> None:
    request, response = _run(rf, forged)
    assert request.device_is_new is True  # type: ignore[attr-defined]
    assert request.device_id != "abc123"  # type: ignore[attr-defined]
    assert COOKIE_NAME in response.cookies


@pytest.mark.django_db
def test_every_page_sets_the_cookie_through_the_middleware_stack(client: Any) -> None:
    response = client.get("/")
    assert read_device_id(response.cookies[COOKIE_NAME].value)


# --- labels and country ---------------------------------------------------------------------------


def test_device_labels_people_recognise() -> None:
    assert device_label(FIREFOX_LINUX) == "Firefox on Linux"
    assert device_label(SAFARI_IPHONE) == "Safari on iOS"
    assert device_label(EDGE_WINDOWS) == "Edge on Windows"
    assert device_label("") == "Unknown browser"


def test_country_header_is_read_only_when_it_is_a_country(rf: RequestFactory, settings: Any) -> None:
    assert request_country(rf.get("/", HTTP_CF_IPCOUNTRY="de")) == "DE"
    assert request_country(rf.get("/", HTTP_CF_IPCOUNTRY="XX")) == ""
    assert request_country(rf.get("/", HTTP_CF_IPCOUNTRY="<b>")) == ""
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "COUNTRY_HEADER": ""}
    assert request_country(rf.get("/", HTTP_CF_IPCOUNTRY="DE")) == ""


# --- logins ---------------------------------------------------------------------------------------


def _login_request(rf: RequestFactory, device: str, *, ua: str = FIREFOX_LINUX, country: str = "") -> HttpRequest:
    extra = {"HTTP_USER_AGENT": ua, "REMOTE_ADDR": "203.0.113.8"}
    if country:
        extra["HTTP_CF_IPCOUNTRY"] = country
    request = rf.post("/accounts/login/", **extra)  # type: ignore[arg-type]
    request.device_id = device  # type: ignore[attr-defined]
    request.device_is_new = False  # type: ignore[attr-defined]
    return request


@pytest.mark.django_db
def test_first_device_is_remembered_without_an_alert(rf: RequestFactory) -> None:
    user = _user()
    note = do_note_login(user, _login_request(rf, "dev-1", country="GB"))
    assert note.new_device
    assert not note.alerted
    device = KnownDevice.objects.get(user=user)
    assert device.device_hash == identifier_hash("device", "dev-1")
    assert (device.label, device.country) == ("Firefox on Linux", "GB")
    assert Signal.objects.filter(actor=user, kind="login").count() == 1
    assert not Notification.objects.filter(recipient=user).exists()
    kinds = set(Identifier.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {"device", "ip", "network"}


@pytest.mark.django_db
def test_new_device_alerts_in_app_and_by_email_with_a_link_to_sessions(
    rf: RequestFactory, django_capture_on_commit_callbacks: Any
) -> None:
    user = _user()
    do_note_login(user, _login_request(rf, "dev-1"))
    again = do_note_login(user, _login_request(rf, "dev-1"))
    assert not again.alerted
    with django_capture_on_commit_callbacks(execute=True):
        note = do_note_login(user, _login_request(rf, "dev-2", ua=SAFARI_IPHONE))
    assert note.alerted
    notice = Notification.objects.get(recipient=user, kind="identity.new_device")
    assert "Safari on iOS" in notice.body
    assert notice.url == "/accounts/sessions/"
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Safari on iOS" in mail.outbox[0].body
    assert Signal.objects.filter(actor=user, kind="device.new").count() == 1
    assert KnownDevice.objects.filter(user=user).count() == 2


@pytest.mark.django_db
def test_known_device_in_a_new_country_alerts(rf: RequestFactory) -> None:
    user = _user()
    do_note_login(user, _login_request(rf, "dev-1", country="GB"))
    note = do_note_login(user, _login_request(rf, "dev-1", country="BR"))
    assert note.alerted
    assert note.new_country
    assert "BR" in Notification.objects.get(recipient=user).body
    assert not Signal.objects.filter(actor=user, kind="device.new").exists()


@pytest.mark.django_db
def test_cookieless_login_alerts_but_remembers_nothing(rf: RequestFactory) -> None:
    user = _user()
    do_note_login(user, _login_request(rf, "dev-1"))
    request = _login_request(rf, "random-every-time")
    request.device_is_new = True  # type: ignore[attr-defined]
    note = do_note_login(user, request)
    assert note.alerted
    assert KnownDevice.objects.filter(user=user).count() == 1
    assert not Identifier.objects.filter(user=user, value=identifier_hash("device", "random-every-time")).exists()


@pytest.mark.django_db
def test_new_device_shared_with_a_banned_account_adds_risk(rf: RequestFactory) -> None:
    banned = _user()
    check_identifiers(banned, [("device", "shared")], signal_kind="login")
    set_standing(banned, "banned")
    user = _user()
    do_note_login(user, _login_request(rf, "dev-1"))
    do_note_login(user, _login_request(rf, "shared"))
    signal = Signal.objects.get(actor=user, kind="device.new")
    assert signal.context["banned_weak_links"] == 1
    assert signal.decisions.filter(rule_key="ban-evasion-weak").exists()  # type: ignore[attr-defined]
