"""Staff pass two-factor in the session itself, wherever they work: the console and the Django admin.

Having an authenticator is not enough: a session signed in with a password alone (the old admin
log-in form did that, unthrottled) is sent to re-enter a code before any staff page is served.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from workfair.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    FreelancerFactory,
    log_in_with_two_factor,
    totp_code,
    with_totp,
)
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]

STAFF_PAGES = ["/console/", "/console/identity/", "/admin/"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    # allauth keeps its rate-limit counters and used TOTP codes in the cache.
    cache.clear()
    yield
    cache.clear()


def test_admin_login_form_does_not_sign_staff_in_with_a_password(client: Any) -> None:
    staff = with_totp(StaffFactory())

    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    for url in ["/console/", "/console/identity/"]:
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"] == f"/accounts/login/?next={url}"
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 302
    assert admin_page["Location"] == "/admin/login/?next=/admin/"


def test_admin_login_page_sends_people_to_the_site_log_in(client: Any) -> None:
    response = client.get("/admin/login/?next=/admin/jobs/job/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/jobs/job/"


def test_admin_login_does_not_redirect_off_site(client: Any) -> None:
    staff = with_totp(StaffFactory())
    log_in_with_two_factor(client, staff)

    response = client.get("/admin/login/?next=https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_session_without_a_code_is_sent_to_reauthenticate(client: Any, url: str) -> None:
    staff = with_totp(StaffFactory())
    client.force_login(staff)  # signed in, but this session never passed the two-factor step

    response = client.get(url, follow=True)

    assert response.redirect_chain[-1] == (f"/accounts/2fa/reauthenticate/?next={url}", 302)
    assert response.status_code == 200
    assert b'name="code"' in response.content


def test_reauthenticating_with_the_code_opens_the_staff_pages(client: Any) -> None:
    staff = with_totp(StaffFactory())
    client.force_login(staff)
    assert client.get("/console/").status_code == 302

    wrong = client.post("/accounts/2fa/reauthenticate/?next=/console/", {"code": "000000"})
    assert wrong.status_code == 200  # the form again, with its error
    assert client.get("/console/").status_code == 302

    done = client.post("/accounts/2fa/reauthenticate/?next=/console/", {"code": totp_code()})

    assert done.status_code == 302
    assert done["Location"] == "/console/"
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 200, url


def test_staff_log_in_through_the_site_with_password_and_code(client: Any) -> None:
    staff = with_totp(StaffFactory(is_superuser=True))

    first = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert first.status_code == 302
    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/console/").status_code == 302  # the password alone signs nobody in

    second = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})

    assert second.status_code == 302
    assert second["Location"] == "/admin/"
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 200, url


def test_staff_without_an_authenticator_are_sent_to_set_one_up_from_the_admin_too(client: Any) -> None:
    client.force_login(StaffFactory())

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[:2] == [
        ("/admin/login/?next=/admin/", 302),
        ("/accounts/2fa/totp/activate/?next=/admin/", 302),
    ]


def test_signed_in_non_staff_are_refused_by_the_admin(client: Any) -> None:
    log_in_with_two_factor(client, with_totp(FreelancerFactory()))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert b"staff" in response.content
