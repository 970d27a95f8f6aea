"""Marketplace-core benchmark: job search, sending a message, reading a conversation page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench python -m benchmarks.marketplace

Builds the world once (100,000 jobs, 1,000,000 messages; `--jobs/--conversations` to shrink it),
then times each operation side by side with a baseline on the same data in the same run:
search against a plain `icontains` scan, sending against a bare ORM insert, and the conversation
page against a bare ORM fetch of the same rows. Prints p50/p95/p99 in milliseconds, the ratios, and
the query counts, and checks the targets of the marketplace-core issue.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(name: str, samples: list[float]) -> dict[str, Any]:
    return {
        "name": name,
        "p50": statistics.median(samples),
        "p95": percentile(samples, 95),
        "p99": percentile(samples, 99),
        "runs": len(samples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--messages-per-conversation", type=int, default=50)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workfair_bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Sending is measured with its per-person rate limit counted, but never refusing (300 sends).
    os.environ.setdefault("WORKFAIR_RATE_LIMIT_MESSAGE", "1000000/1m/user")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor == "postgresql":
        _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)

    from benchmarks.marketplace.data import WORDS, build_world, world_exists
    from workfair.accounts.models import User
    from workfair.jobs.models import Job
    from workfair.jobs.queries import search_jobs
    from workfair.messaging.actions import do_send_message
    from workfair.messaging.models import Conversation, Message
    from workfair.messaging.queries import messages_page

    if not world_exists(args.jobs):
        print(f"building the world: {args.jobs} jobs, {args.conversations * args.messages_per_conversation} messages")
        info = build_world(
            jobs=args.jobs, conversations=args.conversations, messages_per_conversation=args.messages_per_conversation
        )
        print(f"built in {info['seconds']} s")

    rng = random.Random(11)
    viewer = User.objects.filter(is_freelancer=True).order_by("id").first()
    queries = [" ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))) for _ in range(args.runs)]
    filters = [
        rng.choice([{}, {"budget_type": "hourly"}, {"experience_level": "expert"}, {"duration": "1to3m"}])
        for _ in range(args.runs)
    ]
    results: list[dict[str, Any]] = []

    it = iter(range(10**9))

    def run_search() -> None:
        i = next(it) % len(queries)
        search_jobs(viewer, q=queries[i], page=1, size=20, **filters[i])

    def run_naive_search() -> None:
        i = next(it) % len(queries)
        qs = Job.objects.filter(status="open", visibility__in=["public", "members"], **filters[i])
        for term in queries[i].split():
            qs = qs.filter(title__icontains=term) | qs.filter(description__icontains=term)
        list(qs.select_related("category", "client").order_by("-opened_at")[:20])
        qs.count()

    search_jobs(viewer, q="python", page=1, size=20)  # warm
    results.append(summary("job search (full-text, ranked, filtered)", timed(run_search, args.runs)))
    results.append(summary("baseline: icontains scan", timed(run_naive_search, min(args.runs, 60))))

    conversations = list(Conversation.objects.order_by("id").select_related("client", "freelancer")[:200])

    def run_send() -> None:
        conv = rng.choice(conversations)
        do_send_message(actor=conv.client, conversation=conv, body="Thanks, sending the files tomorrow morning.")

    def run_bare_insert() -> None:
        conv = rng.choice(conversations)
        body = "Thanks, sending the files tomorrow morning."
        Message.objects.create(
            conversation=conv, sender=conv.client, body=body, delivered_body=body, created_at=conv.created_at
        )

    # Under Daphne a view runs in a worker thread beside the server's event loop, and the fan-out
    # after commit hands its group_send to that loop. Time the send the same way: from a thread
    # next to a running loop, so the live fan-out is part of the measured call.
    results.append(
        summary("send a message (action + commit + fan-out)", asyncio.run(_beside_event_loop(run_send, args.runs)))
    )
    results.append(summary("baseline: bare ORM insert", timed(run_bare_insert, args.runs)))

    def run_page() -> None:
        conv = rng.choice(conversations)
        messages_page(conv.freelancer, conv, size=30)

    def run_bare_page() -> None:
        conv = rng.choice(conversations)
        list(Message.objects.filter(conversation=conv).order_by("-id")[:30])

    results.append(summary("conversation page (30 messages)", timed(run_page, args.runs)))
    results.append(summary("baseline: bare ORM fetch of 30 rows", timed(run_bare_page, args.runs)))

    with CaptureQueriesContext(connection) as ctx:
        search_jobs(viewer, q="python", page=1, size=20)
    search_queries = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        messages_page(conversations[0].freelancer, conversations[0], size=30)
    page_queries = len(ctx.captured_queries)

    print(f"\ndatabase: {connection.vendor}; jobs: {Job.objects.count()}; messages: {Message.objects.count()}")
    print(f"{'operation':48} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'runs':>6}")
    for row in results:
        print(f"{row['name']:48} {row['p50']:8.2f} {row['p95']:8.2f} {row['p99']:8.2f} {row['runs']:6d}")
    ratio_search = results[1]["p95"] / results[0]["p95"]
    ratio_send = results[2]["p95"] / results[3]["p95"]
    ratio_page = results[4]["p95"] / results[5]["p95"]
    print(f"\nsearch is {ratio_search:.1f}x faster than the icontains scan at p95")
    print(f"sending costs {ratio_send:.1f}x a bare insert at p95; the page costs {ratio_page:.1f}x a bare fetch")
    print(f"queries: search {search_queries}, conversation page {page_queries}")
    checks = [
        ("job search p95 < 50 ms", results[0]["p95"] < 50),
        ("send message p95 < 20 ms", results[2]["p95"] < 20),
        ("conversation page p95 < 20 ms", results[4]["p95"] < 20),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


async def _beside_event_loop(fn: Callable[[], Any], runs: int) -> list[float]:
    from asgiref.sync import sync_to_async

    return await sync_to_async(timed, thread_sensitive=False)(fn, runs)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
