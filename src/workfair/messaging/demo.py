"""The demo marketplace's conversations: `talk()` writes the turns of a conversation that the
proposals and contracts steps open (interviews, contract chats) and the stories of `workfair.demo`."""

from __future__ import annotations

from collections.abc import Sequence

from workfair.accounts.demo_text import BUSINESSES
from workfair.core.demo import SeedContext
from workfair.messaging.actions import do_mark_read, do_send_message
from workfair.messaging.models import Conversation


def talk(
    context: SeedContext, conversation: Conversation, turns: Sequence[str], start_ago: float, *, read: bool
) -> float:
    """Send `turns` (client first, then alternating) from `start_ago` on; returns the time of
    the last message. With `read`, both people have read everything afterwards."""
    client, freelancer = conversation.client, conversation.freelancer
    names = {
        "client": client.first_name,
        "freelancer": freelancer.first_name,
        "business": context.rng.choice(BUSINESSES),
    }
    ago = start_ago
    for index, line in enumerate(turns):
        sender = client if index % 2 == 0 else freelancer
        with context.at(ago):
            do_send_message(actor=sender, conversation=conversation, body=line.format(**names))
        ago = context.later(ago, 0.01, 0.4)
    if read:
        with context.at(ago):
            do_mark_read(actor=client, conversation=conversation)
            do_mark_read(actor=freelancer, conversation=conversation)
    return ago
