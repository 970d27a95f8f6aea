"""The scale-out installation, started as an operator would (docs/operations.md): a database of its
own on the PostgreSQL at 127.0.0.1, two `workfair serve` processes and a `workfair worker` (with its
beat schedule) on Redis (database 13) and RabbitMQ (a queue of its own). One installation serves
every scale-out test module; tests that kill the worker start a new one (`restart_worker`).

Skipped, saying which, when a service is not listening on 127.0.0.1. Every wait polls with a deadline.
"""

from __future__ import annotations

import itertools
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

REPO = Path(__file__).resolve().parents[2]
MIGRATE_SECONDS = 120.0  # a fresh database: every migration, on a busy machine
STARTUP_SECONDS = 60.0
DELIVERY_SECONDS = 20.0
IDLE_SECONDS = 7.0
TIMER_SECONDS = 2
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


@pytest.fixture(scope="session")
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
        WORKFAIR_REDIS_PREFIX=f"{name}:",  # two runs sharing Redis (xdist workers, CI's two runs) keep apart
        CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:5672//",
        CELERY_TASK_DEFAULT_QUEUE=f"workfair-scaleout-{uuid.uuid4().hex[:8]}",
        WORKFAIR_VAR_DIR=str(root / "var"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        # the report test watches the trust engine's hourly report limit (counted in the database
        # both servers share); the stricter per-person burst limit in the cache is off here, and
        # the cache's counting across servers is the as-you-type check's test
        WORKFAIR_RATE_LIMIT_REPORT="",
        # operator-set short intervals for the two timers the timer test watches
        WORKFAIR_TIMER_SECONDS=f"escalate-overdue-cases={TIMER_SECONDS},release-escrow-after-review-window={TIMER_SECONDS}",
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
        world: dict[str, Any] = {"env": env, "ports": ports, "root": root, "processes": processes}
        start_worker(world)
        for port in ports:
            poll(partial(_ready, port), seconds=STARTUP_SECONDS, what=f"the server on {port} to be ready")
        world.update(json.loads(script(world, SETUP)))  # the people, their conversation, a job past expiry
        yield world
    finally:
        stop(processes)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        from kombu import Connection

        with Connection(env["CELERY_BROKER_URL"]) as broker:  # the test's own queue, durable otherwise
            broker.default_channel.queue_delete(env["CELERY_TASK_DEFAULT_QUEUE"])


def _start(env: dict[str, str], root: Path, label: str, *argv: str) -> subprocess.Popen[bytes]:
    log = (root / f"{label}.log").open("ab")
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "workfair.cli", *argv], env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a test can kill the worker with its children
    )  # fmt: skip


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def start_worker(world: dict[str, Any], env: dict[str, str] | None = None, label: str = "worker") -> Any:
    """`workfair worker` (one task process, and beat); under the default label it becomes the
    installation's worker (`world["worker"]`, `world["worker_name"]`)."""
    name = f"{label}-{uuid.uuid4().hex[:6]}@scaleout"
    worker = _start(env or world["env"], world["root"], label, "worker", "--concurrency", "1", "--hostname", name)
    world["processes"].append(worker)
    if label == "worker":
        world["worker"], world["worker_name"] = worker, name
    return worker


def kill_worker(world: dict[str, Any]) -> None:
    """SIGKILL the worker and every process it started (its pool, its beat): a machine lost."""
    worker = world["worker"]
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=20)


def sql(world: dict[str, Any], query: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(world["env"]["DATABASE_URL"]) as db:
        return db.execute(query, params).fetchall()  # type: ignore[arg-type]


def api(world: dict[str, Any], port: int, path: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST JSON to the server on `port` with a bearer token: (status, answer)."""
    import urllib.error

    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_SECONDS) as response:  # noqa: S310 - loopback
            return int(response.status), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as refused:
        return int(refused.code), json.loads(refused.read() or b"{}")


def _ready(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
        return int(response.status) == 200


# Each script is a new process whose factories would count from 0 again: start them past what earlier
# scripts used, so that e-mail addresses and other unique values do not collide.
FACTORY_SEQUENCES = """
import factory.base, itertools
factory.base.BaseFactory._setup_next_sequence = classmethod(lambda cls: {start})
"""
_scripts_run = itertools.count(1)


def script(installation: dict[str, Any], source: str, *argv: str, env: dict[str, str] | None = None) -> str:
    """Run Python `source` with the installation's settings (or `env`); its last line of output."""
    prelude = FACTORY_SEQUENCES.format(start=next(_scripts_run) * 100_000)
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", prelude + source, *argv], env=env or installation["env"], cwd=REPO,
        capture_output=True, text=True, timeout=STARTUP_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]
