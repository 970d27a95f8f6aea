"""Opening, closing and reopening conversations."""

from __future__ import annotations

import pytest

from workfair.accounts.tests.factories import ClientFactory, UserFactory
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.core.models import AuditLogEntry, StateChange
from workfair.messaging.actions import (
    do_close_conversation,
    do_close_conversation_about,
    do_open_conversation,
    do_reopen_conversation,
    do_send_message,
)
from workfair.messaging.models import Conversation, Participant
from workfair.messaging.states import ConversationKind, ConversationStatus
from workfair.messaging.tests.factories import ProposalForConversationFactory


@pytest.fixture
def proposal(client_user, freelancer_user):  # type: ignore[no-untyped-def]
    return ProposalForConversationFactory(job__client=client_user, freelancer=freelancer_user)


def _open(actor, proposal):  # type: ignore[no-untyped-def]
    return do_open_conversation(
        actor=actor,
        kind=ConversationKind.PROPOSAL,
        client=proposal.job.client,
        freelancer=proposal.freelancer,
        subject=proposal.job.title,
        job=proposal.job,
        proposal=proposal,
    )


@pytest.mark.django_db
def test_client_opens_one_conversation_per_proposal(proposal, client_user, freelancer_user):
    conversation = _open(client_user, proposal)

    assert (conversation.client_id, conversation.freelancer_id, conversation.proposal_id) == (
        client_user.pk,
        freelancer_user.pk,
        proposal.pk,
    )
    assert conversation.status == ConversationStatus.OPEN
    assert set(Participant.objects.filter(conversation=conversation).values_list("user_id", flat=True)) == {
        client_user.pk,
        freelancer_user.pk,
    }
    assert _open(client_user, proposal) == conversation
    assert Conversation.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="conversation.open").count() == 1


@pytest.mark.django_db
def test_freelancer_cannot_open_a_conversation_with_a_client(proposal, freelancer_user):
    with pytest.raises(PermissionDenied):
        _open(freelancer_user, proposal)

    assert Conversation.objects.count() == 0
    assert Participant.objects.count() == 0


@pytest.mark.django_db
def test_client_closes_and_reopens(conversation, client_user):
    do_close_conversation(actor=client_user, conversation=conversation, reason="Hired someone else")

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED
    change = StateChange.objects.get(model="messaging.conversation", object_id=str(conversation.pk))
    assert (change.from_state, change.to_state, change.reason) == ("open", "closed", "Hired someone else")
    with pytest.raises(InvalidTransition, match="already closed"):
        do_close_conversation(actor=client_user, conversation=conversation)

    do_reopen_conversation(actor=client_user, conversation=conversation)

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN
    assert do_send_message(actor=client_user, conversation=conversation, body="Back again").pk


@pytest.mark.django_db
def test_freelancer_cannot_close_and_strangers_get_not_found(conversation, freelancer_user):
    with pytest.raises(PermissionDenied):
        do_close_conversation(actor=freelancer_user, conversation=conversation)
    with pytest.raises(NotFound):
        do_close_conversation(actor=ClientFactory(), conversation=conversation)

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN
    assert StateChange.objects.count() == 0


@pytest.mark.django_db
def test_staff_and_the_platform_may_close(conversation):
    do_close_conversation(actor=UserFactory(is_staff=True), conversation=conversation)
    do_reopen_conversation(actor=None, conversation=conversation)
    do_close_conversation(actor=None, conversation=conversation, reason="Job expired")

    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED


@pytest.mark.django_db
def test_close_conversation_about_a_declined_proposal(proposal, client_user):
    assert do_close_conversation_about(actor=client_user, proposal=proposal) is None
    conversation = _open(client_user, proposal)

    closed = do_close_conversation_about(actor=client_user, proposal=proposal, reason="Declined")

    assert closed is not None
    assert closed.pk == conversation.pk
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED
    # Closing again is a no-op for callers that only want it closed.
    assert do_close_conversation_about(actor=client_user, proposal=proposal) is None


@pytest.mark.django_db
def test_opening_again_after_a_concurrent_open_returns_the_first(proposal, client_user, monkeypatch):
    first = _open(client_user, proposal)
    # Simulate the race: the "does one exist?" look-up misses, the insert then hits the unique key.
    real_filter = Conversation.objects.filter
    monkeypatch.setattr(
        Conversation.objects, "filter", lambda **kw: real_filter(pk=-1) if "proposal" in kw else real_filter(**kw)
    )

    again = _open(client_user, proposal)

    assert again.pk == first.pk
    assert Participant.objects.filter(conversation=first).count() == 2


@pytest.mark.django_db
def test_nobody_opens_a_conversation_with_themselves(client_user):
    both = ProposalForConversationFactory(job__client=client_user, freelancer=client_user)

    with pytest.raises(InvalidInput):
        _open(client_user, both)
    assert Conversation.objects.count() == 0
