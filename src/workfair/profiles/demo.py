"""The demo marketplace's freelancers and clients with their profiles (a step of `workfair.demo`):
each generated person signs up (`workfair.accounts.demo`) and fills in a profile right after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from workfair.accounts.demo import People, generated_person
from workfair.accounts.demo_text import BUSINESSES, PLACES, SIZES
from workfair.accounts.models import User
from workfair.core import clock
from workfair.core.demo import SeedContext
from workfair.profiles.actions import (
    do_add_employment_item,
    do_add_portfolio_item,
    do_update_client_profile,
    do_update_freelancer_profile,
)
from workfair.profiles.demo_text import (
    COMPANY_WORDS,
    EMPLOYERS,
    OVERVIEW_CLOSINGS,
    OVERVIEW_MIDDLES,
    OVERVIEW_OPENINGS,
    PORTFOLIO_ITEMS,
)
from workfair.profiles.states import Visibility
from workfair.skills.demo_text import CATEGORIES

FREELANCERS = 50
CLIENTS = 20


def build_people(context: SeedContext) -> None:
    """The generated freelancers (each mainly in one category, in turn) and clients."""
    people = context.built(People)
    rng = context.rng
    for index in range(max(8, round(FREELANCERS * context.scale))):
        user = generated_person(context, client=False, freelancer=True)
        category = index % len(CATEGORIES)
        freelancer_profile(context, user, category, joined_ago=rng.uniform(150, 159))
        people.freelancers.append(user)
    for _ in range(max(4, round(CLIENTS * context.scale))):
        user = generated_person(context, client=True, freelancer=False)
        client_profile(context, user, joined_ago=rng.uniform(150, 159))
        people.clients.append(user)


def freelancer_profile(
    context: SeedContext,
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
    spec = CATEGORIES[category_index]
    rng = context.rng
    years = rng.randint(2, 16)
    city, country = rng.choice(PLACES)
    title = title or rng.choice(spec.freelancer_titles)
    skills = list(skills or rng.sample(spec.skills, k=min(len(spec.skills), rng.randint(3, 6))))
    if overview is None:
        overview = " ".join(
            (
                rng.choice(OVERVIEW_OPENINGS).format(
                    title=title, title_lower=title[0].lower() + title[1:], years=years, city=city
                ),
                rng.choice(OVERVIEW_MIDDLES).format(skills=", ".join(skills[:-1]) + f" and {skills[-1]}"),
                rng.choice(OVERVIEW_CLOSINGS),
            )
        )
    if rate is None:
        rate = (15 + years * rng.randint(3, 7)) // 5 * 5 * 100
    if visibility is None:
        visibility = rng.choices([Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE], weights=[70, 20, 10])[0]
    with context.at(joined_ago):
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
        for item_title, description in rng.sample(PORTFOLIO_ITEMS, k=rng.randint(0, 3)):
            do_add_portfolio_item(actor=user, title=item_title, description=description)
        today = clock.today()
        start = today - dt.timedelta(days=365 * years)
        for employer in rng.sample(EMPLOYERS, k=rng.randint(0, 2)):
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
    context.built(People).category_of[user.pk] = category_index


def client_profile(
    context: SeedContext,
    user: User,
    *,
    joined_ago: float,
    company: str | None = None,
    place: tuple[str, str] | None = None,
) -> None:
    rng = context.rng
    company = company or f"{rng.choice(COMPANY_WORDS[0])} {rng.choice(COMPANY_WORDS[1])}"
    city, country = place or rng.choice(PLACES)
    business = rng.choice(BUSINESSES)
    context.built(People).company_of[user.pk] = company
    about = (
        f"{company} is a {rng.choice(SIZES)} {business} in {city}. "
        f"We hire freelancers for projects our own team has no time or skills for, "
        f"and we like to work with the same people again."
    )
    with context.at(joined_ago):
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
