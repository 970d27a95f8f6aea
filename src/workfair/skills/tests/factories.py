"""Factories for skills."""

from __future__ import annotations

import factory

from workfair.skills.models import Skill


class SkillFactory(factory.django.DjangoModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
