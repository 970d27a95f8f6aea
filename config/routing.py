"""Websocket routes, one per live feature."""

from workfair.messaging.routing import websocket_urlpatterns as messaging_ws
from workfair.support.routing import websocket_urlpatterns as support_ws

websocket_urlpatterns = [*messaging_ws, *support_ws]
