"""Factories the web tests need that no other app provides."""

from __future__ import annotations

import factory

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.profiles.models import FreelancerProfile
from workfair.skills.models import Skill


class FreelancerProfileFactory(factory.django.DjangoModelFactory[FreelancerProfile]):
    class Meta:
        model = FreelancerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(FreelancerFactory)
    title = "Web developer"
    hourly_rate = 4_000
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def skills(obj: FreelancerProfile, create: bool, extracted: list[Skill] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.skills.set(extracted)
