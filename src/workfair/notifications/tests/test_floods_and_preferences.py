"""Notification floods (issue 13, item 5): one notice per event, bursts grouped, preferences per
category and channel, the daily digest, and no "how to appeal" on decisions in the person's favour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client

from workfair.accounts.tests.factories import UserFactory
from workfair.core import clock
from workfair.core.errors import InvalidInput
from workfair.notifications.actions import (
    do_mark_all_read,
    do_notify,
    do_send_daily_digests,
    do_set_notification_preferences,
)
from workfair.notifications.models import Notification, NotificationPreference
from workfair.notifications.queries import notifications_for_user, unread_notification_count

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def person(db: Any) -> Any:
    return UserFactory(email="casey@example.com")


def _proposal(person: Any, n: int) -> Notification:
    return do_notify(person, kind="proposal.received", title=f"New proposal #{n}", url=f"/proposals/{n}/")


@pytest.mark.django_db
def test_the_same_event_twice_is_one_notice_and_one_email(person: Any, django_capture_on_commit_callbacks: Any) -> None:
    with clock.frozen_at(START), django_capture_on_commit_callbacks(execute=True):
        first = do_notify(person, kind="offer.received", title="You have an offer", url="/offers/3/")
        again = do_notify(person, kind="offer.received", title="You have an offer (updated)", url="/offers/3/")

    assert first.pk == again.pk
    assert Notification.objects.filter(recipient=person).count() == 1
    row = Notification.objects.get()
    assert (row.count, row.title, row.grouped) == (2, "You have an offer (updated)", [])
    assert len(mail.outbox) == 1
    assert unread_notification_count(person) == 1


@pytest.mark.django_db
def test_a_burst_of_one_kind_is_one_unread_notice_with_the_earlier_ones_listed(
    person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 49):
            with clock.frozen_at(START + dt.timedelta(seconds=12 * n)):  # 48 in ten minutes
                _proposal(person, n)

    assert unread_notification_count(person) == 1
    row = Notification.objects.get(recipient=person)
    assert row.count == 48
    assert row.title == "New proposal #48"
    assert row.grouped[0] == {"title": "New proposal #47", "url": "/proposals/47/"}
    assert len(row.grouped) == 20
    assert len(mail.outbox) == 1  # the first of the burst


@pytest.mark.django_db
def test_events_apart_in_time_or_after_reading_are_separate_notices(person: Any) -> None:
    with clock.frozen_at(START):
        _proposal(person, 1)
    with clock.frozen_at(START + dt.timedelta(minutes=16)):  # past the 15-minute window
        _proposal(person, 2)
    with clock.frozen_at(START + dt.timedelta(minutes=17)):
        do_notify(person, kind="offer.received", title="Offer", url="/offers/1/")  # another kind
    assert Notification.objects.filter(recipient=person).count() == 3

    do_mark_all_read(actor=person)
    with clock.frozen_at(START + dt.timedelta(minutes=18)):
        _proposal(person, 3)  # would have joined #2, but #2 was read
    assert Notification.objects.filter(recipient=person).count() == 4
    assert unread_notification_count(person) == 1


@pytest.mark.django_db
def test_trust_decisions_are_never_merged_into_a_burst(person: Any) -> None:
    with clock.frozen_at(START):
        do_notify(person, kind="trust.decision", title="Held", url="/standing/decisions/1/")
        do_notify(person, kind="trust.decision", title="Released", url="/standing/decisions/2/")
    assert Notification.objects.filter(recipient=person, kind="trust.decision").count() == 2


@pytest.mark.django_db
def test_in_app_off_hides_the_category_and_email_off_sends_nothing(
    person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    do_set_notification_preferences(actor=person, choices={"proposals": (False, "off")})
    with clock.frozen_at(START), django_capture_on_commit_callbacks(execute=True):
        _proposal(person, 1)
        do_notify(person, kind="offer.received", title="Offer", url="/offers/1/")

    assert [n.kind for n in notifications_for_user(person).items] == ["offer.received"]
    assert unread_notification_count(person) == 1
    assert [m.subject for m in mail.outbox] == ["[Workfair] Offer"]


@pytest.mark.django_db
def test_daily_digest_collects_the_waiting_notices_in_one_email_once(
    person: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://workfair.example"
    do_set_notification_preferences(actor=person, choices={"proposals": (True, "daily"), "payments": (True, "daily")})
    with clock.frozen_at(START), django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 4):
            _proposal(person, n)
        do_notify(person, kind="milestone.funded", title="Milestone funded", url="/contracts/9/")
    assert mail.outbox == []  # nothing right away

    with django_capture_on_commit_callbacks(execute=True):
        assert do_send_daily_digests() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["casey@example.com"]
    assert digest.subject == "[Workfair] Your daily digest: 4 updates"
    assert "- New proposal #3 (and 2 more like it)" in digest.body
    assert "https://workfair.example/contracts/9/" in digest.body
    assert "https://workfair.example/notifications/settings/" in digest.body

    with django_capture_on_commit_callbacks(execute=True):
        assert do_send_daily_digests() == 0  # nothing new: nothing sent
    assert len(mail.outbox) == 1


def test_the_digest_runs_daily_on_the_beat_schedule() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-daily-notification-digests"]
    assert entry == {"task": "notifications.send_daily_digests", "schedule": 24 * 60 * 60}


@pytest.mark.django_db
def test_what_cannot_be_switched_off_is_refused_and_nothing_is_saved(person: Any) -> None:
    with pytest.raises(InvalidInput):
        do_set_notification_preferences(actor=person, choices={"proposals": (False, "off"), "trust": (False, "now")})
    with pytest.raises(InvalidInput):
        do_set_notification_preferences(actor=person, choices={"security": (True, "daily")})
    with pytest.raises(InvalidInput):
        do_set_notification_preferences(actor=person, choices={"nonsense": (True, "now")})
    with pytest.raises(InvalidInput):
        do_set_notification_preferences(actor=person, choices={"jobs": (True, "weekly")})
    assert NotificationPreference.objects.count() == 0


@pytest.mark.django_db
def test_settings_page_shows_and_saves_the_choices(person: Any) -> None:
    browser = Client()
    browser.force_login(person)
    page = browser.get("/notifications/settings/")
    assert page.status_code == 200
    assert b"Proposals and invitations" in page.content
    assert b"In a daily digest" in page.content

    form = {}
    for category in [
        "messages",
        "proposals",
        "contracts",
        "payments",
        "feedback",
        "jobs",
        "security",
        "trust",
        "other",
    ]:
        form[f"in_app_{category}"] = "on"
        form[f"email_{category}"] = "now"
    form["email_proposals"] = "daily"
    del form["in_app_jobs"]
    form["email_security"] = "off"  # disabled field: ignored, stays "now"
    response = browser.post("/notifications/settings/", form)
    assert response.status_code == 302
    saved = {p.category: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=person)}
    assert saved["proposals"] == (True, "daily")
    assert saved["jobs"] == (False, "now")
    assert saved["security"] == (True, "now")


@pytest.mark.django_db
def test_settings_page_refuses_a_made_up_choice_with_a_form_error(person: Any) -> None:
    browser = Client()
    browser.force_login(person)
    response = browser.post("/notifications/settings/", {"email_proposals": "hourly"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert NotificationPreference.objects.count() == 0


def test_settings_page_needs_sign_in(db: Any) -> None:
    response = Client().get("/notifications/settings/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_api_reads_and_changes_preferences_and_refuses_bad_ones(person: Any) -> None:
    api = Client()
    api.force_login(person)
    url = "/api/v1/notifications/preferences"
    listed = {row["category"]: row for row in api.get(url).json()}
    assert listed["proposals"]["email"] == "now"
    assert listed["trust"]["in_app_locked"] is True

    changed = api.put(
        url, [{"category": "proposals", "in_app": True, "email": "daily"}], content_type="application/json"
    )
    assert changed.status_code == 200
    assert {r["category"]: r["email"] for r in changed.json()}["proposals"] == "daily"

    refused = api.put(url, [{"category": "trust", "in_app": False, "email": "now"}], content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    assert not NotificationPreference.objects.filter(category="trust").exists()
