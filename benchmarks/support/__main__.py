"""Help-centre suggestions: how often the first article suggested answers a question, on a fixed
test set of questions written as people ask them (benchmarks/support/questions.tsv), and how long a
suggestion takes.

    .venv/bin/python -m benchmarks.support
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench_support .venv/bin/python -m benchmarks.support

Loads the shipped help centre (`support.help_articles`, the articles `workfair seed` loads) into the
configured database, asks every question through `support.search.search_articles` (the function
behind /help/, the suggestions while typing and the API), and prints: top-1 and top-3 hit rates,
questions with no suggestion, the misses, and p50/p95 latency per question. PostgreSQL uses its
full-text search; SQLite the portable fallback; the figures differ and both are printed by running
both commands.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

QUESTIONS = Path(__file__).with_name("questions.tsv")


def load_questions() -> list[tuple[str, str]]:
    rows = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, title = line.split("\t")
            rows.append((question.strip(), title.strip()))
    return rows


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the questions")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/workfair-bench-support.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        _ensure_database(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0)

    from workfair.support.demo import load_help_centre
    from workfair.support.models import HelpArticle
    from workfair.support.search import search_articles

    load_help_centre()
    titles = set(HelpArticle.objects.filter(published=True).values_list("title", flat=True))
    questions = load_questions()
    unknown = {title for _, title in questions} - titles
    if unknown:
        print(f"questions.tsv names articles that do not exist: {sorted(unknown)}", file=sys.stderr)
        return 2

    top1 = top3 = empty = 0
    misses = []
    for question, expected in questions:
        found = [a.title for a in search_articles(question, limit=3)]
        top1 += bool(found) and found[0] == expected
        top3 += expected in found
        empty += not found
        if not found or found[0] != expected:
            misses.append((question, expected, found[0] if found else "(nothing)"))

    timings: list[float] = []
    for _ in range(args.repeat):
        for question, _ in questions:
            start = time.perf_counter()
            search_articles(question, limit=5)
            timings.append((time.perf_counter() - start) * 1000)

    n = len(questions)
    print(f"database: {connection.vendor}; {len(titles)} articles; {n} questions")
    print(f"top suggestion answers it: {top1}/{n} = {top1 / n:.0%}")
    print(f"answer among the first 3:  {top3}/{n} = {top3 / n:.0%}")
    print(f"no suggestion at all:      {empty}/{n}")
    print(
        f"suggestion latency over {len(timings)} asks: p50 {statistics.median(timings):.2f} ms, "
        f"p95 {percentile(timings, 95):.2f} ms, p99 {percentile(timings, 99):.2f} ms"
    )
    for question, expected, got in misses:
        print(f"  miss: {question!r}: expected {expected!r}, first was {got!r}")
    return 0


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
