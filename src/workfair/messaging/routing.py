"""Websocket routes of the messaging app (config.routing includes this list).

The per-person channel of the notifications app is listed here too, so one include serves both."""

from django.urls import path

from workfair.messaging.consumers import ConversationConsumer
from workfair.notifications.routing import websocket_urlpatterns as notifications_ws

websocket_urlpatterns = [
    path("ws/conversations/<int:conversation_id>/", ConversationConsumer.as_asgi()),
    *notifications_ws,
]
