"""The phone pages under /account/phone/: enter a number, enter the code, send it again or call;
errors as form errors with their 4xx; CSRF; the DEBUG-only outbox; and, through the jobs and
proposals pages, posting and bidding refused until the phone is verified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory, log_in_with_two_factor, with_totp
from workfair.core import clock
from workfair.identity.models import PhoneChallenge
from workfair.identity.phone.providers import clear_console_outbox, console_outbox
from workfair.identity.phone.queries import phone_verified
from workfair.identity.states import ChallengeStatus
from workfair.jobs.models import Job
from workfair.jobs.tests.factories import CategoryFactory, JobFactory
from workfair.proposals.models import Proposal
from workfair.proposals.tests.factories import COVER_LETTER

pytestmark = pytest.mark.django_db

MOBILE = "+44 7400 123456"
MASKED = "+44 •••• ••34 56"
T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _console_provider(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "PHONE_PROVIDER": "console"}
    clear_console_outbox()


def signed_in(user: Any, **kwargs: Any) -> Client:
    browser = Client(**kwargs)
    browser.force_login(user)
    return browser


def ask_for_code(browser: Client, capture: Any, number: str = MOBILE, channel: str = "sms") -> Any:
    with capture(execute=True):
        return browser.post(reverse("identity:phone"), {"number": number, "channel": channel})


def verify_through_pages(browser: Client, capture: Any) -> None:
    assert ask_for_code(browser, capture).status_code == 302
    response = browser.post(reverse("identity:phone_confirm"), {"code": console_outbox()[0].code})
    assert response.status_code == 302


def test_pages_need_sign_in(client: Client) -> None:
    for name in ("identity:phone", "identity:phone_confirm"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.post(reverse("identity:phone_resend")).status_code == 302
    assert not PhoneChallenge.objects.exists()


def test_from_number_to_verified_through_the_pages(django_capture_on_commit_callbacks: Any) -> None:
    user = FreelancerFactory()
    browser = signed_in(user)
    page = browser.get(reverse("identity:phone"))
    assert page.status_code == 200
    assert 'name="number"' in page.content.decode()
    assert 'value="voice"' in page.content.decode()
    sent = ask_for_code(browser, django_capture_on_commit_callbacks)
    assert (sent.status_code, sent["Location"]) == (302, reverse("identity:phone_confirm"))
    confirm = browser.get(reverse("identity:phone_confirm"))
    text = confirm.content.decode()
    assert f"We sent a text message with the code to {MASKED}" in text  # the flash message
    assert 'autocomplete="one-time-code"' in text
    assert "Call me instead" in text
    code = console_outbox()[0].code
    wrong = f"{(int(code) + 1) % 100_000:05d}"
    refused = browser.post(reverse("identity:phone_confirm"), {"code": wrong})
    assert refused.status_code == 400
    assert "That code is not right. You have 4 attempts left." in refused.content.decode()
    done = browser.post(reverse("identity:phone_confirm"), {"code": code})
    assert (done.status_code, done["Location"]) == (302, reverse("identity:phone"))
    assert phone_verified(user)
    verified_page = browser.get(reverse("identity:phone")).content.decode()
    assert f"Your verified number: <strong>{MASKED}</strong>" in verified_page
    assert "7400123456" not in verified_page  # only ever shown masked


@pytest.mark.parametrize(
    ("number", "message"),
    [("12345", "That is not a valid phone number"), ("+44 56 1234 5678", "Internet (VoIP) numbers can&#x27;t be used")],
)
def test_a_refused_number_is_a_form_error(number: str, message: str) -> None:
    response = signed_in(FreelancerFactory()).post(reverse("identity:phone"), {"number": number, "channel": "sms"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="field field-error"' in response.content.decode()
    assert not PhoneChallenge.objects.exists()


def test_a_number_in_use_is_a_409_form_error(django_capture_on_commit_callbacks: Any) -> None:
    verify_through_pages(signed_in(ClientFactory()), django_capture_on_commit_callbacks)
    response = signed_in(FreelancerFactory()).post(reverse("identity:phone"), {"number": MOBILE, "channel": "sms"})
    assert response.status_code == 409
    assert "This number is already in use on another account." in response.content.decode()


def test_resend_too_soon_then_call_me_instead(django_capture_on_commit_callbacks: Any) -> None:
    browser = signed_in(FreelancerFactory())
    with clock.frozen_at(T0):
        ask_for_code(browser, django_capture_on_commit_callbacks)
    with clock.frozen_at(T0 + dt.timedelta(seconds=20)):
        too_soon = browser.post(reverse("identity:phone_resend"), {"channel": "sms"})
        assert too_soon.status_code == 429
        assert "Wait 40 seconds before asking for the code again." in too_soon.content.decode()
    with clock.frozen_at(T0 + dt.timedelta(seconds=61)), django_capture_on_commit_callbacks(execute=True):
        call = browser.post(reverse("identity:phone_resend"), {"channel": "voice"})
    assert (call.status_code, call["Location"]) == (302, reverse("identity:phone_confirm"))
    assert console_outbox()[0].channel == "voice"
    with clock.frozen_at(T0 + dt.timedelta(seconds=62)):
        page = browser.get(reverse("identity:phone_confirm")).content.decode()
    assert f"We are calling {MASKED} now to read you the code." in page
    assert "We called" in page


def test_too_many_wrong_codes_leave_a_way_to_start_again(django_capture_on_commit_callbacks: Any) -> None:
    browser = signed_in(FreelancerFactory())
    ask_for_code(browser, django_capture_on_commit_callbacks)
    code = console_outbox()[0].code
    wrong = f"{(int(code) + 1) % 100_000:05d}"
    for _ in range(4):
        browser.post(reverse("identity:phone_confirm"), {"code": wrong})
    last = browser.post(reverse("identity:phone_confirm"), {"code": wrong})
    assert last.status_code == 400
    text = last.content.decode()
    assert "Too many wrong codes: ask for a new one." in text
    assert "Get a new code" in text
    assert PhoneChallenge.objects.get().status == ChallengeStatus.FAILED


def test_the_confirm_page_without_a_code_sends_back_to_the_number(client: Client) -> None:
    response = signed_in(FreelancerFactory()).get(reverse("identity:phone_confirm"))
    assert (response.status_code, response["Location"]) == (302, reverse("identity:phone"))


def test_forms_need_the_csrf_token() -> None:
    browser = signed_in(FreelancerFactory(), enforce_csrf_checks=True)
    for name in ("identity:phone", "identity:phone_confirm", "identity:phone_resend"):
        assert browser.post(reverse(name), {"number": MOBILE, "channel": "sms", "code": "12345"}).status_code == 403
    assert not PhoneChallenge.objects.exists()


def test_the_dev_outbox_exists_only_in_debug(django_capture_on_commit_callbacks: Any, settings: Any) -> None:
    browser = signed_in(FreelancerFactory())
    ask_for_code(browser, django_capture_on_commit_callbacks)
    settings.DEBUG = False
    assert browser.get(reverse("identity:phone_dev_outbox")).status_code == 404
    assert "dev outbox" not in browser.get(reverse("identity:phone")).content.decode()
    settings.DEBUG = True
    page = browser.get(reverse("identity:phone_dev_outbox"))
    assert page.status_code == 200
    assert f"<code>{console_outbox()[0].code}</code>" in page.content.decode()
    assert "dev outbox" in browser.get(reverse("identity:phone")).content.decode()


def test_the_dev_outbox_shows_only_the_persons_own_codes_and_staff_all(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.DEBUG = True
    owner, other = signed_in(FreelancerFactory()), signed_in(FreelancerFactory())
    ask_for_code(owner, django_capture_on_commit_callbacks)
    code = console_outbox()[0].code

    assert Client().get(reverse("identity:phone_dev_outbox")).status_code == 302  # to log in
    for_other = other.get(reverse("identity:phone_dev_outbox"))
    assert for_other.status_code == 200
    assert f"<code>{code}</code>" not in for_other.content.decode()
    assert "+447400123456" not in for_other.content.decode()
    assert f"<code>{code}</code>" in owner.get(reverse("identity:phone_dev_outbox")).content.decode()
    staff = Client()
    log_in_with_two_factor(staff, with_totp(FreelancerFactory(is_staff=True)))  # staff powers need the code
    assert f"<code>{code}</code>" in staff.get(reverse("identity:phone_dev_outbox")).content.decode()


# --- the requirement, through the jobs and proposals pages -------------------------------------


@pytest.fixture
def phone_required(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "REQUIRE_PHONE_FOR": ["post_job", "bid"]}


def job_form() -> dict[str, Any]:
    return {
        "title": "Build a landing page for our launch",
        "description": "We need a responsive landing page for our product launch, with a signup form and analytics.",
        "category": CategoryFactory(slug="web").slug,
        "budget_type": "fixed",
        "currency": "USD",
        "budget_min": "500.00",
        "budget_max": "",
        "duration": "lt1m",
        "experience_level": "intermediate",
        "visibility": "public",
        "intent": "draft",
    }


@pytest.mark.phone_required
@pytest.mark.usefixtures("phone_required")
def test_posting_a_job_needs_a_verified_phone(django_capture_on_commit_callbacks: Any) -> None:
    browser = signed_in(ClientFactory())
    form_page = browser.get(reverse("jobs:create")).content.decode()
    # Said before the form is filled in, with the way to do it one click away.
    assert 'post a job: <a href="/account/phone/">/account/phone/</a>' in form_page
    refused = browser.post(reverse("jobs:create"), job_form())
    assert refused.status_code == 403
    assert 'post a job: <a href="/account/phone/">' in refused.content.decode()
    assert not Job.objects.exists()
    verify_through_pages(browser, django_capture_on_commit_callbacks)
    assert "Verify your phone number" not in browser.get(reverse("jobs:create")).content.decode()
    assert browser.post(reverse("jobs:create"), job_form()).status_code == 302
    assert Job.objects.count() == 1


@pytest.mark.phone_required
@pytest.mark.usefixtures("phone_required")
def test_sending_a_proposal_needs_a_verified_phone(django_capture_on_commit_callbacks: Any) -> None:
    job: Any = JobFactory(client=ClientFactory(), proposal_credits=4)
    browser = signed_in(FreelancerFactory())
    proposal = {"cover_letter": COVER_LETTER, "amount": "350.50", "estimated_duration": "lt1m"}
    form_page = browser.get(f"/jobs/{job.pk}/apply/").content.decode()
    assert 'send a proposal: <a href="/account/phone/">/account/phone/</a>' in form_page
    refused = browser.post(f"/jobs/{job.pk}/apply/", proposal)
    assert refused.status_code == 403
    assert "Verify your phone number before you send a proposal:" in refused.content.decode()
    assert not Proposal.objects.exists()
    verify_through_pages(browser, django_capture_on_commit_callbacks)
    assert "Verify your phone number" not in browser.get(f"/jobs/{job.pk}/apply/").content.decode()
    assert browser.post(f"/jobs/{job.pk}/apply/", proposal).status_code == 302
    assert Proposal.objects.count() == 1
