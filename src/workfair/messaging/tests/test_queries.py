"""Inbox and message pages: content and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.core.errors import NotFound
from workfair.messaging.actions import do_send_message
from workfair.messaging.queries import access_conversation_by_id, conversations_for_user, messages_page
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory


@pytest.mark.django_db
def test_inbox_lists_my_conversations_by_latest_activity(client_user):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    quiet = ConversationFactory(client=client_user, subject="Quiet one", created_at=start - dt.timedelta(days=1))
    older = ConversationFactory(client=client_user, subject="Logo design")
    newer = ConversationFactory(client=client_user, subject="Landing page")
    ConversationFactory(subject="Someone else's")
    with clock.frozen_at(start):
        do_send_message(actor=client_user, conversation=older, body="About the logo")
    with clock.frozen_at(start + dt.timedelta(hours=1)):
        do_send_message(actor=newer.freelancer, conversation=newer, body="Line one\nline two")

    inbox = conversations_for_user(client_user)

    assert [item.conversation.pk for item in inbox.items] == [newer.pk, older.pk, quiet.pk]
    first = inbox.items[0]
    assert (first.other_id, first.other_name) == (newer.freelancer.pk, newer.freelancer.public_name)
    assert (first.unread_count, first.preview, first.last_message_mine) == (1, "Line one line two", False)
    assert first.conversation.subject == "Landing page"
    assert (inbox.items[1].preview, inbox.items[1].last_message_mine) == ("About the logo", True)
    assert inbox.items[2].preview == ""
    assert inbox.has_next is False


@pytest.mark.django_db
def test_inbox_pages_and_long_previews_are_cut(client_user):
    for _ in range(3):
        conversation = ConversationFactory(client=client_user)
        do_send_message(actor=client_user, conversation=conversation, body="word " * 100)

    first = conversations_for_user(client_user, page=1, size=2)
    second = conversations_for_user(client_user, page=2, size=2)

    assert (len(first.items), first.has_next, len(second.items), second.has_next) == (2, True, 1, False)
    assert len(first.items[0].preview) == 140
    assert first.items[0].preview.endswith("…")


def _fill_inbox(user, count: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        conversation = ConversationFactory(client=user, freelancer=FreelancerFactory())
        MessageFactory(conversation=conversation, sender=conversation.freelancer, body=f"Hello {i}")


@pytest.mark.parametrize("count", [2, 12])
@pytest.mark.django_db
def test_inbox_query_count_does_not_grow_with_conversations(client_user, django_assert_max_num_queries, count):
    _fill_inbox(client_user, count)

    with django_assert_max_num_queries(2):
        inbox = conversations_for_user(client_user, size=20)
        names = [(item.other_name, item.preview, item.conversation.subject) for item in inbox.items]

    assert len(names) == count


@pytest.mark.parametrize("count", [3, 25])
@pytest.mark.django_db
def test_messages_page_query_count_does_not_grow_with_messages(
    conversation, client_user, freelancer_user, django_assert_max_num_queries, count
):
    for i in range(count):
        do_send_message(
            actor=client_user if i % 2 else freelancer_user,
            conversation=conversation,
            body=f"Message {i}",
            attachments=[SimpleUploadedFile(f"file-{i}.txt", b"notes")] if i % 3 == 0 else (),
        )

    # conversation, messages, attachments, and which of them trust decisions took down
    with django_assert_max_num_queries(4):
        loaded = access_conversation_by_id(freelancer_user, conversation.pk)
        page = messages_page(freelancer_user, loaded, size=30)
        rendered = [(m.sender_name, m.body, [a.url for a in m.attachments]) for m in page.messages]

    assert len(rendered) == count
    assert rendered[0][2] == [page.messages[0].attachments[0].url]


@pytest.mark.django_db
def test_access_conversation_by_id_hides_other_peoples_conversations(conversation, client_user, freelancer_user):
    assert access_conversation_by_id(client_user, conversation.pk) == conversation
    assert access_conversation_by_id(freelancer_user, conversation.pk) == conversation
    with pytest.raises(NotFound):
        access_conversation_by_id(FreelancerFactory(), conversation.pk)
    with pytest.raises(NotFound):
        access_conversation_by_id(client_user, conversation.pk + 1000)
