"""Payments ledger benchmark: postings per second and balance/statement reads, against a naive
"sum the lines" design, side by side in one run on the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench_payments python -m benchmarks.payments
    python -m benchmarks.payments            # SQLite in a throwaway file

Builds a ledger of `--lines` lines (default 1,000,000; 10,000 client accounts, one "hot" platform
fees account on every entry) once, then measures on one connection, one core:

- postings/s through `ledger.post` (a posting = one entry, its lines, the balance updates of its
  accounts locked in ascending id order, the idempotency check, commit; on PostgreSQL the deferred
  zero-sum trigger runs at commit) versus the naive design's posting (entry and lines only, no
  balances, no locks);
- a balance read: the materialised balance (one row) versus summing the account's lines, for a
  client account (about 100 lines at the default size) and for the hot account (every entry);
- a statement read: a person's last 50 lines with their entries (`queries.history_of`).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def row(name: str, samples: list[float]) -> str:
    return (
        f"| {name} | {statistics.median(samples):.3f} | {percentile(samples, 95):.3f} | {percentile(samples, 99):.3f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="ledger lines to build (3 per entry)")
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each throughput loop")
    parser.add_argument("--runs", type=int, default=1000, help="samples per read")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/workfair-bench-payments.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Sum

    if connection.vendor == "postgresql":
        _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)

    from workfair.core import clock
    from workfair.payments import ledger
    from workfair.payments.ledger import Line
    from workfair.payments.models import Account, JournalEntry, JournalLine
    from workfair.payments.queries import history_of
    from workfair.payments.states import AccountKind as K
    from workfair.payments.states import EntryKind

    rng = random.Random(7)
    clearing = ledger.platform(K.PROCESSOR_CLEARING, "USD")
    fees = ledger.platform(K.PLATFORM_FEES, "USD")
    clients = _accounts(Account, K.CLIENT_FUNDING, args.clients, clock)
    naive = _accounts(Account, K.REFUNDS, 200, clock, offset=10_000_000)

    existing = JournalLine.objects.count()
    if existing < args.lines:
        _build(
            args.lines - existing, clients, clearing, fees, rng, JournalEntry, JournalLine, Account, transaction, clock
        )
    total = JournalLine.objects.count()
    print(
        f"Ledger: {total:,} lines, {JournalEntry.objects.count():,} entries, {Account.objects.count():,} accounts "
        f"({connection.vendor})."
    )

    # --- postings per second ----------------------------------------------------------------
    def real_posting(n: int) -> None:
        client = clients[rng.randrange(len(clients))]
        amount = rng.randint(500, 50_000)
        fee = amount // 20
        ledger.post(
            f"bench:{time.time_ns()}:{n}",
            EntryKind.FUND,
            [Line(clearing, -(amount + fee)), Line(client, amount), Line(fees, fee)],
        )

    def naive_posting(n: int) -> None:
        a, b = rng.sample(naive, 2)
        amount = rng.randint(500, 50_000)
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                idempotency_key=f"naive:{time.time_ns()}:{n}", kind=EntryKind.FUND, created_at=clock.now()
            )
            JournalLine.objects.bulk_create(
                [
                    JournalLine(entry=entry, account=a, amount=-amount, currency="USD"),
                    JournalLine(entry=entry, account=b, amount=amount, currency="USD"),
                ]
            )

    def batched(fn: Callable[[int], None]) -> Callable[[int], None]:
        """`fn` 100 times in one transaction: the posting's own cost without a commit each."""

        def run(n: int) -> None:
            with transaction.atomic():
                for i in range(100):
                    fn(n * 100 + i)

        return run

    results = {}
    for name, fn, per_call in (
        ("ledger.post (3 lines, balances, locks, trigger), commit each", real_posting, 1),
        ("naive: entry + 2 lines only, commit each", naive_posting, 1),
        ("ledger.post, 100 per transaction", batched(real_posting), 100),
        ("naive, 100 per transaction", batched(naive_posting), 100),
    ):
        start, n = time.perf_counter(), 0
        cpu = time.thread_time()
        while time.perf_counter() - start < args.seconds:
            fn(n)
            n += 1
        wall, used = time.perf_counter() - start, time.thread_time() - cpu
        results[name] = (n * per_call / wall, n * per_call / used if used else 0.0)
    print("\n| posting | per second (wall) | per CPU-second |\n|---|---|---|")
    for name, (per_wall, per_cpu) in results.items():
        print(f"| {name} | {per_wall:,.0f} | {per_cpu:,.0f} |")

    # --- reads -----------------------------------------------------------------------------------
    sample_clients = [clients[rng.randrange(len(clients))] for _ in range(args.runs)]
    it = iter(range(10**9))

    def materialised_client() -> int:
        return ledger.balance(sample_clients[next(it) % len(sample_clients)])

    def naive_client() -> int:
        acc = sample_clients[next(it) % len(sample_clients)]
        return int(JournalLine.objects.filter(account=acc).aggregate(s=Sum("amount"))["s"] or 0)

    def materialised_hot() -> int:
        return ledger.balance(fees)

    def naive_hot() -> int:
        return int(JournalLine.objects.filter(account=fees).aggregate(s=Sum("amount"))["s"] or 0)

    class Owner:
        is_authenticated = True

        def __init__(self, pk: int) -> None:
            self.pk = pk

    def statement() -> int:
        owner = Owner(sample_clients[next(it) % len(sample_clients)].owner_id)
        return len(list(history_of(owner)[:50]))

    hot_runs = max(20, args.runs // 20)
    lines_of_client = JournalLine.objects.filter(account=sample_clients[0]).count()
    lines_of_hot = JournalLine.objects.filter(account=fees).count()
    print("\n| read | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|")
    print(row(f"client balance, materialised ({lines_of_client} lines)", timed(materialised_client, args.runs)))
    print(row("client balance, naive sum of lines", timed(naive_client, args.runs)))
    print(row(f"hot account balance, materialised ({lines_of_hot:,} lines)", timed(materialised_hot, args.runs)))
    print(row("hot account balance, naive sum of lines", timed(naive_hot, hot_runs)))
    print(row("statement: a person's last 50 lines", timed(statement, args.runs)))
    problems = ledger.verify() if total <= 2_000_000 else []
    mismatched = [p for p in problems if "refunds" not in p.lower() and "sum to" not in p]
    print(f"\nLedger check of the benchmark's own accounts: {'whole' if not mismatched else mismatched[:3]}")
    return 0


def _accounts(Account: Any, kind: str, n: int, clock: Any, offset: int = 1_000_000) -> list[Any]:
    now = clock.now()
    have = list(Account.objects.filter(kind=kind, currency="USD", owner_id__gte=offset, owner_id__lt=offset + n))
    if len(have) < n:
        known = {a.owner_id for a in have}
        Account.objects.bulk_create(
            [
                Account(kind=kind, currency="USD", owner_id=offset + i, created_at=now)
                for i in range(n)
                if offset + i not in known
            ],
            batch_size=5000,
        )
        have = list(Account.objects.filter(kind=kind, currency="USD", owner_id__gte=offset, owner_id__lt=offset + n))
    return sorted(have, key=lambda a: a.pk)


def _build(
    lines: int,
    clients: list[Any],
    clearing: Any,
    fees: Any,
    rng: random.Random,
    JournalEntry: Any,
    JournalLine: Any,
    Account: Any,
    transaction: Any,
    clock: Any,
) -> None:
    """Balanced 3-line entries in bulk (as `ledger.post` would write them), balances kept equal to
    the lines, in chunks of 20,000 entries per transaction."""
    from django.db.models import F

    entries = lines // 3
    chunk = 20_000
    now = clock.now()
    started = time.perf_counter()
    made = JournalEntry.objects.count()
    for base in range(0, entries, chunk):
        size = min(chunk, entries - base)
        deltas: dict[int, int] = {}
        with transaction.atomic():
            created = JournalEntry.objects.bulk_create(
                [
                    JournalEntry(idempotency_key=f"build:{made + base + i}", kind="fund", created_at=now)
                    for i in range(size)
                ],
                batch_size=5000,
            )
            rows = []
            for entry in created:
                client = clients[rng.randrange(len(clients))]
                amount = rng.randint(500, 50_000)
                fee = amount // 20
                for acc, value in ((clearing, -(amount + fee)), (client, amount), (fees, fee)):
                    rows.append(JournalLine(entry=entry, account=acc, amount=value, currency="USD"))
                    deltas[acc.pk] = deltas.get(acc.pk, 0) + value
            JournalLine.objects.bulk_create(rows, batch_size=5000)
            for account_id in sorted(deltas):
                Account.objects.filter(pk=account_id).update(balance=F("balance") + deltas[account_id])
        done = base + size
        print(f"  built {done * 3:,} of {entries * 3:,} lines ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
