"""Load benchmark: a crowd of signed-in users on a served Workfair, over loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_load python -m benchmarks.load

Builds a world once on that database (jobs, conversations, the demo marketplace), then, for each
server set-up, starts `workfair serve` the way an operator would (production settings, Redis for
cache and channels) and runs closed-loop virtual users for a fixed time at each crowd size. Each
user repeats the page mix: home, job search, a job page, their conversation, sending a message.
Side by side in one run:

- `daphne`: one Daphne process, persistent connections per thread (CONN_MAX_AGE=60, no pool),
  the set-up before the production-serving work;
- `workers`: `workfair serve`'s default, gunicorn with uvicorn worker processes, each with a
  bounded psycopg pool.

Prints requests, errors (any status >= 400, or a failed connection), throughput, p50/p95/p99 per
set-up and crowd size, and the ratios. Bounded: `--seconds` per step; loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
USERS = 200  # accounts with a conversation each (one per virtual user at the largest crowd)


def percentile(samples: list[float], pct: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def server_env(database_url: str, secret_key: str) -> dict[str, str]:
    """Production settings on loopback (plain HTTP, so no redirect to HTTPS)."""
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return {
        **os.environ,
        "WORKFAIR_ENV": "production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7"),
        "SECURE_SSL_REDIRECT": "0",
        "WORKFAIR_IDENTITY_KEYS": f"load1:{key}",
        "WORKFAIR_IDENTITY_HASH_KEY": secrets.token_urlsafe(32),
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
        # Each virtual user sends a message every few requests, far faster than a person types: the
        # per-person message limit (docs/security.md "Rate limits") is counted but never refuses.
        "WORKFAIR_RATE_LIMIT_MESSAGE": "1000000/1m/user",
    }


def prepare(database_url: str, jobs: int, secret_key: str) -> dict[str, Any]:
    """Migrate, build the world once, and sign in USERS freelancers (session cookies, signed
    with the key the servers will run with)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = secret_key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from benchmarks.marketplace.data import build_world, world_exists
    from workfair.accounts.models import User
    from workfair.jobs.models import Job
    from workfair.messaging.models import Conversation

    call_command("migrate", "--noinput", verbosity=0)
    if not world_exists(jobs):
        print(f"building the world once ({jobs:,} jobs) ...", flush=True)
        build_world(jobs=jobs, conversations=2_000, messages_per_conversation=20)
    users = []
    for conv in Conversation.objects.filter(freelancer__email__startswith="bench-fl-").order_by("id")[:USERS]:
        user = User.objects.get(pk=conv.freelancer_id)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        users.append({"session": store.session_key, "conversation": conv.pk})
    job_ids = list(
        Job.objects.filter(status="open", visibility="public").order_by("id").values_list("id", flat=True)[:500]
    )
    return {"users": users, "jobs": job_ids}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    unusual: dict[str, int] = field(default_factory=dict)  # per step, every answer other than 200
    per_step: dict[str, list[float]] = field(default_factory=dict)


async def virtual_user(base: str, user: dict[str, Any], jobs: list[int], stop_at: float, tally: Tally, n: int) -> None:
    import aiohttp

    csrf = secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret as the token
    cookies = {"sessionid": user["session"], "csrftoken": csrf}
    timeout = aiohttp.ClientTimeout(total=60)
    words = ("python", "design", "django api", "logo", "data")
    async with aiohttp.ClientSession(base, cookies=cookies, timeout=timeout) as http:
        i = n
        while time.perf_counter() < stop_at:
            i += 1
            conv = user["conversation"]
            steps: list[tuple[str, str, str, dict[str, Any]]] = [
                ("home", "GET", "/", {}),
                ("search", "GET", f"/jobs/?q={words[i % len(words)]}", {}),
                ("job", "GET", f"/jobs/{jobs[i % len(jobs)]}/", {}),
                ("conversation", "GET", f"/messages/{conv}/", {}),
                (
                    "send",
                    "POST",
                    f"/messages/{conv}/send/",
                    {
                        "data": {"body": f"Progress update {i}: the first draft is ready for review."},
                        "headers": {"X-CSRFToken": csrf, "HX-Request": "true"},
                    },
                ),
            ]
            for step, method, path, kwargs in steps:
                if time.perf_counter() >= stop_at:
                    return
                started = time.perf_counter()
                try:
                    # a signed-in visitor of the home page lands on their dashboard: follow it
                    follow = method == "GET"
                    async with http.request(method, path, allow_redirects=follow, **kwargs) as response:
                        await response.read()
                        status = str(response.status)
                except (TimeoutError, aiohttp.ClientError) as exc:
                    status = type(exc).__name__
                took = (time.perf_counter() - started) * 1000
                tally.latencies.append(took)
                tally.per_step.setdefault(step, []).append(took)
                tally.statuses[status] = tally.statuses.get(status, 0) + 1
                if status != "200":
                    tally.unusual[f"{step} {status}"] = tally.unusual.get(f"{step} {status}", 0) + 1
                if not status.isdigit() or int(status) >= 400:
                    tally.errors += 1


