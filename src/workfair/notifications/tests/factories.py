"""Factories for notifications."""

from __future__ import annotations

import factory

from workfair.accounts.tests.factories import UserFactory
from workfair.core import clock
from workfair.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test.event"
    title = factory.Sequence(lambda n: f"Something happened #{n}")
    body = "Details of what happened."
    url = "/dashboard/"
    created_at = factory.LazyFunction(clock.now)
