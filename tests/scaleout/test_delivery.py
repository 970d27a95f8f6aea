"""Tasks are not lost and not done twice (docs/operations.md, "Tasks: delivered at least once"):

- A worker's task process killed (SIGKILL) in the middle of a task: the task goes back on the queue
  (acks late, reject on worker lost), runs again, and its effect happens exactly once.
- The whole worker killed (SIGKILL, with its task process and beat): the broker gives the task to
  the next worker, and again its effect happens exactly once.
- The broker restarting between the sending and the running loses no task (a durable queue,
  persistent messages, publisher confirms). The test starts a RabbitMQ of its own on a free port
  (never the machine's shared one), and is skipped where `rabbitmq-server` is not installed or the
  test cannot start it as its own user.

"In the middle" is made exact, not timed: the test holds a row lock on the second of two expired
job posts, so the expiry task has closed (and committed) the first and is waiting for the second
when it is killed. The first post must not be closed twice when the task runs again.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.scaleout.world import (
    DELIVERY_SECONDS,
    SEND_TASK,
    STARTUP_SECONDS,
    free_port,
    kill_worker,
    listening,
    poll,
    script,
    sql,
    start_worker,
    stop,
)

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]

EXPIRED_POSTS = """
import datetime as dt, json, django
django.setup()
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
now = clock.now()
first = JobFactory(expires_at=now - dt.timedelta(days=2))
second = JobFactory(expires_at=now - dt.timedelta(days=1))
print(json.dumps([first.pk, second.pk]))
"""
# The process of the worker running jobs.expire_jobs, as the worker itself reports it.
RUNNING_PID = """
import json, sys, django
django.setup()
from config.celery import app
active = app.control.inspect(destination=[sys.argv[1]], timeout=5).active() or {}
print(json.dumps([task["worker_pid"] for tasks in active.values() for task in tasks
                  if task["name"] == "jobs.expire_jobs"]))
