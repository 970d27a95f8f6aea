"""The demo marketplace built by `workfair seed`.

`build_demo_marketplace()` makes a believable marketplace by calling the same actions people
trigger from the pages and the API, so every status, counter, credit balance, notification and
audit row is the one real use would leave. Only the clock is moved (`clock.frozen_at`) so that
the history spreads over the past months. A seeded random generator picks the words and the
stories, so every run builds the same marketplace (apart from the dates, which end "now").

What it holds, at the default scale: 50 freelancers and 20 clients (some in organisations), 150
job posts in 12 categories in every state the actions can reach (draft, open, closed as hired,
cancelled or expired), proposals in every state but "archived" (no action reaches it yet),
invitations (pending, accepted, declined), offers in every state, hourly and fixed-price
contracts (active, paused, ended; milestones pending to approved or cancelled), and
conversations. Two published demo people carry a complete story each (`workfair.demo.stories`),
and a staff superuser can open the admin and the console.

Every post goes through the same review as real ones (the trust engine): most open at once; a
client who posts many in one day is held by the velocity rule, so some posts wait "in review"
(submitted) for a moderator in the console. Refused posts are not built on purpose.

The steps. Each domain seeds its own part in its `demo.py` (`workfair.accounts.demo`,
`workfair.profiles.demo`, ...): a step is a function of the shared `workfair.core.demo.SeedContext`
(the random generator, the clock helpers `at` and `later`, the scale, and what the steps before it
built, such as `context.built(People)`). `STEPS` below runs them in order. To add one (payments,
the Work Diary), write `build_<things>(context)` in the app's `demo.py` and register it with one
line in `STEPS`, after the steps whose people and posts it uses. A domain's `demo.py` imports its
own app, the apps below it and their `demo.py` modules, never this app (`lint-imports` checks it).
Every step draws from the one random generator, so a new step changes the draws of the steps
after it: put it last unless it must come earlier.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, Protocol

from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings

from workfair.accounts import demo as accounts
from workfair.accounts.demo import DEMO_ADMIN_EMAIL, DEMO_CLIENT_EMAIL, DEMO_FREELANCER_EMAIL, DEMO_PASSWORD
from workfair.accounts.models import Organization, User
from workfair.contracts import demo as contracts
from workfair.contracts.models import Contract, Milestone, Offer
from workfair.contracts.states import ContractType
from workfair.core import clock
from workfair.core.demo import SeedContext
from workfair.demo import posts, stories
from workfair.feedback import demo as feedback
from workfair.identity import demo as identity
from workfair.jobs import demo as jobs
from workfair.jobs.models import Category, Job
from workfair.messaging.models import Conversation, Message
from workfair.payments import demo as payments
from workfair.profiles import demo as profiles
from workfair.proposals.models import Invitation, Proposal
from workfair.skills import demo as skills
from workfair.support import demo as support

SEED = 20_250_611

Step = Callable[[SeedContext], None]

# The steps, in the order they run (see the docstring: one line per step).
STEPS: tuple[Step, ...] = (
    skills.build_skills,
    jobs.build_categories,
    profiles.build_people,  # the generated freelancers and clients, each with a profile
    accounts.build_organizations,
    payments.build_cards,  # every client's verified card, before any offer
    stories.dana_and_maya,  # first, while everyone still has this month's credits
    posts.build_posts,  # the generated posts with their proposals, offers, contracts, conversations
    stories.maya_elsewhere,  # Maya on the generated posts
    accounts.build_staff,
    identity.build_video_slots,
    # The timers a worker would have run by now: offers and posts past their lifetime expire.
    contracts.expire_offers,
    jobs.expire_posts,
    payments.run_timers,  # escrow released, pending money available, ended contracts refunded
    payments.build_payouts,
    contracts.build_disputed_funding,  # its chargeback arrives through the task queue after commit
    feedback.build_reviews,  # reviews of ended contracts with money paid; the reveal timer
    contracts.build_hourly_time,  # hourly weeks logged, invoiced and charged
    support.build_help_centre,  # the help centre's articles and the console's canned replies
)


class Writer(Protocol):
    """Where the seed reports: a text stream or a management command's stdout."""

    def write(self, text: str, /) -> Any: ...


