"""The demo marketplace's categories and job posts (steps of `workfair.demo`): the categories,
`post_job()` for the stories, and the expiry a worker would have run by now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from workfair.accounts.demo import People
from workfair.accounts.demo_text import BUSINESSES, PLACES, SIZES
from workfair.accounts.models import User
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.demo import SeedContext
from workfair.jobs.actions import do_create_job, do_expire_jobs, do_submit_job
from workfair.jobs.demo_text import JOB_CLOSINGS, JOB_INTROS
from workfair.jobs.models import Category, Job
from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.skills.demo import Taxonomy
from workfair.skills.demo_text import CATEGORIES


@dataclass
class Posts:
    """The demo's categories (in the order of `CATEGORIES`) and the titles its posts took."""

    categories: list[Category] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)


def build_categories(context: SeedContext) -> None:
    categories = context.built(Posts).categories
    for spec in CATEGORIES:
        # The jobs app has no action for categories (they are reference data, kept in the admin).
        category, created = Category.objects.get_or_create(slug=slugify(spec.name), defaults={"name": spec.name})
        if created:
            record_audit(actor=None, action="category.created", target=category, data={"name": spec.name})
        categories.append(category)


def job_fields(
    context: SeedContext, category_index: int, *, title: str | None = None, need: str | None = None
) -> dict[str, Any]:
    """Title, description, skills and budget of a new post in the category."""
    rng = context.rng
    posts = context.built(Posts)
    spec = CATEGORIES[category_index]
    business = rng.choice(BUSINESSES)
    city, _country = rng.choice(PLACES)
    template, need_template = rng.choice(spec.jobs)
    if title is None:
        title = template.format(business=business)
        for _attempt in range(20):
            if title not in posts.titles:
                break
            if "{business}" not in template and len(template) < 90:
                template += " for a {business}"
            business = rng.choice(BUSINESSES)
            title = template.format(business=business)
    if need is None:
        need = need_template.format(business=business)
    posts.titles.add(title)
    experience = rng.choice(list(ExperienceLevel.values))
    duration = rng.choice(list(JobDuration.values))
    expectations = rng.sample(spec.expectations, k=3)
    description = "\n\n".join(
        (
            rng.choice(JOB_INTROS).format(size=rng.choice(SIZES), business=business, city=city),
            need,
            "What we expect:\n" + "\n".join(f"- {item[0].upper()}{item[1:]}." for item in expectations),
            f"The work should take {JobDuration(duration).label.lower()}; we would like to start "
            f"{rng.choice(['as soon as possible', 'next week', 'within two weeks', 'next month'])}.",
            rng.choice(JOB_CLOSINGS),
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
    skills = context.built(Taxonomy).skills
    return {
        "title": title,
        "description": description,
        "category": posts.categories[category_index],
        "skills": [skills[name] for name in skill_names],
        "budget_type": budget_type,
        "budget_min": budget_min,
        "budget_max": budget_max,
        "currency": currency,
        "duration": duration,
        "experience_level": experience,
    }


def post_job(
    context: SeedContext,
    client: User,
    category_index: int,
    *,
    created_ago: float,
    opened_ago: float | None,
    visibility: str = JobVisibility.PUBLIC,
    **overrides: Any,
) -> Job:
    """A post created as a draft and, unless `opened_ago` is None, submitted (and opened)."""
    fields = job_fields(context, category_index, title=overrides.pop("title", None), need=overrides.pop("need", None))
    fields.update(overrides)
    organization = context.built(People).organization_of.get(client.pk) if context.rng.random() < 0.6 else None
    with context.at(created_ago):
        job = do_create_job(actor=client, visibility=visibility, organization=organization, **fields)
    if opened_ago is not None:
        with context.at(opened_ago):
            job = do_submit_job(actor=client, job=job)
    return job


def is_open(job: Job) -> bool:
    """Whether review opened the post (it may also refuse it or hold it for a moderator)."""
    return job.status == JobStatus.OPEN


def expire_posts(context: SeedContext) -> None:
    """What the expiry timer would have done by now: posts past their lifetime expire."""
    with clock.frozen_at(context.now):
        do_expire_jobs()
