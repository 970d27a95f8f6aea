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
conversations. Two published demo people carry a complete story each (see `_DemoStory`), and a
staff superuser can open the admin and the console.

Every post goes through the same review as real ones (the trust engine): most open at once; a
client who posts many in one day is held by the velocity rule, so some posts wait "in review"
(submitted) for a moderator in the console. Refused posts are not built on purpose.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils.text import slugify

from workfair.accounts.actions import (
    do_add_member,
    do_complete_signup,
    do_create_organization,
    do_set_verified_name,
    do_update_name,
)
from workfair.accounts.models import Organization, User
from workfair.accounts.states import NameDisplay, OrganizationRole
from workfair.contracts.actions import (
    do_accept_offer,
    do_approve_milestone,
    do_decline_offer,
    do_end_contract,
    do_expire_offers,
    do_make_offer,
    do_mark_milestone_funded,
    do_pause_contract,
    do_request_milestone_changes,
    do_submit_milestone,
    do_withdraw_offer,
)
from workfair.contracts.models import Contract, Milestone, Offer
from workfair.contracts.queries import current_nda
from workfair.contracts.states import ContractType, EndReason
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import Conflict
from workfair.identity.interface import (
    BadgeKind,
    do_grant_badge,
    do_open_video_slots,
    do_record_verified_phone,
    video_day_range,
)
from workfair.jobs.actions import do_close_job, do_create_job, do_expire_jobs, do_submit_job
from workfair.jobs.models import Category, Job
from workfair.jobs.states import BudgetType, CloseReason, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.messaging.actions import do_mark_read, do_open_conversation, do_send_message
from workfair.messaging.models import Conversation, Message
from workfair.messaging.states import ConversationKind
from workfair.profiles.actions import (
    do_add_employment_item,
    do_add_portfolio_item,
    do_update_client_profile,
    do_update_freelancer_profile,
)
from workfair.profiles.states import Visibility
from workfair.proposals.actions import (
    do_decline_invitation,
    do_decline_proposal,
    do_invite_freelancer,
    do_message_applicant,
    do_refill_credits,
    do_shortlist_proposal,
    do_submit_proposal,
    do_withdraw_proposal,
)
from workfair.proposals.models import Invitation, Proposal
from workfair.skills.actions import do_ensure_skills
from workfair.skills.models import Skill
from workfair.web import demo_text as text

DEMO_PASSWORD = "workfair-demo"  # noqa: S105 - published demo login, dev data only
DEMO_DOMAIN = "demo.workfair.local"
DEMO_CLIENT_EMAIL = f"client@{DEMO_DOMAIN}"
DEMO_FREELANCER_EMAIL = f"freelancer@{DEMO_DOMAIN}"
DEMO_ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

SEED = 20_250_611
FREELANCERS = 50
CLIENTS = 20
JOBS = 150
# The youngest event is this long before "now", so nothing the demo builds lies in the future.
MIN_AGO_DAYS = 0.02

