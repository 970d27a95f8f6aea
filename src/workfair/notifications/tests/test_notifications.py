"""Notifications: creation with an e-mail copy, read state, pages, API and the badge tag."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from workfair.accounts.tests.factories import UserFactory
from workfair.core.errors import NotFound
from workfair.core.models import AuditLogEntry
from workfair.notifications.actions import (
    do_mark_all_read,
    do_mark_notification_read,
    do_mark_notifications_read_for_url,
    do_notify,
)
from workfair.notifications.models import Notification
from workfair.notifications.queries import notifications_for_user, unread_notification_count
from workfair.notifications.tests.factories import NotificationFactory

API = "/api/v1/notifications"


@pytest.fixture
def person(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="pat@example.com")


@pytest.mark.django_db
def test_notify_creates_the_notification_and_emails_a_copy_after_commit(
    person, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://workfair.example"
    with django_capture_on_commit_callbacks(execute=True):
        notification = do_notify(person, kind="offer.received", title="You have an offer", body="Look", url="/o/1/")

    assert (notification.recipient_id, notification.kind, notification.read_at) == (person.pk, "offer.received", None)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Workfair] You have an offer"
    assert mail.outbox[0].to == ["pat@example.com"]
    assert "https://workfair.example/o/1/" in mail.outbox[0].body


@pytest.mark.django_db
def test_notify_without_email(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        do_notify(person, kind="x", title="Quiet", email=False)

    assert mail.outbox == []
    assert unread_notification_count(person) == 1


@pytest.mark.django_db
def test_mark_one_read_is_idempotent_and_audited(person):
    notification = NotificationFactory(recipient=person)

    do_mark_notification_read(actor=person, notification=notification)
    first_read_at = Notification.objects.get(pk=notification.pk).read_at
    do_mark_notification_read(actor=person, notification=notification)

    assert first_read_at is not None
    assert Notification.objects.get(pk=notification.pk).read_at == first_read_at
    assert AuditLogEntry.objects.filter(action="notification.read").count() == 1


@pytest.mark.django_db
def test_someone_elses_notification_cannot_be_marked_read(person):
    notification = NotificationFactory()

    with pytest.raises(NotFound):
        do_mark_notification_read(actor=person, notification=notification)

    assert Notification.objects.get(pk=notification.pk).read_at is None


@pytest.mark.django_db
def test_mark_all_read_only_touches_mine(person):
    NotificationFactory.create_batch(3, recipient=person)
    theirs = NotificationFactory()

    assert do_mark_all_read(actor=person) == 3
    assert do_mark_all_read(actor=person) == 0
    assert unread_notification_count(person) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.django_db
def test_mark_read_for_url(person):
    NotificationFactory(recipient=person, url="/messages/1/")
    other = NotificationFactory(recipient=person, url="/messages/2/")

    assert do_mark_notifications_read_for_url(actor=person, url="/messages/1/") == 1
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == [other.pk]


@pytest.mark.parametrize("count", [2, 15])
@pytest.mark.django_db
def test_list_is_newest_first_in_one_query(person, django_assert_max_num_queries, count):
    made = NotificationFactory.create_batch(count, recipient=person)
    NotificationFactory()

    with django_assert_max_num_queries(1):
        result = notifications_for_user(person, page=1, size=10)

    assert [n.pk for n in result.items] == [n.pk for n in reversed(made)][:10]
    assert result.has_next is (count > 10)


@pytest.mark.django_db
def test_notifications_page_and_htmx_mark_read(client, person):
    notification = NotificationFactory(recipient=person, title="Your offer was accepted")
    client.force_login(person)

    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert "Your offer was accepted" in page.content.decode()
    assert "Mark all as read (1)" in page.content.decode()

    fragment = client.post(reverse("notifications:read", args=[notification.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert f'id="notification-{notification.pk}"' in fragment.content.decode()
    assert "Mark as read" not in fragment.content.decode()
    assert unread_notification_count(person) == 0


@pytest.mark.django_db
def test_notification_pages_refuse_other_peoples_notifications(client, person):
    theirs = NotificationFactory(title="Private matter")
    client.force_login(person)

    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert "Private matter" not in client.get(reverse("notifications:list")).content.decode()
    assert Notification.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.django_db
def test_mark_all_read_page(client, person):
    NotificationFactory.create_batch(2, recipient=person)
    client.force_login(person)

    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert unread_notification_count(person) == 0


@pytest.mark.django_db
def test_api_list_unread_count_and_read_all(person):
    first, second = NotificationFactory.create_batch(2, recipient=person)
    api = Client()
    api.force_login(person)

    listed = api.get(f"{API}/").json()
    assert [n["id"] for n in listed["items"]] == [second.pk, first.pk]
    assert listed["items"][0]["read"] is False
    assert api.get(f"{API}/unread-count").json() == {"unread": 2}
    read = api.post(f"{API}/{first.pk}/read").json()
    assert (read["id"], read["read"]) == (first.pk, True)
    assert api.post(f"{API}/read-all").json() == {"marked": 1, "unread": 0}


@pytest.mark.django_db
def test_api_refuses_other_peoples_notifications(person):
    theirs = NotificationFactory()
    api = Client()
    api.force_login(person)

    assert api.post(f"{API}/{theirs.pk}/read").status_code == 404
    assert api.get(f"{API}/").json()["items"] == []
    assert api.post(f"{API}/read-all").json() == {"marked": 0, "unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert Client().get(f"{API}/unread-count").status_code == 401


@pytest.mark.django_db
def test_unread_notification_count_tag(person):
    NotificationFactory.create_batch(2, recipient=person)
    request = RequestFactory().get("/")
    request.user = person
    template = Template("{% load notification_tags %}{% unread_notification_count %}")

    assert template.render(Context({"request": request})) == "2"
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert template.render(Context({"request": request})) == "0"
