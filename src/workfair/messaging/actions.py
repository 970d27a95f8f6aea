"""Every write about conversations and messages.

`do_send_message` is the one way a message is sent: the trust engine's gate sits there."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import PermissionDenied
from workfair.messaging.models import Conversation, Participant
from workfair.messaging.states import ConversationKind


@transaction.atomic
def do_open_conversation(
    *,
    actor: Any,
    kind: ConversationKind | str,
    client: Any,
    freelancer: Any,
    subject: str,
    job: Any = None,
    proposal: Any = None,
    invitation: Any = None,
    contract: Any = None,
) -> Conversation:
    """Open (or return the existing) conversation between a client and a freelancer about one
    proposal, invitation or contract. Only the client, or the platform (actor None), opens one:
    freelancers cannot message a client first."""
    if actor is not None and actor.pk != client.pk:
        raise PermissionDenied("Only the client can start a conversation with a freelancer.")
    lookup: dict[str, Any]
    if contract is not None:
        lookup = {"contract": contract}
    elif proposal is not None:
        lookup = {"proposal": proposal}
    elif invitation is not None:
        lookup = {"invitation": invitation}
    else:
        raise ValueError("A conversation is about a proposal, an invitation or a contract.")
    existing = Conversation.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    conversation = Conversation.objects.create(
        kind=kind,
        client=client,
        freelancer=freelancer,
        subject=subject[:200],
        job=job,
        proposal=proposal,
        invitation=invitation,
        contract=contract,
        created_at=clock.now(),
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=client), Participant(conversation=conversation, user=freelancer)]
    )
    record_audit(actor=actor, action="conversation.open", target=conversation, data={"kind": str(kind)})
    return conversation
