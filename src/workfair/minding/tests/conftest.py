"""Fixtures for the minding tests: jobs with real-looking posts, and letters written for them."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.jobs.tests.factories import JobFactory

DJANGO_POST = (
    "Upgrade our Django 3.2 booking app to Django 5.2",
    "Our booking app runs on Django 3.2 with Celery workers and PostgreSQL 12. We need it upgraded to "
    "Django 5.2 and PostgreSQL 16, with the Celery tasks and the Stripe webhooks still working and the "
    "test suite green. Please describe how you would plan the upgrade.",
)
LOGO_POST = (
    "Logo and brand colours for an organic bakery",
    "We are opening an organic bakery in Lyon and need a logo, a colour palette and a simple brand "
    "guide for the shop sign, paper bags and Instagram. Show us bakery or food work you did.",
)
SHOPIFY_POST = (
    "Shopify store speed: product pages take 6 seconds",
    "Our Shopify store's product pages load in about 6 seconds on mobile. We use a Dawn theme with "
    "several apps for reviews and upsells. We want Lighthouse mobile scores above 80 without losing sales features.",
)

TEMPLATE = (
    "Hello, I am a highly skilled professional with over ten years of experience. I have completed "
    "hundreds of projects successfully and my clients always leave five star reviews. I can start right "
    "away and I guarantee top quality work delivered on time and within your budget. Please message me "
    "so we can discuss the details of your project. Looking forward to working with you."
)

SPECIFIC_DJANGO = (
    "I upgraded two Django 3.2 apps to 5.x last year. For your booking app I would first pin the "
    "Celery version that supports both, move the Stripe webhooks to the new signature check, and run "
    "the test suite against PostgreSQL 16 in CI before switching the database. Then one Django "
    "release at a time (4.0, 4.2, 5.2), fixing deprecations as the warnings show them."
)
SPECIFIC_LOGO = (
    "An organic bakery in Lyon is a lovely brief. I designed the logo and paper bags for a sourdough "
    "bakery in Ghent (photos in my portfolio). For you I would sketch three logo directions around "
    "wheat and warm oven colours, then build a palette that prints well on kraft paper bags and a "
    "one-page brand guide for the sign and Instagram."
)


@pytest.fixture
def django_job(client_user: Any) -> Any:
    return JobFactory(client=client_user, title=DJANGO_POST[0], description=DJANGO_POST[1])


@pytest.fixture
def logo_job(client_user: Any) -> Any:
    return JobFactory(client=client_user, title=LOGO_POST[0], description=LOGO_POST[1])


@pytest.fixture
def shopify_job(client_user: Any) -> Any:
    return JobFactory(client=client_user, title=SHOPIFY_POST[0], description=SHOPIFY_POST[1])


@pytest.fixture(autouse=True)
def _no_random_sample(settings: Any) -> None:
    settings.WORKFAIR_MINDING = {"SAMPLE_RATE": 0.0}
