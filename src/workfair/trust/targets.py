"""What can be reported, and whose it is. Each resolver checks, through the owning app's
queries where one exists, that the reporter can see the target, and returns the account it
belongs to. Raises NotFound for anything the reporter cannot see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workfair.core.errors import InvalidInput, NotFound

Resolver = Callable[[Any, int], Any]
_RESOLVERS: dict[str, tuple[str, Resolver]] = {}


def register_report_target(name: str, stored_type: str, resolver: Resolver) -> None:
    """Let people report `name` targets (e.g. the feedback app registers "review")."""
    _RESOLVERS[name] = (stored_type, resolver)


def resolve_report_target(actor: Any, name: str, target_id: int) -> tuple[str, Any]:
    """(stored target type, owning account) of a target the actor can see."""
    if name not in _RESOLVERS:
        raise InvalidInput(f"{name.capitalize()}s cannot be reported yet.")
    stored_type, resolver = _RESOLVERS[name]
    return stored_type, resolver(actor, target_id)


def _job_owner(actor: Any, job_id: int) -> Any:
    from workfair.jobs.queries import access_job_by_id

    return access_job_by_id(actor, job_id).client


def _proposal_owner(actor: Any, proposal_id: int) -> Any:
    from workfair.proposals.queries import access_proposal_by_id

    return access_proposal_by_id(actor, proposal_id).freelancer


def _message_owner(actor: Any, message_id: int) -> Any:
    # messaging has no access_message_by_id yet: the message's conversation must be the actor's.
    from workfair.messaging.models import Message
    from workfair.messaging.queries import is_participant

    message = Message.objects.select_related("conversation", "sender").filter(pk=message_id).first()
    if message is None or not is_participant(message.conversation, actor.pk):
        raise NotFound("Message not found.")
    return message.sender


def _profile_owner(actor: Any, user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound("Profile not found.")
    return user


register_report_target("job", "jobs.job", _job_owner)
register_report_target("proposal", "proposals.proposal", _proposal_owner)
register_report_target("message", "messaging.message", _message_owner)
register_report_target("profile", "accounts.user", _profile_owner)
