"""A websocket connection's log lines carry a request id, like an HTTP request's: the proxy's
X-Request-ID when it is a short token, otherwise a new one per connection."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from channels.generic.websocket import WebsocketConsumer
from channels.testing import WebsocketCommunicator

from workfair.ops.logs import JsonFormatter, RequestIdFilter
from workfair.ops.websockets import CountWebsocketConnections


class LoggingConsumer(WebsocketConsumer):
    """A synchronous consumer (run in a thread, as the project's are) that logs as it works."""

    def connect(self) -> None:
        logging.getLogger("workfair.messaging.consumers").warning("consumer connected")
        self.accept()

    def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        logging.getLogger("workfair.messaging.consumers").warning("event received")
        self.send(text_data=self.scope["request_id"])


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = [(name, logging.getLogger(name).level) for name in ("workfair.access", "workfair.messaging")]
    for name, _ in previous:
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        for name, level in previous:
            logging.getLogger(name).setLevel(level)


async def talk(headers: list[tuple[bytes, bytes]]) -> str:
    app = CountWebsocketConnections(LoggingConsumer.as_asgi())
    communicator = WebsocketCommunicator(app, "/ws/conversations/7/?token=secret", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data="hello")
    answer = await communicator.receive_from()
    await communicator.disconnect()
    return str(answer)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.asyncio
async def test_every_line_of_a_connection_carries_the_proxys_request_id(log_lines: io.StringIO) -> None:
    answer = await talk([(b"x-request-id", b"edge-7f3a.42")])
    assert answer == "edge-7f3a.42"  # the consumer sees it in its scope too
    logged = lines(log_lines)
    assert [line["message"] for line in logged] == [
        "websocket open", "consumer connected", "event received", "websocket closed"
    ]  # fmt: skip
    assert {line["request_id"] for line in logged} == {"edge-7f3a.42"}
    assert logged[0]["path"] == "/ws/conversations/7/"  # never the query string
    assert "secret" not in log_lines.getvalue()
    assert isinstance(logged[-1]["seconds_open"], float)


@pytest.mark.asyncio
async def test_a_connection_without_a_usable_id_gets_its_own(log_lines: io.StringIO) -> None:
    first = await talk([(b"x-request-id", b"not a token; drop table")])
    second = await talk([])
    assert (len(first), len(second)) == (32, 32)
    assert first != second
    by_id: dict[str, list[str]] = {}
    for line in lines(log_lines):
        by_id.setdefault(line["request_id"], []).append(line["message"])
    assert by_id == {
        first: ["websocket open", "consumer connected", "event received", "websocket closed"],
        second: ["websocket open", "consumer connected", "event received", "websocket closed"],
    }
