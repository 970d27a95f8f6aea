"""Conversations between a client and a freelancer, and their messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.core.files import RandomName, private_storage
from workfair.messaging.states import ConversationKind, ConversationStatus, MessageStatus


class Conversation(models.Model):
    kind = models.CharField(max_length=12, choices=ConversationKind.choices)
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_conversations")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freelancer_conversations"
    )
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposal = models.OneToOneField(
        "proposals.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    invitation = models.OneToOneField(
        "proposals.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    contract = models.OneToOneField(
        "contracts.Contract", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    subject = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.OPEN)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["client", "-last_message_at"], name="messaging_conv_client_idx"),
            models.Index(fields=["freelancer", "-last_message_at"], name="messaging_conv_fl_idx"),
        ]


class Participant(models.Model):
    """One row per person in a conversation: read state and a denormalised unread count."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_memberships"
    )
    last_read_message_id = models.BigIntegerField(default=0)
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="messaging_participant_unique")]
        indexes = [models.Index(fields=["user", "unread_count"], name="messaging_part_user_idx")]


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_messages")
    body = models.TextField(max_length=10_000, help_text="What the sender wrote")
    delivered_body = models.TextField(max_length=10_000, help_text="What the receiver sees (masked if needed)")
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.DELIVERED)
    status_note = models.CharField(
        max_length=500, blank=True, default="", help_text="Why the trust engine gave this status, for the sender"
    )
    safety_warning = models.BooleanField(
        default=False, help_text="Scam patterns were found: the receiver is shown a safety banner"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "-id"], name="messaging_msg_page_idx")]


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    # Private: a random name in the private storage, read only through the download view; `name`
    # is the uploader's file name, used only as the download name (workfair.core.files).
    file = models.FileField(storage=private_storage, upload_to=RandomName("message-attachments"))
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField()
