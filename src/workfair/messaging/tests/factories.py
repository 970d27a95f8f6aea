"""Factories for conversations and messages."""

from __future__ import annotations

from typing import Any

import factory

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.models import Conversation, Message, Participant
from workfair.messaging.states import ConversationKind, ConversationStatus, MessageStatus
from workfair.proposals.models import Proposal


class ProposalForConversationFactory(factory.django.DjangoModelFactory[Proposal]):
    """A submitted proposal: just enough for a conversation to be about it."""

    class Meta:
        model = Proposal

    job = factory.SubFactory(JobFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    cover_letter = "I have built many landing pages and would love to build yours."
    amount = 50_000
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    """An open conversation about a job, with both participants' rows."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    kind = ConversationKind.PROPOSAL
    client = factory.SubFactory(ClientFactory)
    freelancer = factory.SubFactory(FreelancerFactory)
    job = factory.SubFactory(JobFactory, client=factory.SelfAttribute("..client"))
    subject = factory.LazyAttribute(lambda o: o.job.title if o.job else "A conversation")
    status = ConversationStatus.OPEN
    created_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def participants(obj: Conversation, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Participant.objects.bulk_create(
                [Participant(conversation=obj, user=obj.client), Participant(conversation=obj, user=obj.freelancer)]
            )


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    """A message written straight to the table (tests of reads); sending goes through the action."""

    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.LazyAttribute(lambda o: o.conversation.client)
    body = factory.Sequence(lambda n: f"Message number {n}")
    delivered_body = factory.LazyAttribute(lambda o: o.body)
    status = MessageStatus.DELIVERED
    created_at = factory.LazyFunction(clock.now)
