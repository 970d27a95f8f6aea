"""Scale-out on the real services, started as an operator would (docs/operations.md): two
`workfair serve` processes and a `workfair worker` against PostgreSQL, Redis and RabbitMQ.

- A message sent through one server reaches a websocket held by the other (the Redis channel layer).
- A task sent through the broker is run by the worker (RabbitMQ, the worker's own process).

Skipped, saying which, when a service is not listening on 127.0.0.1. Every wait polls with a
deadline. The installation they share is started in tests/scaleout/world.py.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from typing import Any

import pytest

from tests.scaleout.world import DELIVERY_SECONDS, IDLE_SECONDS, SEND_TASK, poll, script

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]


def test_a_message_sent_through_one_server_reaches_a_websocket_held_by_the_other(
    installation: dict[str, Any],
) -> None:
    from websockets.sync.client import connect

    world = installation
    sender_port, receiver_port = installation["ports"]
    body = f"Scale-out hello {uuid.uuid4().hex[:8]}"
    with connect(
        f"ws://127.0.0.1:{receiver_port}/ws/conversations/{world['conversation']}/",
        additional_headers={"Cookie": f"sessionid={world['session']}", "Origin": f"http://127.0.0.1:{receiver_port}"},
        open_timeout=DELIVERY_SECONDS,
    ) as websocket:
        # Idle past redis-py's default 5-second socket timeout first: the receiving consumer must
        # still be there (it died of "Timeout reading" before the channel layer's own timeout).
        with pytest.raises(TimeoutError):
            websocket.recv(timeout=IDLE_SECONDS)
        request = urllib.request.Request(
            f"http://127.0.0.1:{sender_port}/api/v1/conversations/{world['conversation']}/messages",
            data=json.dumps({"body": body}).encode(),
            headers={"Authorization": f"Bearer {world['token']}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=DELIVERY_SECONDS) as response:  # noqa: S310
            assert response.status == 201

        deadline = time.monotonic() + DELIVERY_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the message never reached the other server's websocket"
            event = json.loads(websocket.recv(timeout=remaining))
            if event.get("type") == "message.created":
                break
    assert event["message"]["body"] == body
    assert event["conversation_id"] == world["conversation"]


def test_a_task_sent_through_the_broker_runs_in_the_worker(installation: dict[str, Any]) -> None:
    world = installation
    assert world["job_status"] == "open"
    script(installation, SEND_TASK)
    import psycopg

    def job_status() -> str:
        with psycopg.connect(world["env"]["DATABASE_URL"]) as db:
            row = db.execute("SELECT status, close_reason FROM jobs_job WHERE id = %s", [world["job"]]).fetchone()
        return f"{row[0]}/{row[1]}" if row and row[0] != "open" else ""

    assert poll(job_status, seconds=DELIVERY_SECONDS * 2, what="the worker to expire the job") == "closed/expired"
