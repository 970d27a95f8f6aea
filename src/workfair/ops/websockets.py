"""Websockets seen by the operator: how many are open (`workfair_websocket_connections`), and a
request id on every log line of a connection, like an HTTP request's (docs/operations.md, "Logs").

The id comes from the handshake's `X-Request-ID` header when it is a short token (a proxy's), or is
made; it is kept in `scope["request_id"]` and in the log context for as long as the connection
lives, so the consumer's lines, and the tasks it enqueues, carry it. One access line when the
connection opens and one when it closes (path, never the query string; seconds open).
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Gauge

from workfair.ops.logs import _ACCEPTED_ID, access_logger, new_request_id, request_id

WEBSOCKET_CONNECTIONS = Gauge(
    "workfair_websocket_connections",
    "Websocket connections open now",
    multiprocess_mode="livesum",
)


def _offered_id(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers") or []:
        if name.lower() == b"x-request-id":
            offered = value.decode("latin-1")
            return offered if _ACCEPTED_ID.match(offered) else ""
    return ""


class CountWebsocketConnections:
    """ASGI middleware: one more while a websocket connection's application runs, one less after;
    the connection's request id in the log context meanwhile.

    A Channels consumer's application call lasts as long as its connection, so the gauge is the
    number of connections this process holds, and everything the consumer does runs inside it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        rid = _offered_id(scope) or new_request_id()
        token = request_id.set(rid)
        scope = {**scope, "request_id": rid}
        path = str(scope.get("path", ""))[:200]
        started = time.perf_counter()
        WEBSOCKET_CONNECTIONS.inc()
        access_logger.info("websocket open", extra={"path": path})
        try:
            return await self.app(scope, receive, send)
        finally:
            WEBSOCKET_CONNECTIONS.dec()
            access_logger.info(
                "websocket closed", extra={"path": path, "seconds_open": round(time.perf_counter() - started, 1)}
            )
            request_id.reset(token)
