"""Counts open websocket connections for Prometheus (`workfair_websocket_connections`)."""

from __future__ import annotations

from typing import Any

from prometheus_client import Gauge

WEBSOCKET_CONNECTIONS = Gauge(
    "workfair_websocket_connections",
    "Websocket connections open now",
    multiprocess_mode="livesum",
)


class CountWebsocketConnections:
    """ASGI middleware: one more while a websocket connection's application runs, one less after.

    A Channels consumer's application call lasts as long as its connection, so the gauge is the
    number of connections this process holds."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        WEBSOCKET_CONNECTIONS.inc()
        try:
            return await self.app(scope, receive, send)
        finally:
            WEBSOCKET_CONNECTIONS.dec()
