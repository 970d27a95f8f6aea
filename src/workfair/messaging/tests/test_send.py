"""do_send_message: who may send what, and what a send writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import ClientFactory
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound
from workfair.core.models import AuditLogEntry
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Message, MessageAttachment, Participant
from workfair.messaging.states import ConversationStatus, MessageStatus
from workfair.notifications.models import Notification

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"1 0 obj\n" * 8


def _state(conversation):  # type: ignore[no-untyped-def]
    """Everything a send could change, to prove that a refused one changed nothing."""
    return (
        Message.objects.count(),
        MessageAttachment.objects.count(),
        list(Participant.objects.filter(conversation=conversation).values_list("unread_count", "last_read_message_id")),
        AuditLogEntry.objects.filter(action="message.send").count(),
        Notification.objects.count(),
        type(conversation).objects.get(pk=conversation.pk).last_message_at,
    )


def _stored_files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.PRIVATE_FILES_ROOT)  # attachments are private files (core.files)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_client_message_is_delivered_to_the_freelancer(conversation, client_user, freelancer_user):
    message = do_send_message(actor=client_user, conversation=conversation, body="  Hello Fred!\r\nCan we talk?  ")

    message.refresh_from_db()
    assert message.body == "Hello Fred!\nCan we talk?"
    assert message.delivered_body == message.body
    assert message.status == MessageStatus.DELIVERED
    assert message.sender_id == client_user.pk
    receiver = Participant.objects.get(conversation=conversation, user=freelancer_user)
    sender = Participant.objects.get(conversation=conversation, user=client_user)
    assert (receiver.unread_count, receiver.last_read_message_id) == (1, 0)
    assert (sender.unread_count, sender.last_read_message_id) == (0, message.pk)
    conversation.refresh_from_db()
    assert conversation.last_message_at == message.created_at
    audit = AuditLogEntry.objects.get(action="message.send")
    assert audit.actor_id == client_user.pk
    assert audit.target_id == str(message.pk)
    assert audit.data == {"conversation_id": conversation.pk, "status": "delivered", "attachments": 0}


@pytest.mark.django_db
def test_freelancer_can_reply_in_a_conversation_the_client_opened(conversation, client_user, freelancer_user):
    do_send_message(actor=client_user, conversation=conversation, body="Hi")
    reply = do_send_message(actor=freelancer_user, conversation=conversation, body="Hello!")

    assert reply.sender_id == freelancer_user.pk
    client_row = Participant.objects.get(conversation=conversation, user=client_user)
    freelancer_row = Participant.objects.get(conversation=conversation, user=freelancer_user)
    assert client_row.unread_count == 1
    # Replying means the freelancer has read the conversation.
    assert (freelancer_row.unread_count, freelancer_row.last_read_message_id) == (0, reply.pk)


@pytest.mark.django_db
def test_non_participant_cannot_send_and_nothing_is_written(conversation):
    stranger = ClientFactory()
    before = _state(conversation)

    with pytest.raises(NotFound):
        do_send_message(actor=stranger, conversation=conversation, body="Let me in")

    assert _state(conversation) == before


@pytest.mark.django_db
def test_closed_conversation_refuses_messages_with_409(conversation, client_user):
    type(conversation).objects.filter(pk=conversation.pk).update(status=ConversationStatus.CLOSED)
    before = _state(conversation)

    # The in-memory object still says "open": the database decides.
    with pytest.raises(InvalidTransition) as refusal:
        do_send_message(actor=client_user, conversation=conversation, body="Still there?")

    assert refusal.value.status_code == 409
    assert refusal.value.message == "This conversation is closed"
    assert _state(conversation) == before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("", id="empty"),
        pytest.param(" \n\t  ", id="blank"),
        pytest.param("x" * 10_001, id="too-long"),
        pytest.param("binary\x00data", id="nul"),
        pytest.param("bell\x07", id="control-char"),
        pytest.param("lone \ud800 surrogate", id="surrogate"),
        pytest.param(None, id="none"),
    ],
)
@pytest.mark.django_db
def test_bad_bodies_are_refused_and_nothing_is_written(conversation, client_user, body):
    before = _state(conversation)

    with pytest.raises(InvalidInput):
        do_send_message(actor=client_user, conversation=conversation, body=body)

    assert _state(conversation) == before


@pytest.mark.django_db
def test_longest_allowed_body_and_tabs_are_accepted(conversation, client_user, settings):
    settings.WORKFAIR = {**settings.WORKFAIR, "MAX_MESSAGE_CHARS": 20}
    message = do_send_message(actor=client_user, conversation=conversation, body="a\tb" + "c" * 17)
    assert message.body == "a\tb" + "c" * 17

    with pytest.raises(InvalidInput):
        do_send_message(actor=client_user, conversation=conversation, body="c" * 21)


@pytest.mark.django_db
def test_message_with_attachments_and_no_text(conversation, client_user, settings):
    files = [
        SimpleUploadedFile("mock-up.png", PNG, content_type="image/png"),
        SimpleUploadedFile("../../brief.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("notes.txt", "Grüße\n".encode(), content_type="text/plain"),
    ]

    message = do_send_message(actor=client_user, conversation=conversation, body="", attachments=files)

    rows = list(message.attachments.order_by("id"))
    assert [(a.name, a.size, a.content_type) for a in rows] == [
        ("mock-up.png", len(PNG), "image/png"),
        ("brief.pdf", len(PDF), "application/pdf"),
        ("notes.txt", len("Grüße\n".encode()), "text/plain"),
    ]
    assert rows[0].file.read() == PNG
    # Stored under a random name, never the person's own path.
    assert ".." not in rows[1].file.name
    assert "brief" not in rows[1].file.name
    assert len(_stored_files(settings)) == 3


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("setup.exe", b"MZ\x90\x00", "not a file type", id="wrong-extension"),
        pytest.param("invoice.pdf", b"MZ\x90\x00binary", "does not match", id="content-mismatch"),
        pytest.param("photo.png", b"\xff\xd8\xff\xe0jpeg", "does not match", id="jpeg-named-png"),
        pytest.param("notes.txt", b"text\x00with nul", "does not match", id="binary-text"),
        pytest.param("notes.csv", b"\xff\xfe\x00bad utf8", "does not match", id="not-utf8"),
        pytest.param("empty.pdf", b"", "is empty", id="empty"),
        pytest.param("README", b"hello", "not a file type", id="no-extension"),
    ],
)
@pytest.mark.django_db
def test_wrong_attachments_are_refused_and_nothing_is_written(
    conversation, client_user, settings, name, content, reason
):
    before = _state(conversation)

    with pytest.raises(InvalidInput) as refusal:
        do_send_message(
            actor=client_user,
            conversation=conversation,
            body="See attached",
            attachments=[SimpleUploadedFile(name, content)],
        )

    assert reason in refusal.value.message
    assert _state(conversation) == before
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_too_large_attachment_is_refused(conversation, client_user, settings):
    settings.WORKFAIR_MAX_ATTACHMENT_BYTES = 1024
    before = _state(conversation)

    with pytest.raises(InvalidInput, match="too large"):
        do_send_message(
            actor=client_user,
            conversation=conversation,
            body="Big file",
            attachments=[SimpleUploadedFile("small.pdf", PDF), SimpleUploadedFile("big.pdf", PDF + b"0" * 1024)],
        )

    assert _state(conversation) == before
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_more_than_five_attachments_are_refused(conversation, client_user, settings):
    before = _state(conversation)
    files = [SimpleUploadedFile(f"page-{i}.pdf", PDF) for i in range(6)]

    with pytest.raises(InvalidInput, match="at most 5 files"):
        do_send_message(actor=client_user, conversation=conversation, body="Pages", attachments=files)

    assert _state(conversation) == before
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_receiver_is_notified_once_per_unread_conversation(
    conversation, client_user, freelancer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_send_message(actor=client_user, conversation=conversation, body="One")
        do_send_message(actor=client_user, conversation=conversation, body="Two")
        do_send_message(actor=client_user, conversation=conversation, body="Three")

    notification = Notification.objects.get()
    assert notification.recipient_id == freelancer_user.pk
    assert notification.kind == "message.received"
    assert notification.url == f"/messages/{conversation.pk}/"
    assert notification.title == f"New message from {client_user.public_name}"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [freelancer_user.email]
    # The e-mail says who wrote and where to read it, not what was written.
    assert "One" not in mail.outbox[0].body
    assert f"/messages/{conversation.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_sending_stays_within_a_small_number_of_queries(
    conversation, client_user, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    do_send_message(actor=client_user, conversation=conversation, body="First (notifies)")

    # Steady state: conversation check+bump, insert, participants, audit, notification check,
    # and the receiver's unread total after commit (plus savepoints); the trust guard adds the
    # active-contract check, the sender's recent messages, the engine's context (e-mail verified,
    # messages in the last hour) and the signal row in its savepoint.
    with django_assert_max_num_queries(15), django_capture_on_commit_callbacks(execute=True):
        do_send_message(actor=client_user, conversation=conversation, body="Second")