# The fates of the generated posts, in a repeating cycle so that even a small scale reaches every
# state. "hired_open": a contract started but the client keeps the post open to hire more.
FATE_CYCLE: tuple[str, ...] = (
    "open",
    "hired_active",
    "open",
    "offer_pending",
    "cancelled",
    "draft",
    "open",
    "hired_ended",
    "offer_declined",
    "expired",
    "open",
    "hired_paused",
    "offer_withdrawn",
    "open",
    "offer_expired",
    "hired_open",
    "open",
    "hired_ended",
    "open",
    "hired_active",
)
# How many days ago a post of each fate opened: windows that keep open posts and pending offers
# inside their 30- and 14-day lives, and put expired ones past them.
OPENED_DAYS_AGO: dict[str, tuple[float, float]] = {
    "open": (0.3, 20.0),
    "offer_pending": (2.0, 9.0),
    "offer_declined": (5.0, 24.0),
    "offer_withdrawn": (5.0, 24.0),
    "offer_expired": (21.0, 27.0),
    "hired_open": (8.0, 25.0),
    "hired_active": (14.0, 70.0),
    "hired_paused": (20.0, 70.0),
    "hired_ended": (45.0, 150.0),
    "cancelled": (5.0, 60.0),
    "expired": (32.0, 80.0),
}
HIRED_FATES = frozenset({"hired_open", "hired_active", "hired_paused", "hired_ended"})
OFFER_FATES = frozenset({"offer_pending", "offer_declined", "offer_withdrawn", "offer_expired"})
MILESTONE_TITLES = ("Plan and first draft", "Main delivery", "Review and changes", "Handover and documentation")
DECLINE_REASONS = (
    "We went with a proposal closer to our budget. Thank you for applying.",
    "We need someone with more experience in this exact area.",
    "We hired someone else; thank you for the thoughtful proposal.",
    "",
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
        f"  staff:      {DEMO_ADMIN_EMAIL} (admin at /admin/)\n",
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
    # channel layer and no e-mail for the thousands of notifications it leaves.
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", CHANNEL_LAYERS={})
    with quiet, transaction.atomic():
        _DemoBuilder(scale=scale).build()
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


@dataclass
class _Story:
    """What happened around one job post."""

    job: Job
    proposals: list[Proposal] = field(default_factory=list)
    offer: Offer | None = None
    contract: Contract | None = None


class _DemoBuilder:
    """Builds the marketplace step by step; every write is an action at a moved clock."""

    def __init__(self, *, scale: float) -> None:
        self.rng = random.Random(SEED)
        self.now = clock.now().replace(microsecond=0)
        # One hash for every demo account: hashing the same published password seventy times
        # would cost most of the seed's time and protect nothing.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.phones = 0
        self.n_freelancers = max(8, round(FREELANCERS * scale))
        self.n_clients = max(4, round(CLIENTS * scale))
        self.n_jobs = max(len(FATE_CYCLE) + 5, round(JOBS * scale))
        self.categories: list[Category] = []
        self.skills: dict[str, Skill] = {}
        self.freelancers: list[User] = []
        self.category_of: dict[int, int] = {}  # freelancer id -> index of their main category
        self.clients: list[User] = []
        self.organization_of: dict[int, Organization] = {}
        self.company_of: dict[int, str] = {}  # client id -> company name
        self._firsts = list(text.FIRST_NAMES)
        self._lasts = list(text.LAST_NAMES)
        self.rng.shuffle(self._firsts)
        self.rng.shuffle(self._lasts)
        self._name_index = 0
        self._names_taken: set[tuple[str, str]] = set()
        self._emails_taken: set[str] = set()
        self.titles: set[str] = set()
        self.stories: list[tuple[str, _Story]] = []
        self.ended_fixed = 0
        self.refilled: dict[int, str] = {}  # freelancer id -> last month of credits given

    # --- time -----------------------------------------------------------------------------------

    @contextmanager
    def at(self, days_ago: float) -> Iterator[None]:
        """Run the block with the clock at `days_ago` days before the seed's "now"."""
        with clock.frozen_at(self.now - dt.timedelta(days=max(days_ago, MIN_AGO_DAYS))):
            yield

    def later(self, days_ago: float, low: float, high: float) -> float:
        """A moment `low`..`high` days after `days_ago`, never closer to now than MIN_AGO_DAYS."""
        return max(days_ago - self.rng.uniform(low, high), MIN_AGO_DAYS)

    # --- the whole build ------------------------------------------------------------------------

    def build(self) -> None:
        self.build_taxonomy()
        self.build_people()
        self.build_organizations()
        # The demo people's story first, while everyone still has this month's credits.
        demo_story = _DemoStory(self)
        demo_story.build()
        for index in range(self.n_jobs):
            fate = FATE_CYCLE[index % len(FATE_CYCLE)]
            # Every client posts at least once; after that, some clients post far more than others.
            if index < len(self.clients):
                client = self.clients[index]
            else:
                client = self.rng.choices(self.clients, weights=range(len(self.clients), 0, -1))[0]
            self.stories.append((fate, self.job_story(client, fate)))
        demo_story.maya_elsewhere()
        self.build_admin()
        # The timers a worker would have run by now: offers and posts past their lifetime expire.
        with clock.frozen_at(self.now):
            do_expire_offers()
            do_expire_jobs()

    def build_taxonomy(self) -> None:
        names = sorted({skill for category in text.CATEGORIES for skill in category.skills})
        self.skills = {skill.name: skill for skill in do_ensure_skills(names)}
        for spec in text.CATEGORIES:
            # The jobs app has no action for categories (they are reference data, kept in the admin).
            category, created = Category.objects.get_or_create(slug=slugify(spec.name), defaults={"name": spec.name})
            if created:
                record_audit(actor=None, action="category.created", target=category, data={"name": spec.name})
            self.categories.append(category)

    def next_name(self) -> tuple[str, str]:
        """A first and a last name: neither repeats until its list runs out, and no pair repeats."""
        firsts, lasts = self._firsts, self._lasts
        while True:
            i = self._name_index
            self._name_index += 1
            pair = (firsts[i % len(firsts)], lasts[(i + i // len(lasts)) % len(lasts)])
            if pair not in self._names_taken:
                self._names_taken.add(pair)
                return pair

    # --- people ---------------------------------------------------------------------------------

    def person(self, *, first: str, last: str, email: str, client: bool, freelancer: bool, joined_ago: float) -> User:
        """A signed-up person with a verified e-mail address and the demo password."""
        with self.at(joined_ago):
            user = User.objects.create(
                email=email, password=self.password_hash, first_name=first, last_name=last, date_joined=clock.now()
            )
            do_complete_signup(user, first_name=first, last_name=last, is_client=client, is_freelancer=freelancer)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            # Everyone in the demo has verified a phone (needed to post and to bid): numbers of a
            # mobile range, recorded without sending anything.
            self.phones += 1
            do_record_verified_phone(user=user, raw_number=f"+44 7400 1{self.phones:05d}", source="demo seed")
            if self.rng.random() < 0.15:
                do_update_name(user, first_name=first, last_name=last, name_display=NameDisplay.FULL)
        return user

    def email_for(self, first: str, last: str) -> str:
        base = f"{slugify(first)}.{slugify(last)}"
        email, number = f"{base}@{DEMO_DOMAIN}", 1
        while email in self._emails_taken:
            number += 1
            email = f"{base}{number}@{DEMO_DOMAIN}"
        self._emails_taken.add(email)
        return email

    def build_people(self) -> None:
        for index in range(self.n_freelancers):
            first, last = self.next_name()
            user = self.person(
                first=first,
                last=last,
                email=self.email_for(first, last),
                client=False,
                freelancer=True,
                joined_ago=self.rng.uniform(160, 700),
            )
            category = index % len(text.CATEGORIES)
            self.freelancer_profile(user, category, joined_ago=self.rng.uniform(150, 159))
            self.freelancers.append(user)
        for _ in range(self.n_clients):
            first, last = self.next_name()
            user = self.person(
                first=first,
                last=last,
                email=self.email_for(first, last),
                client=True,
                freelancer=False,
                joined_ago=self.rng.uniform(160, 700),
            )
            self.client_profile(user, joined_ago=self.rng.uniform(150, 159))
            self.clients.append(user)

    def freelancer_profile(
        self,
        user: User,
        category_index: int,
        *,
        joined_ago: float,
        title: str | None = None,
        overview: str | None = None,
        skills: Sequence[str] | None = None,
        rate: int | None = None,
        visibility: str | None = None,
    ) -> None:
        spec = text.CATEGORIES[category_index]
        rng = self.rng
        years = rng.randint(2, 16)
        city, country = rng.choice(text.PLACES)
        title = title or rng.choice(spec.freelancer_titles)
        skills = list(skills or rng.sample(spec.skills, k=min(len(spec.skills), rng.randint(3, 6))))
        if overview is None:
            overview = " ".join(
                (
                    rng.choice(text.OVERVIEW_OPENINGS).format(
                        title=title, title_lower=title[0].lower() + title[1:], years=years, city=city
                    ),
                    rng.choice(text.OVERVIEW_MIDDLES).format(skills=", ".join(skills[:-1]) + f" and {skills[-1]}"),
                    rng.choice(text.OVERVIEW_CLOSINGS),
                )
            )
        if rate is None:
            rate = (15 + years * rng.randint(3, 7)) // 5 * 5 * 100
        if visibility is None:
            visibility = rng.choices([Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE], weights=[70, 20, 10])[
                0
            ]
        with self.at(joined_ago):
            do_update_freelancer_profile(
                actor=user,
                changes={
                    "title": title,
                    "overview": overview,
                    "hourly_rate": rate,
                    "currency": "USD",
                    "country": country,
                    "visibility": visibility,
                    "available": rng.random() < 0.85,
                },
                skill_names=skills,
            )
            for item_title, description in rng.sample(text.PORTFOLIO_ITEMS, k=rng.randint(0, 3)):
                do_add_portfolio_item(actor=user, title=item_title, description=description)
            today = clock.today()
            start = today - dt.timedelta(days=365 * years)
            for employer in rng.sample(text.EMPLOYERS, k=rng.randint(0, 2)):
                end = start + dt.timedelta(days=rng.randint(300, 900))
                if end >= today:
                    break
                do_add_employment_item(
                    actor=user,
                    company=employer,
                    role=title,
                    start_date=start,
                    end_date=end,
                    description=f"{title} in a team of {rng.randint(3, 40)}.",
                )
                start = end + dt.timedelta(days=rng.randint(10, 60))
        self.category_of[user.pk] = category_index

    def client_profile(
        self, user: User, *, joined_ago: float, company: str | None = None, place: tuple[str, str] | None = None
    ) -> None:
        rng = self.rng
        company = company or f"{rng.choice(text.COMPANY_WORDS[0])} {rng.choice(text.COMPANY_WORDS[1])}"
        city, country = place or rng.choice(text.PLACES)
        business = rng.choice(text.BUSINESSES)
        self.company_of[user.pk] = company
        about = (
            f"{company} is a {rng.choice(text.SIZES)} {business} in {city}. "
            f"We hire freelancers for projects our own team has no time or skills for, "
            f"and we like to work with the same people again."
        )
        with self.at(joined_ago):
            do_update_client_profile(
                actor=user,
                changes={
                    "company_name": company,
                    "location": city,
                    "country": country,
                    "about": about,
                    "visibility": rng.choices(
                        [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE], weights=[40, 50, 10]
                    )[0],
                },
            )

    def build_organizations(self) -> None:
        """Every fifth client owns an organisation; the next client joins it as admin or member."""
        for index in range(0, len(self.clients) - 1, 5):
            owner, member = self.clients[index], self.clients[index + 1]
            with self.at(self.rng.uniform(120, 149)):
                org = do_create_organization(owner, self.company_of[owner.pk])
                role = OrganizationRole.ADMIN if index % 2 == 0 else OrganizationRole.MEMBER
                do_add_member(owner, org, member.email, role)
            self.organization_of[owner.pk] = org
            self.organization_of[member.pk] = org

    def build_admin(self) -> None:
        with self.at(720):
            admin = User.objects.create(
                email=DEMO_ADMIN_EMAIL,
                password=self.password_hash,
                first_name="Alex",
                last_name="Admin",
                is_staff=True,
                is_superuser=True,
                date_joined=clock.now(),
            )
            EmailAddress.objects.create(user=admin, email=DEMO_ADMIN_EMAIL, primary=True, verified=True)
            record_audit(actor=None, action="user.demo_staff_created", target=admin)
        # Live video checks can be booked on the next working days, 09:00-12:00 UTC.
        day = self.now.date()
        times: list[dt.datetime] = []
        while len(times) < 36:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                times += video_day_range(day, start=dt.time(9), end=dt.time(12), minutes=20)
        do_open_video_slots(actor=admin, starts_at=times, agent=admin)

    # --- job posts ------------------------------------------------------------------------------

    def job_fields(self, category_index: int, *, title: str | None = None, need: str | None = None) -> dict[str, Any]:
        """Title, description, skills and budget of a new post in the category."""
        rng = self.rng
        spec = text.CATEGORIES[category_index]
        business = rng.choice(text.BUSINESSES)
        city, _country = rng.choice(text.PLACES)
        template, need_template = rng.choice(spec.jobs)
        if title is None:
            title = template.format(business=business)
            for _attempt in range(20):
                if title not in self.titles:
                    break
                if "{business}" not in template and len(template) < 90:
                    template += " for a {business}"
                business = rng.choice(text.BUSINESSES)
                title = template.format(business=business)
        if need is None:
            need = need_template.format(business=business)
        self.titles.add(title)
        experience = rng.choice(list(ExperienceLevel.values))
        duration = rng.choice(list(JobDuration.values))
        expectations = rng.sample(spec.expectations, k=3)
        description = "\n\n".join(
            (
                rng.choice(text.JOB_INTROS).format(size=rng.choice(text.SIZES), business=business, city=city),
                need,
                "What we expect:\n" + "\n".join(f"- {item[0].upper()}{item[1:]}." for item in expectations),
                f"The work should take {JobDuration(duration).label.lower()}; we would like to start "
                f"{rng.choice(['as soon as possible', 'next week', 'within two weeks', 'next month'])}.",
                rng.choice(text.JOB_CLOSINGS),
            )
        )
        currency = rng.choices(["USD", "EUR", "GBP"], weights=[80, 14, 6])[0]
        if rng.random() < 0.55:
            low = {"entry": (15, 25), "intermediate": (28, 50), "expert": (55, 90)}[experience]
            budget_min = rng.randint(*low) * 100
            budget_max = budget_min + rng.choice([5, 10, 15, 20, 30]) * 100
            budget_type = BudgetType.HOURLY
        else:
            choices = {
                "entry": [150, 250, 400, 600],
                "intermediate": [500, 800, 1200, 2000],
                "expert": [2000, 3500, 5000, 8000],
            }[experience]
            budget_min = budget_max = rng.choice(choices) * 100
            budget_type = BudgetType.FIXED
        skill_names = rng.sample(spec.skills, k=min(len(spec.skills), rng.randint(2, 5)))
        return {
            "title": title,
            "description": description,
            "category": self.categories[category_index],
            "skills": [self.skills[name] for name in skill_names],
            "budget_type": budget_type,
            "budget_min": budget_min,
            "budget_max": budget_max,
            "currency": currency,
            "duration": duration,
            "experience_level": experience,
        }

    def post_job(
        self,
        client: User,
        category_index: int,
        *,
        created_ago: float,
        opened_ago: float | None,
        visibility: str = JobVisibility.PUBLIC,
        **overrides: Any,
    ) -> Job:
        """A post created as a draft and, unless `opened_ago` is None, submitted (and opened)."""
        fields = self.job_fields(category_index, title=overrides.pop("title", None), need=overrides.pop("need", None))
        fields.update(overrides)
        organization = self.organization_of.get(client.pk) if self.rng.random() < 0.6 else None
        with self.at(created_ago):
            job = do_create_job(actor=client, visibility=visibility, organization=organization, **fields)
        if opened_ago is not None:
            with self.at(opened_ago):
                job = do_submit_job(actor=client, job=job)
        return job

    def is_open(self, job: Job) -> bool:
        """Whether review opened the post (it may also refuse it or hold it for a moderator)."""
        return job.status == JobStatus.OPEN

    def pick_freelancers(self, category_index: int, count: int, *, exclude: Sequence[User] = ()) -> list[User]:
        """Mostly freelancers of the category, a few from elsewhere."""
        excluded = {user.pk for user in exclude}
        matching = [f for f in self.freelancers if self.category_of[f.pk] == category_index and f.pk not in excluded]
        others = [f for f in self.freelancers if self.category_of[f.pk] != category_index and f.pk not in excluded]
        self.rng.shuffle(matching)
        self.rng.shuffle(others)
        picked = matching[: max(1, count - 1)]
        return (picked + others)[:count]

    # --- proposals, conversations, offers, contracts ---------------------------------------------

    def propose(self, job: Job, freelancer: User, ago: float) -> Proposal | None:
        """Send a proposal; None when the freelancer cannot afford it this month (the action
        refuses and changes nothing) or already proposed."""
        rng = self.rng
        if job.budget_type == BudgetType.HOURLY:
            amount = rng.randint(job.budget_min // 100, job.budget_max // 100) * 100
        else:
            amount = max(500, round(job.budget_max * rng.uniform(0.8, 1.15) / 1000) * 1000)
        skills = [skill.name for skill in job.skills.all()] or [job.category.name]
        skill_a, skill_b = rng.choice(skills), rng.choice(skills)
        letter = " ".join(
            (
                rng.choice(text.COVER_OPENINGS),
                rng.choice(text.COVER_BODIES).format(
                    years=rng.randint(2, 15), skill_a=skill_a, skill_b=skill_b if skill_b != skill_a else "testing"
                ),
                rng.choice(text.COVER_CLOSINGS).format(hours=rng.choice([10, 20, 30, 40])),
            )
        )
        if not self.is_open(job):
            return None
        with self.at(ago):
            # What the monthly refill task would have done by then (once per freelancer and month).
            if self.refilled.get(freelancer.pk) != (period := clock.now().strftime("%Y-%m")):
                do_refill_credits(freelancer)
                self.refilled[freelancer.pk] = period
            try:
                return do_submit_proposal(
                    actor=freelancer, job=job, cover_letter=letter, amount=amount, estimated_duration=job.duration
                )
            except Conflict:
                return None

    def talk(self, conversation: Conversation, turns: Sequence[str], start_ago: float, *, read: bool) -> float:
        """Send `turns` (client first, then alternating) from `start_ago` on; returns the time of
        the last message. With `read`, both people have read everything afterwards."""
        client, freelancer = conversation.client, conversation.freelancer
        names = {
            "client": client.first_name,
            "freelancer": freelancer.first_name,
            "business": self.rng.choice(text.BUSINESSES),
        }
        ago = start_ago
        for index, line in enumerate(turns):
            sender = client if index % 2 == 0 else freelancer
            with self.at(ago):
                do_send_message(actor=sender, conversation=conversation, body=line.format(**names))
            ago = self.later(ago, 0.01, 0.4)
        if read:
            with self.at(ago):
                do_mark_read(actor=client, conversation=conversation)
                do_mark_read(actor=freelancer, conversation=conversation)
        return ago

    def interview(self, proposal: Proposal, ago: float, *, read: bool = True, turns: int | None = None) -> float:
        """The client opens the conversation about the proposal and they talk; returns when it ended."""
        with self.at(ago):
            conversation = do_message_applicant(actor=proposal.job.client, proposal=proposal)
        script = self.rng.choice(text.INTERVIEW_TURNS)
        return self.talk(conversation, script[: turns or len(script)], self.later(ago, 0.001, 0.01), read=read)

    def make_offer(self, proposal: Proposal, ago: float, *, parts: int | None = None) -> Offer:
        """The client's offer on a proposal, on the post's terms: hourly at the rate asked, or
        fixed price split into `parts` milestones (1 to 4 at random by default)."""
        job = proposal.job
        rng = self.rng
        terms: dict[str, Any]
        if job.budget_type == BudgetType.HOURLY:
            terms = {
                "contract_type": ContractType.HOURLY,
                "hourly_rate": proposal.amount,
                "weekly_limit_hours": rng.choice([10, 15, 20, 30, 40]),
                "manual_time_allowed": rng.random() < 0.3,
            }
        else:
            parts = max(1, min(parts or rng.randint(1, 4), proposal.amount // 500))
            share = proposal.amount // parts // 100 * 100
            amounts = [share] * (parts - 1) + [proposal.amount - share * (parts - 1)]
            titles = MILESTONE_TITLES if parts > 1 else ("Complete delivery",)
            with self.at(ago):
                today = clock.today()
            terms = {
                "contract_type": ContractType.FIXED,
                "milestones": [
                    {
                        "title": titles[index],
                        "amount": amount,
                        "due_date": today + dt.timedelta(days=7 * (index + 1) + rng.randint(0, 4)),
                    }
                    for index, amount in enumerate(amounts)
                ],
            }
        with self.at(ago):
            return do_make_offer(
                actor=job.client,
                freelancer=proposal.freelancer,
                title=job.title,
                description=f"The work described in the post, as we agreed in our conversation about {job.title}.",
                currency=job.currency,
                job=job,
                proposal=proposal,
                **terms,
            )

    def accept(self, offer: Offer, ago: float) -> Contract:
        with self.at(ago):
            return do_accept_offer(actor=offer.freelancer, offer=offer, nda_version_id=current_nda().pk)

    def run_contract(
        self,
        contract: Contract,
        fate: str,
        start_ago: float,
        *,
        end_ago: float | None = None,
        completed: bool = True,
        request_changes: bool | None = None,
    ) -> None:
        """Talk on the contract, move its milestones and pause or end it as `fate` says. An ended
        contract was either `completed` (every milestone approved, ended by the client) or ended
        early by the freelancer (unfunded milestones cancelled)."""
        rng = self.rng
        conversation = do_open_conversation(
            actor=None,
            kind=ConversationKind.CONTRACT,
            client=contract.client,
            freelancer=contract.freelancer,
            subject=contract.title,
            contract=contract,
        )
        if end_ago is None:
            if fate == "hired_ended":
                end_ago = self.later(start_ago, 4, 30)
            elif fate == "hired_paused":
                end_ago = self.later(start_ago, 2, max(2.5, start_ago * 0.7))
            else:
                end_ago = MIN_AGO_DAYS * 5
        script = rng.choice(text.CONTRACT_TURNS)
        self.talk(conversation, script, self.later(start_ago, 0.01, 0.1), read=fate == "hired_ended")
        milestones = list(contract.milestones.order_by("position"))
        steps: list[tuple[str, Milestone]] = []
        for index, milestone in enumerate(milestones):
            ended_early = fate == "hired_ended" and not completed
            if (index == 0 and not (ended_early and len(milestones) == 1)) or (fate == "hired_ended" and completed):
                steps += [("fund", milestone), ("submit", milestone), ("approve", milestone)]
            elif index == 1 and fate == "hired_active":
                steps += [("fund", milestone), ("submit", milestone)]
                if request_changes if request_changes is not None else rng.random() < 0.4:
                    steps.append(("changes", milestone))
            elif index == 1:
                steps.append(("fund", milestone))
        times = sorted((rng.uniform(end_ago, start_ago) for _ in steps), reverse=True)
        for (step, milestone), ago in zip(steps, times, strict=True):
            with self.at(ago):
                if step == "fund":
                    do_mark_milestone_funded(actor=None, milestone=milestone)
                elif step == "submit":
                    do_submit_milestone(
                        actor=contract.freelancer, milestone=milestone, note="Delivered; details in our conversation."
                    )
                elif step == "approve":
                    do_approve_milestone(actor=contract.client, milestone=milestone)
                else:
                    do_request_milestone_changes(
                        actor=contract.client,
                        milestone=milestone,
                        note="Looks good overall. Please tighten the last section and fix the two issues I listed.",
                    )
        with self.at(end_ago):
            if fate == "hired_paused":
                do_pause_contract(
                    actor=contract.client, contract=contract, reason="Waiting for budget approval for the next phase."
                )
            elif fate == "hired_ended":
                if completed:
                    do_end_contract(
                        actor=contract.client,
                        contract=contract,
                        reason=EndReason.COMPLETED,
                        note="Great work, delivered on time. Thank you!",
                    )
                else:
                    do_end_contract(
                        actor=contract.freelancer,
                        contract=contract,
                        reason=EndReason.FREELANCER_ENDED,
                        note="My part is done; the rest is better handled by your in-house team.",
                    )

    def settle_others(self, story: _Story, ago: float, *, keep: Sequence[Proposal] = ()) -> None:
        """The client and the freelancers act on the proposals that are not the main one."""
        rng = self.rng
        kept = {proposal.pk for proposal in keep}
        for proposal in story.proposals:
            if proposal.pk in kept:
                continue
            roll = rng.random()
            moment = self.later(ago, 0.05, 1.5)
            with self.at(moment):
                if roll < 0.22:
                    do_shortlist_proposal(actor=story.job.client, proposal=proposal)
                elif roll < 0.42:
                    do_decline_proposal(actor=story.job.client, proposal=proposal, reason=rng.choice(DECLINE_REASONS))
                elif roll < 0.52:
                    do_withdraw_proposal(actor=proposal.freelancer, proposal=proposal, reason="Other commitments.")

    def invite(self, job: Job, ago: float, count: int, *, exclude: Sequence[User] = ()) -> list[Invitation]:
        """The client invites freelancers; some propose, some decline, some have not answered."""
        invited = self.pick_freelancers(self.categories.index(job.category), count, exclude=exclude)
        invitations = []
        for freelancer in invited:
            with self.at(ago):
                invitation = do_invite_freelancer(
                    actor=job.client,
                    freelancer=freelancer,
                    job=job,
                    message=f"Hello {freelancer.first_name}, your profile fits this project well. "
                    f"Would you send us a proposal?",
                )
            invitations.append(invitation)
            roll = self.rng.random()
            answer = self.later(ago, 0.05, 1.0)
            if roll < 0.45:
                self.propose(job, freelancer, answer)
            elif roll < 0.7:
                with self.at(answer):
                    do_decline_invitation(
                        actor=freelancer, invitation=invitation, reason="Fully booked for the next weeks, sorry."
                    )
        return invitations

    def job_story(self, client: User, fate: str) -> _Story:
        """One generated post and what happened to it, following `fate`."""
        rng = self.rng
        category = rng.randrange(len(self.categories))
        if fate == "draft":
            created = rng.uniform(0.5, 15)
            return _Story(job=self.post_job(client, category, created_ago=created, opened_ago=None))
        opened = rng.uniform(*OPENED_DAYS_AGO[fate])
        visibility = JobVisibility.PUBLIC
        if fate == "open":
            visibility = rng.choices(
                [JobVisibility.PUBLIC, JobVisibility.MEMBERS, JobVisibility.INVITE_ONLY], weights=[70, 20, 10]
            )[0]
        job = self.post_job(
            client, category, created_ago=opened + rng.uniform(0.05, 2), opened_ago=opened, visibility=visibility
        )
        story = _Story(job=job)
        if not self.is_open(job):
            return story
        if visibility == JobVisibility.INVITE_ONLY:
            self.invite(job, self.later(opened, 0.01, 0.5), rng.randint(2, 3))
            return story
        # Proposals arrive in the first days after the post opens.
        window = min(3.0, opened * 0.5)
        times = sorted((self.later(opened, 0.01, window) for _ in range(rng.randint(2, 7))), reverse=True)
        applicants = self.pick_freelancers(category, len(times))
        for freelancer, ago in zip(applicants, times, strict=False):
            proposal = self.propose(job, freelancer, ago)
            if proposal is not None:
                story.proposals.append(proposal)
        last = times[-1]
        if fate == "open" and rng.random() < 0.3:
            self.invite(job, self.later(opened, 0.01, 0.5), rng.randint(1, 2), exclude=applicants)
        if not story.proposals:
            return story
        main = story.proposals[0]
        if fate == "open":
            if rng.random() < 0.35:
                self.interview(main, self.later(last, 0.05, 0.5), read=rng.random() < 0.6)
            self.settle_others(story, last)
        elif fate in OFFER_FATES or fate in HIRED_FATES:
            talked = self.interview(main, self.later(last, 0.05, 0.5))
            offered = self.later(talked, 0.05, 0.6)
            story.offer = self.make_offer(main, offered)
            answered = self.later(offered, 0.1, 1.5)
            if fate == "offer_declined":
                with self.at(answered):
                    do_decline_offer(
                        actor=main.freelancer,
                        offer=story.offer,
                        reason="I have taken on another project and cannot give this the time it needs.",
                    )
            elif fate == "offer_withdrawn":
                with self.at(answered):
                    do_withdraw_offer(actor=client, offer=story.offer)
            elif fate in HIRED_FATES:
                story.contract = self.accept(story.offer, answered)
                if fate != "hired_open":
                    with self.at(self.later(answered, 0.01, 0.2)):
                        do_close_job(actor=client, job=job, reason=CloseReason.HIRED)
                completed = True
                if fate == "hired_ended" and story.contract.contract_type == ContractType.FIXED:
                    # Every third finished fixed-price contract (the first among them) ended early, its
                    # unfunded milestones cancelled.
                    completed = self.ended_fixed % 3 != 0
                    self.ended_fixed += 1
                elif fate == "hired_ended":
                    completed = rng.random() < 0.7
                self.run_contract(story.contract, fate, answered, completed=completed)
            self.settle_others(story, answered, keep=[main])
        elif fate == "cancelled":
            self.settle_others(story, last)
            with self.at(self.later(last, 0.5, 3)):
                do_close_job(actor=client, job=job, reason=CloseReason.CANCELLED)
        return story

    def open_stories(self, category_index: int | None = None) -> list[_Story]:
        """Generated posts still open to anyone signed in, newest first (for the demo freelancer)."""
        stories = [
            story
            for fate, story in self.stories
            if fate == "open"
            and story.job.visibility != JobVisibility.INVITE_ONLY
            and (category_index is None or self.categories.index(story.job.category) == category_index)
        ]
        return sorted(stories, key=lambda story: story.job.opened_at or story.job.created_at, reverse=True)


class _DemoStory:
    """The two published demo people and everything around them.

    Dana (the demo client, owner of Northwind Studio) has open posts with proposals, a shortlist,
    an unread reply, a draft, a cancelled post, an active hourly contract with Maya, an active
    fixed-price contract with milestones and a finished one. Maya (the demo freelancer) has that
    contract, proposals in several states, a pending invitation, a pending offer and a finished
    contract."""

    WEB = 0  # index of "Web Development" in demo_text.CATEGORIES
    DESIGN = 3
    DATA = 2
    MOBILE = 1

    def __init__(self, builder: _DemoBuilder) -> None:
        self.b = builder
        self.maya: User  # set by build()

    def build(self) -> None:
        b = self.b
        dana = b.person(
            first="Dana",
            last="Whitfield",
            email=DEMO_CLIENT_EMAIL,
            client=True,
            freelancer=False,
            joined_ago=400,
        )
        b.client_profile(dana, joined_ago=399, company="Northwind Studio", place=("Berlin", "DE"))
        with b.at(398):
            studio = do_create_organization(dana, "Northwind Studio")
            do_add_member(dana, studio, b.clients[-1].email, OrganizationRole.MEMBER)
        b.organization_of[dana.pk] = studio
        maya = b.person(
            first="Maya",
            last="Lindqvist",
            email=DEMO_FREELANCER_EMAIL,
            client=False,
            freelancer=True,
            joined_ago=380,
        )
        b.freelancer_profile(
            maya,
            self.WEB,
            joined_ago=379,
            title="Full-stack Django developer",
            overview=(
                "I build web applications with Django, PostgreSQL and React for small teams that need software "
                "they can keep running. Eight years in, I care most about clear code, tests that catch real "
                "problems and handovers that leave you independent. I answer messages within a working day."
            ),
            skills=["Python", "Django", "PostgreSQL", "React", "TypeScript", "HTML & CSS"],
            rate=6500,
            visibility=Visibility.PUBLIC,
        )
        # Maya passed identity verification before the demo starts: her badge and verified name.
        with b.at(370):
            do_grant_badge(maya, BadgeKind.IDENTITY_VERIFIED)
            do_set_verified_name(maya, first_name="Maya", last_name="Lindqvist", actor=None)
        self.maya = maya
        self.dana_posts(dana, maya)

    def dana_posts(self, dana: User, maya: User) -> None:
        b = self.b
        # 1. Open post, hourly: Maya hired (active contract), the post stays open for a second developer.
        booking = b.post_job(
            dana,
            self.WEB,
            created_ago=9.5,
            opened_ago=9,
            title="Django developer for our client booking platform",
            need="Our studio books workshops for companies. We need a developer to finish the booking "
            "platform: calendars, invoices and a small admin for our coordinators. We may hire two people.",
            budget_type=BudgetType.HOURLY,
            budget_min=5000,
            budget_max=7500,
            currency="USD",
            duration=JobDuration.THREE_TO_SIX,
            experience_level=ExperienceLevel.EXPERT,
        )
        story = _Story(job=booking)
        mine = b.propose(booking, maya, 8.8)
        assert mine is not None
        for freelancer, ago in zip(b.pick_freelancers(self.WEB, 4, exclude=[maya]), (8.6, 8.1, 7.5, 6.9), strict=False):
            proposal = b.propose(booking, freelancer, ago)
            if proposal is not None:
                story.proposals.append(proposal)
        talked = b.interview(mine, 7.0, read=True)
        offer = b.make_offer(mine, b.later(talked, 0.05, 0.2))
        contract = b.accept(offer, 6.0)
        conversation = do_open_conversation(
            actor=None,
            kind=ConversationKind.CONTRACT,
            client=dana,
            freelancer=maya,
            subject=contract.title,
            contract=contract,
        )
        # Recent messages; the last one, from Maya, is still unread for Dana.
        b.talk(conversation, text.CONTRACT_TURNS[1], 5.5, read=True)
        with b.at(0.2):
            do_send_message(
                actor=maya,
                conversation=conversation,
                body="Hi Dana, the calendar view is ready on the staging site. Could you try it before Friday?",
            )
        if story.proposals:
            with b.at(5.0):
                do_shortlist_proposal(actor=dana, proposal=story.proposals[0])
            if len(story.proposals) > 1:
                with b.at(4.8):
                    do_decline_proposal(
                        actor=dana, proposal=story.proposals[1], reason="We need more experience with payments."
                    )

        # 2. Open post, fixed: fresh proposals, one shortlisted, an interview with an unread reply.
        brand = b.post_job(
            dana,
            self.DESIGN,
            created_ago=4.2,
            opened_ago=4,
            title="Brand refresh for a workshop studio",
            need="Our logo and colours are ten years old. We want a refreshed identity that still feels like us, "
            "and templates for slides and social posts.",
            budget_type=BudgetType.FIXED,
            budget_min=250000,
            budget_max=250000,
            currency="EUR",
        )
        designs = [
            proposal
            for freelancer, ago in zip(b.pick_freelancers(self.DESIGN, 5), (3.8, 3.5, 3.1, 2.4, 1.2), strict=False)
            if (proposal := b.propose(brand, freelancer, ago)) is not None
        ]
        if designs:
            with b.at(1.0):
                do_shortlist_proposal(actor=dana, proposal=designs[0])
            b.interview(designs[0], 0.9, read=False, turns=2)

        # 3. Closed as hired: an active fixed-price contract with milestones at different stages.
        report = b.post_job(
            dana,
            self.DATA,
            created_ago=31,
            opened_ago=30,
            title="Sales dashboard for our workshop bookings",
            need="We want to see bookings, revenue and repeat customers per month in one dashboard.",
            budget_type=BudgetType.FIXED,
            budget_min=300000,
            budget_max=300000,
            currency="USD",
        )
        analysts = [
            proposal
            for freelancer, ago in zip(b.pick_freelancers(self.DATA, 3), (29.5, 29.0, 28.2), strict=False)
            if (proposal := b.propose(report, freelancer, ago)) is not None
        ]
        if analysts:
            talked = b.interview(analysts[0], 27.5)
            offer = b.make_offer(analysts[0], b.later(talked, 0.05, 0.2), parts=3)
            contract = b.accept(offer, 26.5)
            with b.at(26.4):
                do_close_job(actor=dana, job=report, reason=CloseReason.HIRED)
            # The first milestone approved, the second submitted and waiting for Dana, the third not funded.
            b.run_contract(contract, "hired_active", 26.4, request_changes=False)

        # 4. A draft. 5. A cancelled post. 6. A members-only post that just opened.
        b.post_job(
            dana,
            self.WEB,
            created_ago=1.5,
            opened_ago=None,
            title="Help-centre articles for our booking platform",
            need="About twenty short articles that answer what our customers ask us every week.",
        )
        cancelled = b.post_job(dana, self.MOBILE, created_ago=21, opened_ago=20)
        for freelancer, ago in zip(b.pick_freelancers(self.MOBILE, 2), (19.5, 18.9), strict=False):
            b.propose(cancelled, freelancer, ago)
        with b.at(15):
            do_close_job(actor=dana, job=cancelled, reason=CloseReason.CANCELLED)
        fresh = b.post_job(dana, self.MOBILE, created_ago=2.1, opened_ago=2, visibility=JobVisibility.MEMBERS)
        for freelancer, ago in zip(b.pick_freelancers(self.MOBILE, 2), (1.5, 0.6), strict=False):
            b.propose(fresh, freelancer, ago)

        # 7. A finished contract with a web freelancer, months ago.
        old = b.post_job(dana, self.WEB, created_ago=121, opened_ago=120)
        finished = [
            proposal
            for freelancer, ago in zip(b.pick_freelancers(self.WEB, 2, exclude=[maya]), (119, 118.5), strict=False)
            if (proposal := b.propose(old, freelancer, ago)) is not None
        ]
        if finished:
            talked = b.interview(finished[0], 118)
            contract = b.accept(b.make_offer(finished[0], b.later(talked, 0.05, 0.2)), 117)
            with b.at(116.9):
                do_close_job(actor=dana, job=old, reason=CloseReason.HIRED)
            b.run_contract(contract, "hired_ended", 116.9, end_ago=80)

    def open_post(self, first_client: int, category_index: int, **fields: Any) -> Job:
        """A post by the `first_client`-th client, or by the next ones while review holds it (a
        client who posted a lot that day is held by the velocity rule)."""
        b = self.b
        for offset in range(len(b.clients)):
            client = b.clients[(first_client + offset) % len(b.clients)]
            job = b.post_job(client, category_index, **fields)
            if b.is_open(job):
                return job
        raise RuntimeError("review held every demo client's post")  # pragma: no cover - policy changed

    def maya_elsewhere(self) -> None:
        """Maya's life on other clients' posts (built after them)."""
        b, maya = self.b, self.maya
        # Proposals on other clients' open posts: one waits, one shortlisted, one declined.
        targets = b.open_stories(self.WEB)[:3]
        targets += [story for story in b.open_stories() if story not in targets][: 3 - len(targets)]
        for index, story in enumerate(targets):
            opened_ago = (b.now - (story.job.opened_at or b.now)).total_seconds() / 86400
            sent = b.later(opened_ago, 0.01, min(1.0, opened_ago / 2))
            proposal = b.propose(story.job, maya, sent)
            if proposal is None:
                continue
            decided = b.later(sent, 0.01, min(1.0, sent / 2))
            with b.at(decided):
                if index == 1:
                    do_shortlist_proposal(actor=story.job.client, proposal=proposal)
                elif index == 2:
                    do_decline_proposal(
                        actor=story.job.client, proposal=proposal, reason="We chose someone in our time zone."
                    )
        # A pending offer after an interview.
        api = self.open_post(
            1,
            self.WEB,
            created_ago=6.2,
            opened_ago=6,
            title="Django REST API for a delivery tracking app",
            need="Drivers update deliveries from a phone app; we need the API behind it, with tests.",
            budget_type=BudgetType.HOURLY,
            budget_min=5500,
            budget_max=7000,
            currency="USD",
        )
        proposal = b.propose(api, maya, 5.5)
        if proposal is not None:
            talked = b.interview(proposal, 3.0, read=False)
            b.make_offer(proposal, b.later(talked, 0.05, 0.2))
        # A pending invitation.
        automation = self.open_post(
            2,
            self.DATA,
            created_ago=3.1,
            opened_ago=3,
            title="Python developer to automate our monthly reporting",
            need="Numbers come from four spreadsheets and our shop's database; we want one script and a report.",
        )
        with b.at(2.5):
            do_invite_freelancer(
                actor=automation.client,
                job=automation,
                freelancer=maya,
                message="Hello Maya, your Django and PostgreSQL work looks like a great fit. Would you propose?",
            )
        # A finished fixed-price contract from earlier in the year.
        shop = self.open_post(
            3,
            self.WEB,
            created_ago=91,
            opened_ago=90,
            title="Add card payments and invoices to our Django shop",
            budget_type=BudgetType.FIXED,
            budget_min=180000,
            budget_max=180000,
            currency="USD",
        )
        proposal = b.propose(shop, maya, 89)
        if proposal is not None:
            talked = b.interview(proposal, 88)
            contract = b.accept(b.make_offer(proposal, b.later(talked, 0.05, 0.2)), 87)
            with b.at(86.9):
                do_close_job(actor=shop.client, job=shop, reason=CloseReason.HIRED)
            b.run_contract(contract, "hired_ended", 86.9, end_ago=60)
