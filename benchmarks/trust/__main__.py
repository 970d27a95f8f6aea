"""Trust-engine benchmark: the synchronous gate on realistic actions, throughput on one core, the
console's queue page with 10,000 open cases; optionally side by side with an earlier version.

    python -m benchmarks.trust                                  # SQLite in a throwaway directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench_trust python -m benchmarks.trust
    python -m benchmarks.trust --baseline /tmp/old              # /tmp/old/src = the earlier workfair

Measures (`benchmarks/trust/corpus.py` makes the actions; every text is different):
- the gate without database reads (detectors + the active policy of >= 20 rules) per kind of action:
  messages, proposals, job posts; wall-clock and CPU time (thread time), p50 and p99;
- the policy step alone on stored findings, and the gate with its context reads (`trust.actions.gate`);
- recording: `do_record_signal` (Signal row, decisions, effects) beside a bare insert of the row;
- signals per second on one core: messages only, and a mix of 80% messages, 10% proposals and 10%
  job posts, by wall clock and by CPU time (the machine is shared: CPU time leaves out the time spent
  waiting for a core);
- the console's job-post queue page (page 1 and page 100) with `--cases` open cases.

With `--baseline DIR` the same measurements run first on the workfair package in DIR/src (in a
subprocess, on its own database), and a last table gives each figure before, after and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

CONTEXT = {"contract_active": False, "account_age_days": 100, "email_verified": True}


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[int], Any], runs: int) -> dict[str, float]:
    """p50 and p99 of `fn(k)` for k in range(runs), wall clock and CPU (thread) time, in ms."""
    wall, cpu = [], []
    for k in range(runs):
        w, c = time.perf_counter(), time.thread_time()
        fn(k)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return {"p50": statistics.median(wall), "p99": percentile(wall, 99),
            "cpu_p50": statistics.median(cpu), "cpu_p99": percentile(cpu, 99)}  # fmt: skip


def per_second(fn: Callable[[int], Any], seconds: float) -> dict[str, float]:
    """Calls per second of `fn(k)`, by wall clock and by CPU time of this thread."""
    count = 0
    w, c = time.perf_counter(), time.thread_time()
    while time.perf_counter() - w < seconds:
        for _ in range(50):
            fn(count)
            count += 1
    return {"wall": count / (time.perf_counter() - w), "cpu": count / (time.thread_time() - c)}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    if "DATABASE_URL" not in os.environ:
        os.environ["WORKFAIR_VAR_DIR"] = tempfile.mkdtemp(prefix="workfair-trust-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    import workfair
    from benchmarks.trust.corpus import corpus
    from workfair.accounts.models import User
    from workfair.core import clock

    try:
        from workfair.guard.rules import SignalFacts
    except ImportError:  # a baseline from before the guard was its own package
        from workfair.trust.rules import SignalFacts  # type: ignore[no-redef]
    from workfair.trust.actions import do_record_signal, gate
    from workfair.trust.cases import priority_time
    from workfair.trust.engine import active_policy, decide, detect, evaluate_facts
    from workfair.trust.models import Case, Signal

    override_settings(ROOT_URLCONF="workfair.trust.tests.urls").enable()
    call_command("migrate", verbosity=0)
    tag = uuid.uuid4().hex[:8]
    actor = User.objects.create_user(email=f"bench-sender-{tag}@example.com", password="x", is_freelancer=True)  # noqa: S106
    EmailAddress.objects.create(user=actor, email=actor.email, verified=True, primary=True)  # as most accounts are
    policy = active_policy()
    import timeit

    # how fast this machine runs plain Python right now (a current laptop: about 9 µs)
    calibration = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) * 1000
    out: dict[str, Any] = {"source": str(Path(workfair.__file__).parent), "rules": len(policy.rules),
                           "load_before": os.getloadavg()[0], "sum_range_1000_us": calibration,
                           "results": {}, "rates": {}}  # fmt: skip
    results, rates = out["results"], out["rates"]

    actions = corpus()
    facts = {
        surface: [(SignalFacts(kind=a.kind, surface=a.surface, text=a.text, context=CONTEXT), a.history) for a in acts]
        for surface, acts in actions.items()
    }
    for items in facts.values():  # warm up models, caches and compiled patterns
        for f, history in items[:200]:
            evaluate_facts(f, history=history)

    def cycle(surface: str) -> Callable[[int], Any]:
        items = facts[surface]
        return lambda k: evaluate_facts(items[k % len(items)][0], history=items[k % len(items)][1])

    messages = facts["message"]
    stored = [detect(f, history=h)[0] for f, h in messages]
    results["policy step only (stored findings)"] = timed(
        lambda k: decide(messages[k % len(messages)][0], stored[k % len(stored)], policy), args.runs
    )
    for surface, label in (("message", "messages"), ("proposal", "proposals"), ("job_post", "job posts")):
        n = len(facts[surface])
        results[f"gate without DB reads: {label} (n={n})"] = timed(cycle(surface), max(args.runs, n))
    texts = [f.text for f, _ in messages]
    results["gate with context reads (trust.actions.gate), messages"] = timed(
        lambda k: gate(actor=actor, kind="message.sent", surface="message", text=texts[k % len(texts)]), args.runs
    )
    results["bare insert of a Signal row (baseline write)"] = timed(
        lambda k: Signal.objects.create(actor=actor, kind="bench", text=texts[k % len(texts)], created_at=clock.now()),
        args.runs,
    )
    results["do_record_signal (row, decisions, effects)"] = timed(
        lambda k: do_record_signal(actor=actor, kind="message.sent", surface="message", text=texts[k % len(texts)],
                                   target_type="messaging.message", target_id=k,
                                   context={"account_age_days": 100, "actions_last_hour": 1}),
        min(args.runs, 1000),
    )  # fmt: skip

    rates["messages"] = per_second(cycle("message"), args.seconds)
    mix = random.Random(7)
    weighted = [("message", 0.8), ("proposal", 0.1), ("job_post", 0.1)]
    order = [mix.choices([s for s, _ in weighted], [w for _, w in weighted])[0] for _ in range(4096)]
    counters = {s: 0 for s, _ in weighted}

    def mixed(k: int) -> Any:
        surface = order[k % len(order)]
        counters[surface] += 1
        f, history = facts[surface][counters[surface] % len(facts[surface])]
        return evaluate_facts(f, history=history)

    rates["mix: 80% messages, 10% proposals, 10% job posts"] = per_second(mixed, args.seconds)
    rates["policy decisions (stored findings)"] = per_second(
        lambda k: decide(messages[k % len(messages)][0], stored[k % len(stored)], policy), min(args.seconds, 2.0)
    )

    now = clock.now()
    client_user = User.objects.create_user(email=f"bench-client-{tag}@example.com", password="x", is_client=True)  # noqa: S106
    Case.objects.filter(queue="job_posts").delete()
    Case.objects.bulk_create(
        [
            Case(queue="job_posts", title=f"Job post #{k}", subject=client_user, target_type="jobs.job",
                 target_id=str(k), risk=k % 100, due_at=now, priority_at=priority_time(now, k % 100), created_at=now,
                 updated_at=now)
            for k in range(args.cases)
        ],
        batch_size=2000,
    )  # fmt: skip
    staff = User.objects.create_user(email=f"bench-mod-{tag}@example.com", password="x", is_staff=True)  # noqa: S106
    staff.groups.add(Group.objects.get_or_create(name="moderator")[0])
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    web = Client()
    web.force_login(staff)
    for _ in range(5):
        assert web.get("/console/queues/job_posts/").status_code == 200
    results[f"console job-post queue, page 1 ({args.cases:,} open)"] = timed(
        lambda k: web.get("/console/queues/job_posts/"), args.pages
    )
    results[f"console job-post queue, page 100 ({args.cases:,} open)"] = timed(
        lambda k: web.get("/console/queues/job_posts/?page=100"), max(20, args.pages // 2)
    )
    Case.objects.filter(queue="job_posts", target_type="jobs.job", subject=client_user).delete()
    out["load_after"] = os.getloadavg()[0]
    return out


def show(run: dict[str, Any]) -> None:
    print(f"source: {run['source']}  ({run['rules']} active rules; load average {run['load_before']:.1f} -> "
          f"{run['load_after']:.1f} on {os.cpu_count()} cores; sum(range(1000)) takes "
          f"{run.get('sum_range_1000_us', 0):.0f} µs)")  # fmt: skip
    print(f"{'':62} {'p50 ms':>9} {'p99 ms':>9} {'CPU p50':>9} {'CPU p99':>9}")
    for name, r in run["results"].items():
        print(f"{name:<62} {r['p50']:9.3f} {r['p99']:9.3f} {r['cpu_p50']:9.3f} {r['cpu_p99']:9.3f}")
    for name, r in run["rates"].items():
        print(f"{'per second, one core: ' + name:<62} {r['wall']:>9,.0f} wall  {r['cpu']:>9,.0f} CPU")


def compare(before: dict[str, Any], after: dict[str, Any]) -> None:
    print("\nbefore -> after (ratio = before / after for times, after / before for rates)")
    for name, a in after["results"].items():
        b = before["results"].get(name)
        if b is None:
            continue
        cells = [f"{k} {b[k]:.3f}->{a[k]:.3f} ({b[k] / a[k]:.1f}x)" if a[k] else k for k in ("p50", "p99", "cpu_p99")]
        print(f"  {name:<60} " + "  ".join(cells))
    for name, a in after["rates"].items():
        b = before["rates"].get(name)
        if b is not None:
            wall = f"wall {b['wall']:,.0f}->{a['wall']:,.0f} ({a['wall'] / b['wall']:.1f}x)"
            cpu = f"CPU {b['cpu']:,.0f}->{a['cpu']:,.0f} ({a['cpu'] / b['cpu']:.1f}x)"
            print(f"  {'per second: ' + name:<60} {wall}  {cpu}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--runs", type=int, default=2000, help="samples per timed measurement (at least one per action)"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each throughput loop")
    parser.add_argument("--cases", type=int, default=10_000, help="open cases in the job-post queue")
    parser.add_argument("--pages", type=int, default=100, help="requests of the queue page")
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of the earlier workfair (its src/, config/, benchmarks/)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (used for --baseline)")
    args = parser.parse_args()
    before = None
    if args.baseline is not None:
        env = {**os.environ, "PYTHONPATH": str((args.baseline / "src").resolve())}
        if "DATABASE_URL" in env:
            env["DATABASE_URL"] = env["DATABASE_URL"].rstrip("/") + "_baseline"
        cmd = [sys.executable, "-m", "benchmarks.trust", "--json", "--runs", str(args.runs), "--seconds",
               str(args.seconds), "--cases", str(args.cases), "--pages", str(args.pages)]  # fmt: skip
        # in the baseline's own checkout: its settings, its benchmark code, its package
        run = subprocess.run(cmd, env=env, cwd=args.baseline, check=True, capture_output=True, text=True)
        before = json.loads(run.stdout)
    after = measure(args)
    if args.json:
        print(json.dumps(after))
        return 0
    if before is not None:
        show(before)
        print()
    show(after)
    if before is not None:
        compare(before, after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
