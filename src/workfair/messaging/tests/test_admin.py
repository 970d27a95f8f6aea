"""The admin pages of messaging and notifications open for staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workfair.accounts.tests.factories import UserFactory, log_in_with_two_factor, with_totp
from workfair.messaging.tests.factories import MessageFactory
from workfair.notifications.tests.factories import NotificationFactory


@pytest.mark.parametrize(
    "name",
    [
        "admin:messaging_conversation_changelist",
        "admin:messaging_message_changelist",
        "admin:notifications_notification_changelist",
    ],
)
@pytest.mark.django_db
def test_admin_lists_open(client, name):
    MessageFactory()
    NotificationFactory()
    log_in_with_two_factor(client, with_totp(UserFactory(is_staff=True, is_superuser=True)))

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_admin_change_pages_open(client):
    message = MessageFactory()
    log_in_with_two_factor(client, with_totp(UserFactory(is_staff=True, is_superuser=True)))

    assert client.get(reverse("admin:messaging_message_change", args=[message.pk])).status_code == 200
    conversation_url = reverse("admin:messaging_conversation_change", args=[message.conversation_id])
    assert client.get(conversation_url).status_code == 200
