"""Factories for profiles, and for the relationships that open a private profile."""

from __future__ import annotations

import datetime as dt

import factory

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts.models import Contract, Offer
from workfair.contracts.states import ContractType
from workfair.core import clock
from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.states import Visibility


class FreelancerProfileFactory(factory.django.DjangoModelFactory[FreelancerProfile]):
    class Meta:
        model = FreelancerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(FreelancerFactory)
    title = factory.Sequence(lambda n: f"Web developer #{n}")
    overview = "I build fast, accessible web applications."
    hourly_rate = 4_500
    currency = "USD"
    visibility = Visibility.PUBLIC
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def skills(obj: FreelancerProfile, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            obj.skills.set(extracted)


class ClientProfileFactory(factory.django.DjangoModelFactory[ClientProfile]):
    class Meta:
        model = ClientProfile

    user = factory.SubFactory(ClientFactory)
    company_name = "Acme"
    location = "Berlin"
    visibility = Visibility.PUBLIC
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class PortfolioItemFactory(factory.django.DjangoModelFactory[PortfolioItem]):
    class Meta:
        model = PortfolioItem

    profile = factory.SubFactory(FreelancerProfileFactory)
    title = "Shop relaunch"
    created_at = factory.LazyFunction(clock.now)


class EmploymentItemFactory(factory.django.DjangoModelFactory[EmploymentItem]):
    class Meta:
        model = EmploymentItem

    profile = factory.SubFactory(FreelancerProfileFactory)
    company = "Initech"
    role = "Engineer"
    start_date = dt.date(2020, 1, 1)


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    client = factory.SubFactory(ClientFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    title = "Landing page"
    contract_type = ContractType.FIXED
    expires_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=14))
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class ContractFactory(factory.django.DjangoModelFactory[Contract]):
    """An active fixed-price contract, written straight to the table (for reads only)."""

    class Meta:
        model = Contract

    offer = factory.SubFactory(OfferFactory)
    client = factory.SelfAttribute("offer.client")
    freelancer = factory.SelfAttribute("offer.freelancer")
    title = factory.SelfAttribute("offer.title")
    contract_type = ContractType.FIXED
    started_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)