async def crowd(base: str, users: list[dict[str, Any]], jobs: list[int], size: int, seconds: float) -> dict[str, Any]:
    tally = Tally()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(virtual_user(base, users[k % len(users)], jobs, stop_at, tally, k) for k in range(size)))
    elapsed = time.perf_counter() - started
    lat = tally.latencies
    return {
        "requests": len(lat),
        "errors": tally.errors,
        "statuses": dict(sorted(tally.unusual.items())),
        "rps": len(lat) / elapsed,
        "p50": percentile(lat, 50),
        "p95": percentile(lat, 95),
        "p99": percentile(lat, 99),
        "steps": {k: round(percentile(v, 50)) for k, v in tally.per_step.items()},
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"error: the server exited with {proc.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("error: the server did not answer within a minute")


SETUPS: dict[str, list[str]] = {
    "daphne": ["--server", "daphne", "--db-pool", "0"],
    "workers": [],
}


def run_setup(name: str, env: dict[str, str], users: list[dict[str, Any]], jobs: list[int], sizes: list[int],
              seconds: float, workers: int | None) -> dict[int, dict[str, Any]]:  # fmt: skip
    port = free_port()
    argv = [sys.executable, "-m", "workfair.cli", "serve", "--port", str(port), *SETUPS[name]]
    if name == "workers" and workers:
        argv += ["--workers", str(workers)]
    proc_env = dict(env)
    if name == "daphne":
        proc_env["DB_CONN_MAX_AGE"] = "60"
    log_path = ROOT / "var" / f"load-{name}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("wb")
    proc = subprocess.Popen(argv, env=proc_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    results: dict[int, dict[str, Any]] = {}
    try:
        wait_until_up(port, proc)
        base = f"http://127.0.0.1:{port}"
        asyncio.run(crowd(base, users, jobs, 5, 5))  # warm up every process
        for size in sizes:
            results[size] = asyncio.run(crowd(base, users, jobs, size, seconds))
            r = results[size]
            print(
                f"{name:8} {size:4} users: {r['requests']:6} requests, {r['errors']:4} errors, "
                f"{r['rps']:7.1f}/s, p50 {r['p50']:7.1f} ms, p95 {r['p95']:7.1f} ms, p99 {r['p99']:7.1f} ms  "
                f"{r['statuses'] or ''}\n         p50 per step (ms): {r['steps']}",
                flush=True,
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    if any(r["errors"] for r in results.values()):
        print(f"         (the server's log: {log_path.relative_to(ROOT)})")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--users", default="40,200", help="crowd sizes, e.g. 40,200")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per crowd size (bounded)")
    parser.add_argument("--jobs", type=int, default=20_000, help="jobs in the world built once")
    parser.add_argument("--setups", default="daphne,workers", help="which set-ups, side by side")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (default: serve's own)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("error: set DATABASE_URL to a PostgreSQL database of its own (the load test builds data in it)")
        return 2
    try:
        sizes = [int(x) for x in args.users.split(",") if x.strip()]
    except ValueError:
        print(f"error: --users must be numbers separated by commas, not {args.users!r}")
        return 2
    setups = [s.strip() for s in args.setups.split(",") if s.strip()]
    unknown = [s for s in setups if s not in SETUPS]
    if unknown or not sizes or args.seconds <= 0:
        print(f"error: set-ups must be among {', '.join(SETUPS)}; crowd sizes and seconds positive")
        return 2
    secret_key = "load-" + secrets.token_urlsafe(48)
    world = prepare(database_url, args.jobs, secret_key)
    env = server_env(database_url, secret_key)
    # as an operator deploys: static files collected once with the production settings
    collect = [sys.executable, "-m", "workfair.cli", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, env=env, cwd=ROOT, check=True)
    print(f"cores: {os.cpu_count()}; {len(world['users'])} signed-in users; {args.seconds:g} s per step\n")
    results = {
        name: run_setup(name, env, world["users"], world["jobs"], sizes, args.seconds, args.workers) for name in setups
    }
    if len(setups) == 2:
        a, b = setups
        print()
        for size in sizes:
            ra, rb = results[a][size], results[b][size]
            print(
                f"{size:4} users: throughput {b}/{a} = {rb['rps'] / max(ra['rps'], 1e-9):.2f}x; "
                f"p95 {a} {ra['p95']:.0f} ms vs {b} {rb['p95']:.0f} ms; errors {ra['errors']} vs {rb['errors']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
