"""`/metrics` shows the task queue: tasks waiting in the broker, how long it has held them, and
whether the broker answered; one look at the broker serves every scrape for a few seconds."""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from kombu import Connection, Exchange, Producer, Queue

from workfair.ops import queues

TOKEN = "queue-metrics-token"


def sample(text: str, name: str, labels: str = "") -> float | None:
    match = re.search(rf"^{name}{re.escape(labels)} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else None


def scrape() -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return response.content.decode()


def rabbit_listening() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 5672)) == 0


@pytest.fixture(params=["memory", "rabbitmq"])
def broker(request: pytest.FixtureRequest, settings: Any) -> Iterator[tuple[str, str]]:
    if request.param == "rabbitmq" and not rabbit_listening():
        pytest.skip("RabbitMQ is not listening on 127.0.0.1:5672")
    url = "memory://" if request.param == "memory" else "amqp://guest:guest@127.0.0.1:5672//"
    name = f"workfair-test-metrics-{uuid.uuid4().hex[:10]}"  # a queue of this test's own
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = url, False
    settings.CELERY_TASK_DEFAULT_QUEUE, settings.WORKFAIR_METRICS_TOKEN = name, TOKEN
    try:
        yield url, name
    finally:
        with Connection(url) as connection:
            connection.default_channel.queue_delete(name)
        cache.delete_many([queues._LOOK_KEY.format(queue=name), queues._BUSY_KEY.format(queue=name)])


def send(url: str, name: str, count: int) -> None:
    with Connection(url) as connection:
        queue = Queue(name, Exchange(name), routing_key=name, durable=False, auto_delete=False)
        producer = Producer(connection.default_channel, exchange=queue.exchange, routing_key=name)
        queue(connection.default_channel).declare()
        for n in range(count):
            producer.publish({"n": n})


@pytest.mark.django_db
def test_the_depth_of_the_installations_queue_is_read_from_the_broker(broker: tuple[str, str]) -> None:
    url, name = broker
    send(url, name, 3)
    text = scrape()
    assert sample(text, "workfair_task_queue_depth", f'{{queue="{name}"}}') == 3
    assert sample(text, "workfair_task_queue_broker_up") == 1
    send(url, name, 2)
    # the look is kept for a few seconds: a second scrape (or another process) does not ask again
    assert sample(scrape(), "workfair_task_queue_depth", f'{{queue="{name}"}}') == 3
    cache.delete(queues._LOOK_KEY.format(queue=name))
    assert sample(scrape(), "workfair_task_queue_depth", f'{{queue="{name}"}}') == 5


def test_waiting_seconds_count_from_the_first_look_that_saw_tasks_until_one_sees_none(
    broker: tuple[str, str],
) -> None:
    url, name = broker
    look_key = queues._LOOK_KEY.format(queue=name)
    assert queues.look(now=1_000.0) == {"queue": name, "depth": 0, "waiting_seconds": 0.0}
    cache.delete(look_key)
    send(url, name, 1)
    assert queues.look(now=2_000.0) == {"queue": name, "depth": 1, "waiting_seconds": 0.0}
    cache.delete(look_key)
    assert queues.look(now=2_045.0) == {"queue": name, "depth": 1, "waiting_seconds": 45.0}
    with Connection(url) as connection:
        connection.default_channel.queue_purge(name)  # this test's own queue
    cache.delete(look_key)
    assert queues.look(now=2_050.0)["waiting_seconds"] == 0.0  # type: ignore[index]
    cache.delete(look_key)
    send(url, name, 1)
    assert queues.look(now=3_000.0)["waiting_seconds"] == 0.0  # type: ignore[index]  # a new wait


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_reported_down_and_the_scrape_still_answers(settings: Any) -> None:
    name = f"workfair-test-metrics-{uuid.uuid4().hex[:10]}"
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens here once the socket closes
    settings.CELERY_BROKER_URL = f"amqp://guest:guest@127.0.0.1:{port}//"
    settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_TASK_DEFAULT_QUEUE = False, name
    settings.WORKFAIR_METRICS_TOKEN = TOKEN
    text = scrape()
    assert sample(text, "workfair_task_queue_broker_up") == 0
    assert "workfair_task_queue_depth{" not in text
    cache.delete(queues._LOOK_KEY.format(queue=name))


@pytest.mark.django_db
def test_without_a_broker_the_series_are_announced_without_samples(settings: Any) -> None:
    settings.WORKFAIR_METRICS_TOKEN = TOKEN
    text = scrape()
    assert "# HELP workfair_task_queue_depth " in text
    assert sample(text, "workfair_task_queue_broker_up") is None
