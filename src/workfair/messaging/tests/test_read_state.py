"""Unread counts, read pointers, and what the receiver may see of held or blocked messages."""

from __future__ import annotations

import pytest

from workfair.core.errors import NotFound
from workfair.messaging.actions import do_mark_read, do_send_message
from workfair.messaging.models import Participant
from workfair.messaging.queries import (
    attachment_for_download,
    conversations_for_user,
    messages_page,
    unread_total,
)
from workfair.messaging.states import MessageStatus
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory
from workfair.notifications.models import Notification


def _unread(conversation, user) -> int:  # type: ignore[no-untyped-def]
    return Participant.objects.get(conversation=conversation, user=user).unread_count


@pytest.mark.django_db
def test_unread_total_adds_up_over_conversations(conversation, client_user, freelancer_user):
    other = ConversationFactory(freelancer=freelancer_user)
    do_send_message(actor=client_user, conversation=conversation, body="One")
    do_send_message(actor=client_user, conversation=conversation, body="Two")
    do_send_message(actor=other.client, conversation=other, body="Hello from another client")

    assert unread_total(freelancer_user) == 3
    assert unread_total(client_user) == 0


@pytest.mark.django_db
def test_mark_read_clears_unread_and_the_conversation_notification(conversation, client_user, freelancer_user):
    first = do_send_message(actor=client_user, conversation=conversation, body="One")
    second = do_send_message(actor=client_user, conversation=conversation, body="Two")
    assert Notification.objects.filter(recipient=freelancer_user, read_at__isnull=True).count() == 1

    state = do_mark_read(actor=freelancer_user, conversation=conversation)

    assert (state.last_read_message_id, state.unread_count) == (second.pk, 0)
    assert unread_total(freelancer_user) == 0
    assert Notification.objects.filter(recipient=freelancer_user, read_at__isnull=True).count() == 0
    assert first.pk < second.pk


@pytest.mark.django_db
def test_mark_read_up_to_a_message_leaves_later_ones_unread(conversation, client_user, freelancer_user):
    first = do_send_message(actor=client_user, conversation=conversation, body="One")
    do_send_message(actor=client_user, conversation=conversation, body="Two")
    do_send_message(actor=client_user, conversation=conversation, body="Three")

    state = do_mark_read(actor=freelancer_user, conversation=conversation, up_to_message_id=first.pk)

    assert (state.last_read_message_id, state.unread_count) == (first.pk, 2)
    # Never backwards, and a made-up id beyond the newest message is capped at it.
    again = do_mark_read(actor=freelancer_user, conversation=conversation, up_to_message_id=first.pk - 1)
    assert (again.last_read_message_id, again.unread_count) == (first.pk, 2)
    last = do_mark_read(actor=freelancer_user, conversation=conversation, up_to_message_id=10**12)
    assert last.unread_count == 0
    assert last.last_read_message_id < 10**12
    later = do_send_message(actor=client_user, conversation=conversation, body="Four")
    assert _unread(conversation, freelancer_user) == 1
    assert later.pk > last.last_read_message_id


@pytest.mark.django_db
def test_mark_read_by_a_non_participant_is_not_found(conversation, client_user):
    do_send_message(actor=client_user, conversation=conversation, body="One")
    stranger = ConversationFactory().freelancer

    with pytest.raises(NotFound):
        do_mark_read(actor=stranger, conversation=conversation)


@pytest.mark.parametrize("status", [MessageStatus.HELD, MessageStatus.BLOCKED])
@pytest.mark.django_db
def test_receiver_never_sees_held_or_blocked_messages(conversation, client_user, freelancer_user, status):
    delivered = MessageFactory(conversation=conversation, sender=client_user, body="Visible")
    hidden = MessageFactory(conversation=conversation, sender=client_user, body="Call me on +1 555 0100", status=status)

    receiver_page = messages_page(freelancer_user, conversation)
    sender_page = messages_page(client_user, conversation)

    assert [m.id for m in receiver_page.messages] == [delivered.pk]
    assert [(m.id, m.status) for m in sender_page.messages] == [(delivered.pk, "delivered"), (hidden.pk, status)]
    assert sender_page.messages[1].status_note != ""
    assert sender_page.messages[0].status_note == ""
    # Nor in the inbox preview.
    assert conversations_for_user(freelancer_user).items[0].preview == "Visible"
    assert conversations_for_user(client_user).items[0].preview == "Call me on +1 555 0100"


@pytest.mark.django_db
def test_receiver_sees_the_masked_text_and_the_sender_their_own(conversation, client_user, freelancer_user):
    MessageFactory(
        conversation=conversation,
        sender=client_user,
        body="Mail me at jane@example.com",
        delivered_body="Mail me at [hidden]",
        status=MessageStatus.MASKED,
    )

    assert messages_page(freelancer_user, conversation).messages[0].body == "Mail me at [hidden]"
    mine = messages_page(client_user, conversation).messages[0]
    assert (mine.body, mine.mine) == ("Mail me at jane@example.com", True)
    assert "masked" in mine.status_note


@pytest.mark.django_db
def test_attachments_of_held_messages_cannot_be_downloaded_by_the_receiver(conversation, client_user, freelancer_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    message = do_send_message(
        actor=client_user,
        conversation=conversation,
        body="",
        attachments=[SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief")],
    )
    attachment = message.attachments.get()
    assert attachment_for_download(freelancer_user, attachment.pk) == attachment

    type(message).objects.filter(pk=message.pk).update(status=MessageStatus.HELD)

    with pytest.raises(NotFound):
        attachment_for_download(freelancer_user, attachment.pk)
    assert attachment_for_download(client_user, attachment.pk) == attachment
    with pytest.raises(NotFound):
        attachment_for_download(ConversationFactory().client, attachment.pk)


@pytest.mark.django_db
def test_messages_page_uses_keyset_pagination_oldest_to_newest(conversation, client_user, freelancer_user):
    ids = [MessageFactory(conversation=conversation, sender=client_user).pk for _ in range(7)]

    newest = messages_page(freelancer_user, conversation, size=3)
    assert [m.id for m in newest.messages] == ids[4:]
    assert (newest.has_older, newest.next_before) == (True, ids[4])
    middle = messages_page(freelancer_user, conversation, before_id=newest.next_before, size=3)
    assert [m.id for m in middle.messages] == ids[1:4]
    oldest = messages_page(freelancer_user, conversation, before_id=middle.next_before, size=3)
    assert [m.id for m in oldest.messages] == ids[:1]
    assert (oldest.has_older, oldest.next_before) == (False, None)


@pytest.mark.django_db
def test_messages_page_is_not_for_non_participants(conversation):
    with pytest.raises(NotFound):
        messages_page(ConversationFactory().client, conversation)
