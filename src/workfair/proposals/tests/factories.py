"""Factories for proposals and invitations."""

from __future__ import annotations

import factory

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.proposals.models import Invitation, Proposal

COVER_LETTER = "I have built many landing pages like this one and would love to help you launch it well and on time."


class ProposalFactory(factory.django.DjangoModelFactory[Proposal]):
    """A submitted proposal (made directly: no credits spent, for tests of the client's side)."""

    class Meta:
        model = Proposal

    job = factory.SubFactory(JobFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    cover_letter = COVER_LETTER
    amount = 45_000
    currency = "USD"
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    job = factory.SubFactory(JobFactory)
    client = factory.SelfAttribute("job.client")
    freelancer = factory.SubFactory(FreelancerFactory)
    message = "Your portfolio looks like a great fit for this job."
    created_at = factory.LazyFunction(clock.now)
