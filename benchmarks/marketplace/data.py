"""Builds the benchmark world on the configured database, once: 100,000 open jobs and
1,000,000 messages in 20,000 conversations. Deterministic (fixed seed)."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db import connection, transaction

WORDS = (  # noqa: SIM905 - one readable block of vocabulary
    "python django react vue angular node typescript javascript api rest graphql backend frontend "
    "fullstack mobile ios android flutter kotlin swift design logo brand ui ux figma illustration "
    "video editing animation motion copywriting blog seo content marketing email campaign social "
    "media ads analytics data science machine learning model dashboard sql postgres etl pipeline "
    "scraping automation bot excel spreadsheet finance accounting bookkeeping tax legal contract "
    "translation spanish french german japanese voice over podcast audio music mixing shopify "
    "wordpress woocommerce magento ecommerce store landing page website redesign migration cloud "
    "aws azure gcp devops docker kubernetes terraform security audit testing qa performance "
    "research survey writing editing proofreading resume presentation deck pitch startup mvp "
    "prototype game unity unreal 3d modeling rendering architecture interior cad engineering"
).split()

TITLE_PATTERNS = (
    "Build a {a} {b} for our {c} team",
    "Need an experienced {a} developer for {b}",
    "{a} expert to improve our {b} {c}",
    "Looking for {a} and {b} help on a {c} project",
    "Redesign our {a} {b} with modern {c}",
)


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def world_exists(expected_jobs: int) -> bool:
    from workfair.jobs.models import Job

    return Job.objects.count() >= expected_jobs


def build_world(*, jobs: int, conversations: int, messages_per_conversation: int, seed: int = 7) -> dict[str, Any]:
    from workfair.accounts.models import User
    from workfair.core import clock
    from workfair.jobs.actions import refresh_search_vectors
    from workfair.jobs.models import Category, Job
    from workfair.messaging.models import Conversation, Message, Participant

    rng = random.Random(seed)
    now = clock.now()
    started = time.perf_counter()
    with transaction.atomic():
        clients = User.objects.bulk_create(
            [
                User(email=f"bench-client-{i}@bench.local", first_name="Client", last_name=str(i), is_client=True)
                for i in range(500)
            ]
        )
        freelancers = User.objects.bulk_create(
            [
                User(email=f"bench-fl-{i}@bench.local", first_name="Free", last_name=str(i), is_freelancer=True)
                for i in range(2000)
            ]
        )
        categories = Category.objects.bulk_create(
            [Category(name=f"Bench category {i}", slug=f"bench-category-{i}") for i in range(12)]
        )
    batch: list[Job] = []
    for i in range(jobs):
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        fixed = rng.random() < 0.5
        low = rng.randrange(1_000, 20_000) if not fixed else rng.randrange(5_000, 500_000)
        batch.append(
            Job(
                client=clients[i % len(clients)],
                title=rng.choice(TITLE_PATTERNS).format(a=a, b=b, c=c)[:120],
                description=_text(rng, 60),
                category=categories[i % len(categories)],
                budget_type="fixed" if fixed else "hourly",
                budget_min=low,
                budget_max=low if fixed else low + rng.randrange(0, 5_000),
                currency="USD",
                duration=rng.choice(["lt1m", "1to3m", "3to6m", "gt6m"]),
                experience_level=rng.choice(["entry", "intermediate", "expert"]),
                visibility="public" if rng.random() < 0.8 else "members",
                status="open",
                proposal_credits=rng.randrange(1, 17),
                created_at=now,
                updated_at=now,
                submitted_at=now,
                opened_at=now,
                expires_at=now.replace(year=now.year + 1),
            )
        )
        if len(batch) == 5_000:
            Job.objects.bulk_create(batch)
            batch = []
    if batch:
        Job.objects.bulk_create(batch)
    refresh_search_vectors()  # the jobs app's own vector (same config and weights as its search)
    job_ids = list(Job.objects.values_list("id", flat=True)[:conversations])
    for start in range(0, conversations, 2_000):
        convs = Conversation.objects.bulk_create(
            [
                Conversation(
                    kind="proposal",
                    client=clients[i % len(clients)],
                    freelancer=freelancers[i % len(freelancers)],
                    job_id=job_ids[i % len(job_ids)],
                    subject=f"Proposal {i}",
                    created_at=now,
                    last_message_at=now,
                )
                for i in range(start, min(start + 2_000, conversations))
            ]
        )
        Participant.objects.bulk_create(
            [Participant(conversation=c, user_id=uid) for c in convs for uid in (c.client_id, c.freelancer_id)]
        )
        messages: list[Message] = []
        for conv in convs:
            for m in range(messages_per_conversation):
                body = _text(rng, rng.randrange(5, 40))
                sender_id = conv.client_id if m % 2 == 0 else conv.freelancer_id
                messages.append(
                    Message(conversation=conv, sender_id=sender_id, body=body, delivered_body=body, created_at=now)
                )
            if len(messages) >= 10_000:
                Message.objects.bulk_create(messages)
                messages = []
        if messages:
            Message.objects.bulk_create(messages)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1)}
