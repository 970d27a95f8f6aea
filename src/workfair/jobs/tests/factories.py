"""Factories for job posts."""

from __future__ import annotations

import datetime as dt

import factory

from workfair.accounts.api_auth import hash_token
from workfair.accounts.models import ApiToken, Membership, Organization
from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.contracts.models import Contract, Offer
from workfair.contracts.states import ContractType, OfferStatus
from workfair.core import clock
from workfair.jobs.actions import refresh_search_vectors
from workfair.jobs.models import Category, Job
from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.messaging.models import Conversation
from workfair.messaging.states import ConversationKind
from workfair.profiles.models import ClientProfile
from workfair.proposals.models import Invitation
from workfair.skills.models import Skill


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
        skip_postgeneration_save = True

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

    @factory.post_generation
    def skills(obj: Job, create: bool, extracted: list[Skill] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.skills.set(extracted)

    @factory.post_generation
    def search_index(obj: Job, create: bool, extracted: object, **kwargs: object) -> None:
        # The actions keep the PostgreSQL search vector current; rows made here need it too.
        if create:
            refresh_search_vectors([obj.pk])


# --- rows of other apps that decide who sees a job or its client (read-only for this app) ----


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    """An invitation to a job, for the visibility tests of this app."""

    class Meta:
        model = Invitation

    job = factory.SubFactory(JobFactory)
    client = factory.SelfAttribute("job.client")
    freelancer = factory.SubFactory(FreelancerFactory)
    created_at = factory.LazyFunction(clock.now)


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    """A conversation about a job (an interview), for the client-name tests of this app."""

    class Meta:
        model = Conversation

    kind = ConversationKind.PROPOSAL
    job = factory.SubFactory(JobFactory)
    client = factory.SelfAttribute("job.client")
    freelancer = factory.SubFactory(FreelancerFactory)
    subject = factory.SelfAttribute("job.title")
    created_at = factory.LazyFunction(clock.now)


class ClientProfileFactory(factory.django.DjangoModelFactory[ClientProfile]):
    class Meta:
        model = ClientProfile

    user = factory.SubFactory(ClientFactory)
    location = "Lisbon, Portugal"
    country = "PT"
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class ContractFactory(factory.django.DjangoModelFactory[Contract]):
    """A fixed-price contract (and its offer) between a client and a freelancer: one hire."""

    class Meta:
        model = Contract

    client = factory.SubFactory(ClientFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    offer = factory.SubFactory(
        "workfair.jobs.tests.factories.OfferFactory",
        client=factory.SelfAttribute("..client"),
        freelancer=factory.SelfAttribute("..freelancer"),
    )
    title = "Landing page"
    contract_type = ContractType.FIXED
    started_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    client = factory.SubFactory(ClientFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    title = "Landing page"
    contract_type = ContractType.FIXED
    status = OfferStatus.ACCEPTED
    expires_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=14))
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Company {n}")
    created_by = factory.SubFactory(ClientFactory)
    created_at = factory.LazyFunction(clock.now)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(ClientFactory)
    created_at = factory.LazyFunction(clock.now)


class ApiTokenFactory(factory.django.DjangoModelFactory[ApiToken]):
    """A bearer token; the secret to send is the `secret` argument (default "secret-<n>")."""

    class Meta:
        model = ApiToken
        exclude = ("secret",)

    user = factory.SubFactory(ClientFactory)
    secret = factory.Sequence(lambda n: f"secret-{n}")
    key_prefix = factory.LazyAttribute(lambda o: o.secret[:8])
    key_hash = factory.LazyAttribute(lambda o: hash_token(o.secret))
    created_at = factory.LazyFunction(clock.now)
