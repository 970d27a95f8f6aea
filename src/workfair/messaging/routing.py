"""Websocket routes of the messaging app."""

websocket_urlpatterns: list = []  # type: ignore[type-arg]
