"""Identity-graph benchmark: the ban-evasion check at sign-up against 1,000,000 banned identities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench_identity python -m benchmarks.identity

Loads once (COPY): 250,000 banned accounts with four identifiers each (e-mail and phone, strong;
device and /24 network, weak), 1,000,000 `Identifier` rows. Then, over `--runs` sign-ups (80%
clean, 10% sharing a device and network with a banned account, 10% a banned account's phone):

- the graph look-up (`graph.links.find_links`: hash, one query for every identifier, one for standings)
  beside two baselines on the same rows: one query per identifier plus one standing query per
  linked account, and the same single query with the composite index dropped (inside a rolled-back
  transaction, so the index is intact afterwards);
- the whole `check_identifiers` (rows upserted, links, the trust signal, decisions and effects);
- `linked_accounts` (depth 2) for an account with 50 direct links.

Prints p50/p95/p99 in milliseconds, the ratios, query counts and the PostgreSQL plan of the look-up.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

BANNED = 250_000
UNUSABLE = "!"  # an unusable password hash: these accounts never log in
TAG = "bench-banned-"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[int], Any], runs: int) -> list[float]:
    out = []
    for k in range(runs):
        start = time.perf_counter()
        fn(k)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(name: str, samples: list[float]) -> dict[str, Any]:
    return {"name": name, "p50": statistics.median(samples), "p95": percentile(samples, 95),
            "p99": percentile(samples, 99), "runs": len(samples)}  # fmt: skip


# The raw identifiers of banned account i (deterministic, so the checks can reuse them).
def banned_phone(i: int) -> str:
    return f"+4477{i:08d}"


def banned_device(i: int) -> str:
    return f"bench-device-{i // 2}"  # two banned accounts per device


def banned_ip(i: int) -> str:
    n = i // 5  # five banned accounts per /24
    return f"10.{n // 256}.{n % 256}.{i % 5 + 1}"


def _copy(cursor: Any, table: str, columns: list[str], rows: Any) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buf.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        while chunk := buf.read(1 << 20):
            copy.write(chunk)


def load(banned: int) -> float:
    """COPY the banned accounts, their standings and their 4 identifiers each."""
    from django.db import connection

    from workfair.core import clock
    from workfair.identity.graph.hashing import identifier_hash, ip_network, normalize_email

    started = time.perf_counter()
    now = clock.now().isoformat()
    connection.ensure_connection()
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cur:
        _copy(cur, "accounts_user",
              ["password", "is_superuser", "email", "first_name", "last_name", "is_staff", "is_active",
               "date_joined", "is_client", "is_freelancer", "name_display", "verified_first_name",
               "verified_last_name"],
              (("!", "f", f"{TAG}{i}@bench.local", "Banned", str(i), "f", "t", now, "f", "t", "first_initial", "", "")
               for i in range(banned)))  # fmt: skip
        cur.execute("SELECT id, email FROM accounts_user WHERE email LIKE %s", [f"{TAG}%"])
        ids = {int(email[len(TAG) : -len("@bench.local")]): pk for pk, email in cur.fetchall()}
        _copy(cur, "trust_accountstanding",
              ["user_id", "level", "reason", "manual", "verification_required", "updated_at"],
              ((ids[i], "banned", "Benchmark ban", "t", "f", now) for i in range(banned)))  # fmt: skip

        def rows() -> Any:
            for i in range(banned):
                pk = ids[i]
                yield pk, "email", identifier_hash("email", normalize_email(f"{TAG}{i}@bench.local")), now, now
                yield pk, "phone", identifier_hash("phone", banned_phone(i)), now, now
                yield pk, "device", identifier_hash("device", banned_device(i)), now, now
                yield pk, "network", identifier_hash("network", ip_network(banned_ip(i))), now, now

        _copy(cur, "identity_identifier", ["user_id", "kind", "value", "first_seen", "last_seen"], rows())
        cur.execute("ANALYZE identity_identifier")
        cur.execute("ANALYZE trust_accountstanding")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banned", type=int, default=BANNED, help="banned accounts (4 identifiers each)")
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/workfair_bench_identity")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DEBUG", "false")  # no query log: it costs time and caps at 9,000 queries
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    os.environ.setdefault("WORKFAIR_IDENTITY_HASH_KEY", "benchmark-identity-hash-key")  # stable across runs
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        print("this benchmark needs PostgreSQL (set DATABASE_URL)")
        return 2
    _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)

    from workfair.accounts.models import User
    from workfair.core import clock
    from workfair.identity.graph import actions as graph
    from workfair.identity.graph import links as graph_links
    from workfair.identity.graph import queries as graph_reads
    from workfair.identity.models import Identifier
    from workfair.trust.interface import standing_levels

    if not User.objects.filter(email=f"{TAG}{args.banned - 1}@bench.local").exists():
        print(f"loading {args.banned:,} banned accounts, {4 * args.banned:,} identifiers ...")
        print(f"loaded in {load(args.banned):.1f} s")
    total = Identifier.objects.count()

    # The people signing up: fresh accounts with their identifiers.
    rng = random.Random(5)
    run_tag = f"bench-signup-{int(time.time())}"
    # Phone numbers of the new people: unique across runs, so a re-run meets no duplicates of its own.
    base = User.objects.filter(email__startswith="bench-signup-").count() + 10
    users = User.objects.bulk_create(
        [
            User(
                email=f"{run_tag}-{k}@example.com",
                first_name="New",
                last_name=str(k),
                password=UNUSABLE,
                is_freelancer=True,
            )
            for k in range(args.runs)
        ]
    )
    inputs: list[tuple[str, list[tuple[str, str]]]] = []
    for k, user in enumerate(users):
        roll = rng.random()
        ip = f"100.64.{rng.randrange(256)}.{rng.randrange(256)}"  # not a banned network
        ident = [("email", user.email), ("phone", f"+1555{base + k:07d}"),
                 ("device", f"{run_tag}-device-{k}"), ("ip", ip)]  # fmt: skip
        kind = "clean"
        if roll < 0.10:
            i = rng.randrange(args.banned)
            ident[1] = ("phone", banned_phone(i))
            kind = "strong"
        elif roll < 0.20:
            i = rng.randrange(args.banned)
            ident[2:] = [("device", banned_device(i)), ("ip", banned_ip(i))]
            kind = "weak"
        ident.append(("network", ident[3][1]))
        inputs.append((kind, ident))

    results: list[dict[str, Any]] = []

    def lookup(k: int) -> None:
        graph_links.find_links(users[k].pk, graph_links.hashed_identifiers(inputs[k][1]))

    def per_identifier(k: int) -> None:
        links = set()
        for kind, value in graph_links.hashed_identifiers(inputs[k][1]):
            for other in (
                Identifier.objects.filter(kind=kind, value=value)
                .exclude(user_id=users[k].pk)
                .values_list("user_id", flat=True)[: graph_links.MAX_ROWS_PER_IDENTIFIER]
            ):
                links.add((other, kind))
        for other, _kind in links:
            standing_levels([other])

    lookup(0)  # warm
    results.append(summary("graph look-up (one query + standings)", timed(lookup, args.runs)))
    results.append(summary("baseline: a query per identifier and per account", timed(per_identifier, args.runs)))
    with CaptureQueriesContext(connection) as ctx:
        lookup(0)
    lookup_queries = len(ctx.captured_queries)

    pairs = graph_links.hashed_identifiers(inputs[0][1])
    sql_qs = (
        Identifier.objects.filter(graph_links.by_kind(pairs))
        .exclude(user_id=users[0].pk)
        .values_list("user_id", "kind")
    )
    plan = _explain(sql_qs)

    no_index_runs = max(20, args.runs // 20)
    with transaction.atomic():  # dropped for the baseline only; rolled back below
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE identity_identifier DROP CONSTRAINT identity_identifier_unique")
        results.append(summary("baseline: same query, no (kind, value) index", timed(lookup, no_index_runs)))
        transaction.set_rollback(True)

    classes: dict[str, list[float]] = {"clean": [], "weak": [], "strong": []}
    outcomes: dict[str, int] = {}

    def full(k: int) -> None:
        kind, ident = inputs[k]
        start = time.perf_counter()
        result = graph.check_identifiers(users[k], ident, signal_kind="signup")
        classes[kind].append((time.perf_counter() - start) * 1000)
        outcomes[str(result.outcome)] = outcomes.get(str(result.outcome), 0) + 1

    results.append(summary("whole check_identifiers (+ trust signal)", timed(full, args.runs)))
    for name, samples in classes.items():
        if samples:
            results.append(summary(f"  of which {name} sign-ups", samples))
    queries: dict[str, int] = {}
    for name, phone in (("clean", f"+1556{base:07d}"), ("strong", banned_phone(7))):
        extra = User.objects.create(email=f"{run_tag}-{name}@example.com", password=UNUSABLE)
        fresh = [("email", extra.email), ("phone", phone), ("device", f"{run_tag}-{name}"),
                 ("ip", "100.65.0.1"), ("network", "100.65.0.1")]  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            graph.check_identifiers(extra, fresh, signal_kind="signup")
        queries[name] = len(ctx.captured_queries)

    # An account with 50 direct links: it shares a device with 50 banned accounts.
    centre = User.objects.create(email=f"{run_tag}-centre@example.com", password=UNUSABLE)
    device = graph_links.hashed_identifiers([("device", f"{run_tag}-shared")])[0][1]
    linked_ids = list(User.objects.filter(email__startswith=TAG).order_by("?").values_list("pk", flat=True)[:50])
    now = clock.now()
    Identifier.objects.bulk_create(
        [
            Identifier(user_id=pk, kind="device", value=device, first_seen=now, last_seen=now)
            for pk in [centre.pk, *linked_ids]
        ]
    )
    graph_runs = max(100, args.runs // 5)
    sizes = graph_reads.linked_accounts(centre.pk)
    results.append(
        summary(
            "linked_accounts, 50 direct links, depth 2",
            timed(lambda _k: graph_reads.linked_accounts(centre.pk), graph_runs),
        )
    )
    with CaptureQueriesContext(connection) as ctx:
        graph_reads.linked_accounts(centre.pk)
    graph_queries = len(ctx.captured_queries)

    print(f"\ndatabase: PostgreSQL; identifiers: {total:,}; banned accounts: {args.banned:,}; sign-ups: {args.runs}")
    print(f"{'operation':52} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'runs':>6}")
    for row in results:
        print(f"{row['name']:52} {row['p50']:8.2f} {row['p95']:8.2f} {row['p99']:8.2f} {row['runs']:6d}")
    by_name = {r["name"]: r for r in results}
    look = by_name["graph look-up (one query + standings)"]
    naive = by_name["baseline: a query per identifier and per account"]
    seq = by_name["baseline: same query, no (kind, value) index"]
    print(f"\nlook-up vs a query per identifier: {naive['p50'] / look['p50']:.1f}x at p50, "
          f"{naive['p99'] / look['p99']:.1f}x at p99")  # fmt: skip
    print(f"look-up vs no index: {seq['p50'] / look['p50']:.0f}x at p50")
    print(f"outcomes: {outcomes}")
    print(f"queries: look-up {lookup_queries}; whole check, clean {queries['clean']}, strong link {queries['strong']}; "
          f"linked_accounts {graph_queries} ({len(sizes.nodes)} accounts, {len(sizes.edges)} edges)")  # fmt: skip
    print("\nplan of the look-up query:\n" + plan)
    checks = [
        ("graph look-up faster than a query per identifier at p50", look["p50"] < naive["p50"]),
        ("linked_accounts (50 links) p95 < 100 ms", by_name["linked_accounts, 50 direct links, depth 2"]["p95"] < 100),
    ]
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for _, ok in checks) else 1


def _explain(queryset: Any) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        return "\n".join(row[0] for row in cur.fetchall())


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
