"""Factories for job posts."""

from __future__ import annotations

import datetime as dt

import factory

from workfair.accounts.tests.factories import ClientFactory
from workfair.core import clock
from workfair.jobs.models import Category, Job
from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class JobFactory(factory.django.DjangoModelFactory[Job]):
    """An open, public, fixed-price job unless told otherwise."""

    class Meta:
        model = Job

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Build a landing page #{n}")
    description = "We need a responsive landing page for our product launch, built with care."
    category = factory.SubFactory(CategoryFactory)
    budget_type = BudgetType.FIXED
    budget_min = 50_000
    budget_max = 50_000
    currency = "USD"
    duration = JobDuration.LESS_THAN_MONTH
    experience_level = ExperienceLevel.INTERMEDIATE
    visibility = JobVisibility.PUBLIC
    status = JobStatus.OPEN
    proposal_credits = 4
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)
    submitted_at = factory.LazyFunction(clock.now)
    opened_at = factory.LazyFunction(clock.now)
    expires_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=30))
