"""Scale-out on the real services, started as an operator would (docs/operations.md): two
`workfair serve` processes and a `workfair worker` against PostgreSQL, Redis and RabbitMQ.

- A message sent through one server reaches a websocket held by the other (the Redis channel layer).
- A task sent through the broker is run by the worker (RabbitMQ, the worker's own process).

Skipped, saying which, when a service is not listening on 127.0.0.1. Every wait polls with a
deadline; the whole module is bounded well under three minutes.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
MIGRATE_SECONDS = 120.0  # a fresh database: every migration, on a busy machine
STARTUP_SECONDS = 60.0
DELIVERY_SECONDS = 20.0
IDLE_SECONDS = 7.0
SERVICES = {"PostgreSQL": 5432, "Redis": 6379, "RabbitMQ": 5672}

SETUP = """
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from workfair.accounts.actions import do_create_api_token
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.tests.factories import ConversationFactory
import datetime as dt
client, freelancer = ClientFactory(), FreelancerFactory()
conversation = ConversationFactory(client=client, freelancer=freelancer, subject="Scale-out")
_, token = do_create_api_token(client, "scale-out test")
session = SessionStore()
session[SESSION_KEY] = str(freelancer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = freelancer.get_session_auth_hash()
session.create()
job = JobFactory(client=client, expires_at=clock.now() - dt.timedelta(days=1))
print(json.dumps({"conversation": conversation.pk, "token": token, "session": session.session_key,
                  "job": job.pk, "job_status": job.status}))
"""
SEND_TASK = """
import django
django.setup()
from workfair.core.tasks import _by_name
_by_name("jobs.expire_jobs").delay()
print("sent")
"""


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def poll(check: Callable[[], Any], *, seconds: float, what: str) -> Any:
    """The first truthy result of `check`, asked again until the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except (OSError, ValueError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what} after {seconds:.0f} s")
        time.sleep(0.2)  # the polling interval; the deadline bounds the wait


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    absent = [name for name, port in SERVICES.items() if not listening(port)]
    if absent:
        pytest.skip(f"scale-out needs {', '.join(absent)} on 127.0.0.1 (not listening)")
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    server = (
        base.rsplit("/", 1)[0]
        if base.startswith(("postgres://", "postgresql://"))
        else "postgres://postgres@127.0.0.1:5432"
    )
    name = f"wf_scaleout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    root = tmp_path_factory.mktemp("scaleout")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"{server}/{name}",
        REDIS_URL="redis://127.0.0.1:6379/13",
        CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//",
        CELERY_TASK_DEFAULT_QUEUE=f"workfair-scaleout-{uuid.uuid4().hex[:8]}",
        WORKFAIR_VAR_DIR=str(root / "var"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    processes: list[subprocess.Popen[bytes]] = []
    try:
        migrate = subprocess.run(
            [sys.executable, "-m", "workfair.cli", "migrate", "--noinput", "-v", "0"],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=MIGRATE_SECONDS, check=False,
        )  # fmt: skip
        assert migrate.returncode == 0, migrate.stderr
        ports = [free_port(), free_port()]
        for port in ports:
            processes.append(_start(env, root, f"web-{port}", "serve", "--port", str(port), "--workers", "1"))
        processes.append(_start(env, root, "worker", "worker"))
        for port in ports:
            poll(partial(_ready, port), seconds=STARTUP_SECONDS, what=f"the server on {port} to be ready")
        world: dict[str, Any] = {"env": env, "ports": ports, "root": root}
        world.update(json.loads(_script(world, SETUP)))  # the people, their conversation, a job past expiry
        yield world
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        from kombu import Connection

        with Connection(env["CELERY_BROKER_URL"]) as broker:  # the test's own queue, durable otherwise
            broker.default_channel.queue_delete(env["CELERY_TASK_DEFAULT_QUEUE"])


def _start(env: dict[str, str], root: Path, label: str, *argv: str) -> subprocess.Popen[bytes]:
    log = (root / f"{label}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "workfair.cli", *argv], env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT
    )


def _ready(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
        return int(response.status) == 200


def _script(installation: dict[str, Any], source: str, *argv: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", source, *argv], env=installation["env"], cwd=REPO, capture_output=True, text=True,
        timeout=STARTUP_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


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
    _script(installation, SEND_TASK)
    import psycopg

    def job_status() -> str:
        with psycopg.connect(world["env"]["DATABASE_URL"]) as db:
            row = db.execute("SELECT status, close_reason FROM jobs_job WHERE id = %s", [world["job"]]).fetchone()
        return f"{row[0]}/{row[1]}" if row and row[0] != "open" else ""

    assert poll(job_status, seconds=DELIVERY_SECONDS * 2, what="the worker to expire the job") == "closed/expired"