def demo_exists() -> bool:
    """True when the demo marketplace is already in the database (its demo client exists)."""
    return User.objects.filter(email=DEMO_CLIENT_EMAIL).exists()


def print_demo_logins(*, port: int) -> None:
    """Print where Workfair runs and the published demo logins."""
    print(
        f"\nWorkfair is running at http://127.0.0.1:{port}\n"
        f"Demo logins (password: {DEMO_PASSWORD}):\n"
        f"  client:     {DEMO_CLIENT_EMAIL}\n  freelancer: {DEMO_FREELANCER_EMAIL}\n"
        f"  staff:      {DEMO_ADMIN_EMAIL}: the console at http://127.0.0.1:{port}/console/ asks for a\n"
        f"              two-factor code; `.venv/bin/workfair demo-code` prints the current one\n",
        flush=True,
    )


def build_demo_marketplace(stdout: Writer | None = None, *, scale: float = 1.0) -> dict[str, int] | None:
    """Build the demo marketplace once; returns `demo_counts()`, or None when it already exists
    (nothing is written then). `scale` multiplies the numbers of people and posts (tests use a
    smaller world); every state is reached at any scale. All or nothing: one transaction. The
    notification e-mails of the demo's made-up addresses are not sent."""
    if demo_exists():
        if stdout is not None:
            stdout.write("The demo marketplace is already there; nothing to do.\n")
        return None
    started = time.monotonic()
    # Nobody watches live events while the demo is built, and its addresses are made up: no
    # channel layer and no e-mail for the thousands of notifications it leaves. Its people post
    # and propose far faster than people can: the per-person rate limits do not apply.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", CHANNEL_LAYERS={},
                              WORKFAIR_RATE_LIMITS={})  # fmt: skip
    with quiet, transaction.atomic():
        context = SeedContext(rng=random.Random(SEED), now=clock.now().replace(microsecond=0), scale=scale)
        context.built(accounts.People).welcome.append(identity.verify_phone)
        for step in STEPS:
            step(context)
    counts = demo_counts()
    if stdout is not None:
        stdout.write(_summary(counts, time.monotonic() - started))
    return counts


def demo_counts() -> dict[str, int]:
    """How many of each thing the marketplace holds, by status where things have one."""
    counts: dict[str, int] = {
        "freelancers": User.objects.filter(is_freelancer=True).count(),
        "clients": User.objects.filter(is_client=True).count(),
        "organizations": Organization.objects.count(),
        "categories": Category.objects.count(),
        "conversations": Conversation.objects.count(),
        "messages": Message.objects.count(),
    }
    for prefix, model in (
        ("jobs", Job),
        ("proposals", Proposal),
        ("invitations", Invitation),
        ("offers", Offer),
        ("contracts", Contract),
        ("milestones", Milestone),
    ):
        rows = model.objects.values("status").annotate(n=Count("pk")).order_by()  # type: ignore[attr-defined]
        by_status = {row["status"]: row["n"] for row in rows}
        counts[prefix] = sum(by_status.values())
        for status, number in sorted(by_status.items()):
            counts[f"{prefix}.{status}"] = number
    counts["contracts.hourly"] = Contract.objects.filter(contract_type=ContractType.HOURLY).count()
    counts["contracts.fixed"] = Contract.objects.filter(contract_type=ContractType.FIXED).count()
    return counts


def _summary(counts: dict[str, int], seconds: float) -> str:
    def by_status(prefix: str) -> str:
        parts = [f"{key.split('.', 1)[1]} {n}" for key, n in counts.items() if key.startswith(prefix + ".")]
        return f"{counts[prefix]} {prefix} ({', '.join(parts)})"

    lines = [
        f"Demo marketplace built in {seconds:.1f} s:",
        f"  {counts['freelancers']} freelancers, {counts['clients']} clients, "
        f"{counts['organizations']} organisations, {counts['categories']} categories",
        *(f"  {by_status(prefix)}" for prefix in ("jobs", "proposals", "invitations", "offers", "contracts")),
        f"  {by_status('milestones')}",
        f"  {counts['conversations']} conversations, {counts['messages']} messages",
        f"Logins (password {DEMO_PASSWORD}): {DEMO_CLIENT_EMAIL}, {DEMO_FREELANCER_EMAIL}, {DEMO_ADMIN_EMAIL} (staff)",
        "",
    ]
    return "\n".join(lines)
