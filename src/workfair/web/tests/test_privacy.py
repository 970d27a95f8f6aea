"""The privacy page and the footer that links to it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    """The page's visible text, tags dropped and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def footer_of(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def test_privacy_page_renders_for_a_visitor_in_the_site_layout() -> None:
    response = Client().get("/privacy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="privacy-title">Privacy</h1>' in html
    assert '<nav class="nav" aria-label="Main">' in html
    text = text_of(html)
    assert "Nothing is sold" in text
    assert "No third-party trackers" in text
    # the export and the deletion, with what is erased and what is kept (docs/rules.md "Your data")
    assert "“Prepare my data” builds a ZIP" in text
    assert "Your account is erased 14 days later" in text
    assert "so a ban stays in force if the same person signs up again" in text
    assert f"mailto:{settings.WORKFAIR_SUPPORT_EMAIL}" in html


def test_privacy_page_renders_for_a_signed_in_person_with_links_to_their_settings(client_user: Any) -> None:
    client = Client()
    client.force_login(client_user)

    response = client.get("/privacy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{reverse("profiles:edit")}">profile</a>' in html
    assert f'<a href="{reverse("accounts:settings")}">settings</a>' in html


def test_privacy_page_states_the_configured_retention_periods(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {
        **settings.WORKFAIR_IDENTITY,
        "IMAGE_RETENTION_DAYS": 47,
        "VIDEO_WINDOW_DAYS": 19,
        "PHONE_CODE_MINUTES": 7,
        "STEP_UP_HOURS": 31,
    }
    settings.WORKFAIR = {**settings.WORKFAIR, "JOB_EXPIRY_DAYS": 23}
    settings.SESSION_COOKIE_AGE = 5 * 86400

    text = text_of(Client().get("/privacy/").content.decode())

    assert "Deleted 47 days after the final decision" in text
    assert "deleted 47 days after the final decision" in text  # the summary says the same
    assert "within 19 days of approval" in text
    assert "valid for 7 minutes" in text
    assert "open for 31 hours" in text
    assert "closes after 23 days" in text
    assert "up to 5 days" in text
    assert "90 days" not in text


def test_privacy_page_names_only_the_outside_services_that_are_configured(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {
        **settings.WORKFAIR_IDENTITY,
        "PHONE_PROVIDER": "console",
        "VERIFICATION_PROVIDER": "workfair",
        "MEETING_URL": "https://meet.example.org/workfair-{token}",
    }
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "PROCESSOR": "sandbox"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    text = text_of(Client().get("/privacy/").content.decode())

    assert "Stripe" not in text
    assert "Twilio" not in text
    assert "mail server" not in text
    assert "The video service at meet.example.org" in text
    assert "Handled on this site without an outside service: payments, identity checks, phone codes, e-mail." in text


def test_privacy_page_names_each_configured_processor_and_what_it_sees(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {
        **settings.WORKFAIR_IDENTITY,
        "PHONE_PROVIDER": "twilio",
        "VERIFICATION_PROVIDER": "stripe",
    }
    settings.WORKFAIR_PAYMENTS = {**settings.WORKFAIR_PAYMENTS, "PROCESSOR": "stripe"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.mail.example"

    text = text_of(Client().get("/privacy/").content.decode())

    assert "Stripe (payments) sees your card or bank details" in text
    assert "Stripe Identity (identity verification) sees your document and selfie" in text
    assert "Twilio (text messages and calls) sees your phone number" in text
    assert "The mail server smtp.mail.example sees your e-mail address" in text
    assert "Handled on this site without an outside service" not in text


def test_privacy_page_loads_nothing_from_another_site_and_has_no_inline_script_or_style() -> None:
    html = Client().get("/privacy/").content.decode()

    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert " style=" not in html
    # the one inline script is the layout's, carrying the request's CSP nonce
    assert all("nonce=" in tag for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html))


def test_privacy_page_refuses_a_post() -> None:
    assert Client().post("/privacy/").status_code == 405


def test_home_page_footer_links_to_privacy_and_contact() -> None:
    footer = footer_of(Client().get("/").content.decode())

    assert '<a href="/privacy/">Privacy</a>' in footer
    assert f'<a href="mailto:{settings.WORKFAIR_SUPPORT_EMAIL}">Contact</a>' in footer


def test_footer_links_to_privacy_on_a_signed_in_page_too(client_user: Any) -> None:
    client = Client()
    client.force_login(client_user)

    footer = footer_of(client.get("/dashboard/").content.decode())

    assert '<a href="/privacy/">Privacy</a>' in footer


def test_privacy_table_labels_every_cell_for_the_stacked_phone_layout() -> None:
    html = Client().get("/privacy/").content.decode()
    table = html.split('<table class="table table-stacked">', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<td[^>]*>", table)

    assert len(cells) >= 20
    assert all(re.fullmatch(r'<td data-label="(Why|How long)">', cell) for cell in cells), cells
