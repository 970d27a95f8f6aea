"""Websocket routes of the notifications app (included by messaging.routing)."""

from django.urls import path

from workfair.notifications.consumers import UserEventsConsumer

websocket_urlpatterns = [
    path("ws/notifications/", UserEventsConsumer.as_asgi()),
]
