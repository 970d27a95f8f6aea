"""Websocket routes of the support app (config.routing includes this list)."""

from django.urls import path

from workfair.support.consumers import AgentConsumer, ChatConsumer

websocket_urlpatterns = [
    path("ws/support/chat/<int:session_id>/", ChatConsumer.as_asgi()),
    path("ws/support/agent/", AgentConsumer.as_asgi()),
]
