"""Trust-engine benchmark: the synchronous gate, throughput on one core, the job-post queue page.

    python -m benchmarks.trust              # SQLite in a throwaway directory
    DATABASE_URL=postgres://... python -m benchmarks.trust

Measures, side by side in one run:
- the gate on a message (signal facts -> detectors -> the active policy of >= 20 rules -> verdict)
  against the same message with no engine at all, and the policy step alone on stored findings;
- recording: `do_record_signal` (Signal row, decisions, effects) against a bare insert of the row;
- signals per second on one core (gate without database reads, mixed clean and flagged texts);
- the job-post queue page of the staff console with 10,000 open cases (`--cases`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

TEXTS = [
    "Thanks, I will send the first draft on Friday and we can review it together.",
    "Could you share the brand guidelines and the logo files? I will start tomorrow morning.",
    "Great, the milestone is funded. I will begin with the wireframes for the home page.",
    "Let's talk on my phone +44 7700 900123 tomorrow",
    "I can do it for 300 dollars, the estimate includes two rounds of revisions.",
    "pay me outside the platform and we both save the fees",
    "Sounds good. What time zone are you in? I am usually online in the afternoon.",
    "Here is the updated version with the fixes you asked for in the last message.",
]


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


def line(name: str, samples: list[float]) -> str:
    return f"{name:<46} p50 {statistics.median(samples):7.3f} ms  p99 {percentile(samples, 99):7.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["WORKFAIR_VAR_DIR"] = tempfile.mkdtemp(prefix="workfair-trust-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from workfair.accounts.models import User
    from workfair.core import clock
    from workfair.trust.actions import do_record_signal, gate
    from workfair.trust.cases import priority_time
    from workfair.trust.engine import active_policy, decide, detect, evaluate_facts
    from workfair.trust.models import Case, Signal
    from workfair.trust.rules import SignalFacts

    # The trust and console pages are mounted by the project URLs once integrated; until then the
    # test URLconf (project URLs + trust + console) lets notices link to the appeal page.
    override_settings(ROOT_URLCONF="workfair.trust.tests.urls").enable()
    call_command("migrate", verbosity=0)
    actor = User.objects.create_user(email="bench-sender@example.com", password="x", is_freelancer=True)  # noqa: S106
    policy = active_policy()
    print(f"active policy v{policy.version}: {len(policy.rules)} rules (not off)")
    ctx = {"contract_active": False, "account_age_days": 100, "email_verified": True}
    facts = [SignalFacts(kind="message.sent", surface="message", text=t, context=ctx) for t in TEXTS]
    stored = [detect(f)[0] for f in facts]
    n = len(TEXTS)
    for k in range(200):  # warm up caches and models
        evaluate_facts(facts[k % n])

    results = {
        "no engine (the text passed through)": timed(lambda k: TEXTS[k % n].strip(), args.runs),
        "policy step only (stored findings)": timed(lambda k: decide(facts[k % n], stored[k % n], policy), args.runs),
        "gate without DB reads (detectors + policy)": timed(lambda k: evaluate_facts(facts[k % n]), args.runs),
        "gate with context reads (trust.actions.gate)": timed(
            lambda k: gate(actor=actor, kind="message.sent", surface="message", text=TEXTS[k % n]), args.runs
        ),
        "bare insert of a Signal row (baseline write)": timed(
            lambda k: Signal.objects.create(actor=actor, kind="bench", text=TEXTS[k % n], created_at=clock.now()),
            args.runs,
        ),
        "do_record_signal (row, decisions, effects)": timed(
            lambda k: do_record_signal(
                actor=actor,
                kind="message.sent",
                surface="message",
                text=TEXTS[k % n],
                target_type="messaging.message",
                target_id=k,
                context={"account_age_days": 100, "actions_last_hour": 1},
            ),
            min(args.runs, 1000),
        ),
    }
    for name, samples in results.items():
        print(line(name, samples))

    start = time.perf_counter()
    count = 0
    while time.perf_counter() - start < 3.0:
        evaluate_facts(facts[count % n])
        count += 1
    print(f"{'signals per second, one core (gate, no DB)':<46} {count / (time.perf_counter() - start):,.0f}")
    start = time.perf_counter()
    count = 0
    while time.perf_counter() - start < 2.0:
        decide(facts[count % n], stored[count % n], policy)
        count += 1
    print(f"{'policy decisions per second (stored findings)':<46} {count / (time.perf_counter() - start):,.0f}")

    now = clock.now()
    client_user = User.objects.create_user(email="bench-client@example.com", password="x", is_client=True)  # noqa: S106
    Case.objects.filter(queue="job_posts").delete()
    Case.objects.bulk_create(
        [
            Case(
                queue="job_posts",
                title=f"Job post #{k}",
                subject=client_user,
                target_type="jobs.job",
                target_id=str(k),
                risk=k % 100,
                due_at=now,
                priority_at=priority_time(now, k % 100),
                created_at=now,
                updated_at=now,
            )
            for k in range(args.cases)
        ],
        batch_size=2000,
    )
    staff = User.objects.create_user(email="bench-mod@example.com", password="x", is_staff=True)  # noqa: S106
    staff.groups.add(Group.objects.get_or_create(name="moderator")[0])
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    web = Client()
    web.force_login(staff)
    for _ in range(5):
        assert web.get("/console/queues/job_posts/").status_code == 200
    page1 = timed(lambda k: web.get("/console/queues/job_posts/"), 100)
    deep = timed(lambda k: web.get("/console/queues/job_posts/?page=100"), 50)
    print(line(f"console job-post queue, page 1 ({args.cases:,} open)", page1))
    print(line(f"console job-post queue, page 100 ({args.cases:,} open)", deep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