"""


def closed(world: dict[str, Any], job: int) -> bool:
    return sql(world, "SELECT status FROM jobs_job WHERE id = %s", job) == [("closed",)]


def waiting_for_a_lock(world: dict[str, Any]) -> bool:
    rows = sql(world, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND wait_event_type = 'Lock'")  # fmt: skip
    return rows[0][0] > 0


def expire_two_posts_killing_the_worker_between_them(world: dict[str, Any], kill: Callable[[], None]) -> list[int]:
    """Send the expiry task with the second post locked; once the first is closed and the task waits
    for the second, `kill()`, then let go of the lock. Returns the two posts."""
    import psycopg

    jobs: list[int] = json.loads(script(world, EXPIRED_POSTS))
    with psycopg.connect(world["env"]["DATABASE_URL"]) as holder:  # one transaction until the end of the block
        holder.execute("SELECT id FROM jobs_job WHERE id = %s FOR UPDATE", [jobs[1]])
        script(world, SEND_TASK)
        poll(lambda: closed(world, jobs[0]) and waiting_for_a_lock(world), seconds=DELIVERY_SECONDS * 2,
             what="the worker to close the first post and wait for the second")  # fmt: skip
        kill()
        holder.rollback()
    return jobs


def assert_each_closed_exactly_once(world: dict[str, Any], jobs: list[int]) -> None:
    # a new worker may have to start first: as long as a server's start on a busy machine
    poll(lambda: closed(world, jobs[1]), seconds=STARTUP_SECONDS * 2, what="the task to run again and close the second")
    for job in jobs:
        changes = sql(world, "SELECT from_state, to_state, reason FROM core_statechange "
                             "WHERE model = 'jobs.job' AND object_id = %s", str(job))  # fmt: skip
        assert changes == [("open", "closed", "expired")]
        told = sql(world, "SELECT count(*) FROM notifications_notification WHERE kind = 'job.expired' AND url = %s",
                   f"/jobs/{job}/")  # fmt: skip
        assert told == [(1,)]


def test_a_task_process_killed_mid_task_has_it_run_again_exactly_once(installation: dict[str, Any]) -> None:
    world = installation
    worker = world["worker"]

    def kill_the_task_process() -> None:
        pids = json.loads(script(world, RUNNING_PID, world["worker_name"]))
        assert len(pids) == 1, pids
        # only a process this test's worker started (the broker is shared with other installations)
        assert Path(f"/proc/{pids[0]}/stat").read_text().split(") ", 1)[1].split()[1] == str(worker.pid)
        os.kill(pids[0], signal.SIGKILL)

    jobs = expire_two_posts_killing_the_worker_between_them(world, kill_the_task_process)
    assert_each_closed_exactly_once(world, jobs)
    assert worker.poll() is None  # the worker itself lived on and ran the task again


def test_a_worker_killed_mid_task_has_the_next_worker_run_it_exactly_once(installation: dict[str, Any]) -> None:
    world = installation

    def kill_the_whole_worker_and_start_another() -> None:
        kill_worker(world)
        start_worker(world)

    jobs = expire_two_posts_killing_the_worker_between_them(world, kill_the_whole_worker_and_start_another)
    assert_each_closed_exactly_once(world, jobs)


class PrivateRabbit:
    """A RabbitMQ node of the test's own: its own name, port, data and log folders."""

    def __init__(self) -> None:
        self.port = free_port()
        self.node = f"wfscaleout{self.port}@localhost"
        self.folder = Path(tempfile.mkdtemp(prefix="workfair-scaleout-rabbit-"))
        (self.folder / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{self.port}\n")
        (self.folder / "enabled_plugins").write_text("[].\n")
        if os.geteuid() == 0:  # the server script runs the node as the rabbitmq user
            account = pwd.getpwnam("rabbitmq")
            for path in [self.folder, *self.folder.iterdir()]:
                os.chown(path, account.pw_uid, account.pw_gid)
        self.env = {
            **os.environ,
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_CONFIG_FILE": str(self.folder / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.folder / "data"),
            "RABBITMQ_LOG_BASE": str(self.folder / "log"),
        }
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def start(self) -> None:
        subprocess.run(  # noqa: S603 - the Debian package's own command
            [shutil.which("rabbitmq-server") or "rabbitmq-server", "-detached"], env=self.env, check=True,
            timeout=STARTUP_SECONDS,
        )  # fmt: skip
        poll(lambda: listening(self.port), seconds=STARTUP_SECONDS, what="the test's RabbitMQ to listen")

    def stop(self) -> None:
        subprocess.run(  # noqa: S603 - the Debian package's own command
            [shutil.which("rabbitmqctl") or "rabbitmqctl", "-n", self.node, "stop"], env=self.env, check=False,
            timeout=STARTUP_SECONDS, capture_output=True,
        )  # fmt: skip
        poll(lambda: not listening(self.port), seconds=STARTUP_SECONDS, what="the test's RabbitMQ to stop")

    def messages_in(self, queue: str) -> int:
        from kombu import Connection

        with Connection(self.url) as broker:
            return int(broker.default_channel.queue_declare(queue, passive=True).message_count)


@pytest.fixture
def private_rabbit() -> Iterator[PrivateRabbit]:
    if shutil.which("rabbitmq-server") is None or shutil.which("rabbitmqctl") is None:
        pytest.skip("the broker-restart test starts a RabbitMQ of its own: rabbitmq-server is not installed")
    if os.geteuid() != 0:
        pytest.skip("the broker-restart test starts a RabbitMQ of its own, as the rabbitmq user: run it as root")
    rabbit = PrivateRabbit()
    try:
        rabbit.start()
        yield rabbit
    finally:
        rabbit.stop()
        shutil.rmtree(rabbit.folder, ignore_errors=True)


def test_a_broker_restart_loses_no_task(installation: dict[str, Any], private_rabbit: PrivateRabbit) -> None:
    world = installation
    queue = f"workfair-scaleout-restart-{uuid.uuid4().hex[:8]}"
    env = {**world["env"], "CELERY_BROKER_URL": private_rabbit.url, "CELERY_TASK_DEFAULT_QUEUE": queue}
    jobs: list[int] = json.loads(script(world, EXPIRED_POSTS))
    script(world, SEND_TASK, env=env)  # returns once the broker confirmed it stored the message
    assert private_rabbit.messages_in(queue) == 1

    private_rabbit.stop()
    private_rabbit.start()
    assert private_rabbit.messages_in(queue) == 1  # the queue and its message outlived the broker

    worker = start_worker(world, env=env, label="worker-restarted-broker")
    try:
        poll(lambda: closed(world, jobs[0]) and closed(world, jobs[1]), seconds=STARTUP_SECONDS,
             what="a worker to run the task sent before the broker restarted")  # fmt: skip
    finally:
        stop([worker])
