"""A freelancer's first day, as far as it reaches today (issue 13): signs up and confirms the
e-mail, meets the getting-started checklist, chooses which notices reach them and how, and reads
their inbox, where an invitation's thread opens with its text. The pages this work changed (the
notification settings and list, the inbox, a conversation, the invite form) fit the window at 1280
and 390 px, and a screenshot of each is kept in the test's temporary directory."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.flows import OVERFLOW, log_in, sign_up_and_confirm
from workfair.accounts.tests.factories import DEFAULT_PASSWORD, ClientFactory, FreelancerFactory
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.models import Conversation
from workfair.messaging.tests.factories import ConversationFactory
from workfair.notifications.actions import do_notify
from workfair.notifications.models import NotificationPreference
from workfair.proposals.actions import do_invite_freelancer

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _fits_at_each_width(page: Any, path: str, name: str, tmp_path: Any, heading: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.get_by_role("heading", name=heading).first.wait_for()
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        sizes = page.evaluate(OVERFLOW)
        assert sizes["scroll"] <= sizes["viewport"], (name, width, sizes)
        assert sizes["widest"] <= sizes["viewport"], (name, width, sizes)


def test_a_new_freelancer_signs_up_sees_the_checklist_and_sets_notifications(page: Any, tmp_path: Any) -> None:
    page.set_default_timeout(60_000)  # password hashing on a busy machine can outlast the default
    sign_up_and_confirm(page, email="nia@example.com", first_name="Nia", last_name="Okafor", work=True)
    page.goto("/dashboard/")
    page.get_by_role("heading", name="Getting started").wait_for()

    _fits_at_each_width(page, "/notifications/settings/", "notification-settings", tmp_path, "Notification settings")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/notifications/settings/")
    page.get_by_label("By e-mail").nth(1).select_option("daily")  # proposals and invitations
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Your notification settings are saved.").wait_for()
    saved = NotificationPreference.objects.get(user__email="nia@example.com", category="proposals")
    assert (saved.in_app, saved.email) == (True, "daily")


def test_a_client_with_a_burst_and_a_freelancer_with_an_invitation(page: Any, tmp_path: Any) -> None:
    client = ClientFactory()
    freelancer = FreelancerFactory()
    job = JobFactory(client=client, title="Shop redesign")
    for n in range(1, 6):
        do_notify(client, kind="proposal.received", title=f"New proposal #{n} on Shop redesign", url=f"/jobs/{job.pk}/")
    ConversationFactory(client=client, freelancer=freelancer, job=job, subject="Shop redesign")
    do_invite_freelancer(actor=client, job=JobFactory(client=client, title="Logo"), freelancer=freelancer,
                         message="Your logo work is lovely; would you propose?")  # fmt: skip

    log_in(page, email=client.email, password=DEFAULT_PASSWORD)
    _fits_at_each_width(page, "/notifications/", "notifications-grouped", tmp_path, "Notifications")
    assert page.get_by_text("and 4 more like this").is_visible()
    _fits_at_each_width(page, "/messages/", "inbox-by-person", tmp_path, "Messages")
    assert page.get_by_text(f"Also with {freelancer.public_name}:").is_visible()
    _fits_at_each_width(page, f"/jobs/{job.pk}/invite/", "invite-form", tmp_path, "Invite a freelancer")

    page.context.clear_cookies()
    log_in(page, email=freelancer.email, password=DEFAULT_PASSWORD)
    thread = Conversation.objects.get(invitation__isnull=False)
    _fits_at_each_width(page, f"/messages/{thread.pk}/", "invitation-thread", tmp_path, client.public_name)
    assert page.locator("#opening-note").get_by_text("Your logo work is lovely; would you propose?").is_visible()
