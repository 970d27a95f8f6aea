from django.db import models


class ConversationKind(models.TextChoices):
    PROPOSAL = "proposal", "About a proposal"
    INVITATION = "invitation", "About an invitation"
    CONTRACT = "contract", "About a contract"


class ConversationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


CONVERSATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ConversationStatus.OPEN: frozenset({ConversationStatus.CLOSED}),
    ConversationStatus.CLOSED: frozenset({ConversationStatus.OPEN}),
}


class MessageStatus(models.TextChoices):
    """What the receiver gets. The trust engine's gate in `do_send_message` decides it."""

    DELIVERED = "delivered", "Delivered"
    MASKED = "masked", "Delivered with details masked"
    HELD = "held", "Held for review"
    BLOCKED = "blocked", "Blocked"


# A held message leaves review only one way: a moderator approves it (the sender's view keeps the
# history through the StateChange rows `transition` writes).
MESSAGE_RELEASE_TRANSITIONS: dict[str, frozenset[str]] = {
    MessageStatus.HELD: frozenset({MessageStatus.DELIVERED, MessageStatus.MASKED}),
}
