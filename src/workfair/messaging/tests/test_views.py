"""Messaging pages: inbox, conversation, sending (htmx and plain), older messages, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from workfair.accounts.tests.factories import ClientFactory
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Message, Participant
from workfair.messaging.states import ConversationStatus
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_inbox_shows_the_other_person_subject_and_unread_badge(client, conversation, client_user, freelancer_user):
    do_send_message(actor=client_user, conversation=conversation, body="Are you free next week?")
    client.force_login(freelancer_user)

    response = client.get(reverse("messaging:inbox"))

    assert response.status_code == 200
    html = response.content.decode()
    assert client_user.public_name in html
    assert "Landing page for Acme" in html
    assert "Are you free next week?" in html
    assert 'aria-label="1 unread"' in html


@pytest.mark.django_db
def test_inbox_needs_login(client):
    response = client.get(reverse("messaging:inbox"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_conversation_page_shows_messages_and_marks_them_read(client, conversation, client_user, freelancer_user):
    message = do_send_message(actor=client_user, conversation=conversation, body="Hello <b>Fred</b>")
    client.force_login(freelancer_user)

    response = client.get(reverse("messaging:conversation", args=[conversation.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="message-{message.pk}"' in html
    assert "Hello &lt;b&gt;Fred&lt;/b&gt;" in html
    assert f"<h1>{client_user.public_name}</h1>" in html
    assert "Landing page for Acme" in html
    assert f'data-ws-path="/ws/conversations/{conversation.pk}/"' in html
    assert 'hx-post="' in html
    assert Participant.objects.get(conversation=conversation, user=freelancer_user).unread_count == 0


@pytest.mark.django_db
def test_conversation_page_of_someone_else_is_404(client, conversation):
    client.force_login(ClientFactory())

    assert client.get(reverse("messaging:conversation", args=[conversation.pk])).status_code == 404
    assert client.get(reverse("messaging:older", args=[conversation.pk])).status_code == 404
    response = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_htmx_send_returns_the_new_message_fragment(client, conversation, client_user):
    client.force_login(client_user)

    response = client.post(
        reverse("messaging:send", args=[conversation.pk]),
        {"body": "Sent with htmx", "attachments": [SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief")]},
        **HTMX,
    )

    message = Message.objects.get()
    assert response.status_code == 200
    assert response["X-Message-Id"] == str(message.pk)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="message message-mine" id="message-{message.pk}"')
    assert "Sent with htmx" in html
    assert reverse("messaging:attachment", args=[message.attachments.get().pk]) in html


@pytest.mark.django_db
def test_htmx_send_refusal_is_shown_above_the_form(client, conversation, client_user):
    client.force_login(client_user)

    response = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "   "}, **HTMX)

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#send-errors"
    assert "Write a message" in response.content.decode()
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_plain_form_send_redirects_back_to_the_conversation(client, conversation, freelancer_user):
    client.force_login(freelancer_user)

    response = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "Without JavaScript"})

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{conversation.pk}/#message-{message.pk}"


@pytest.mark.django_db
def test_plain_form_send_to_a_closed_conversation_keeps_the_draft(client, conversation, client_user):
    type(conversation).objects.filter(pk=conversation.pk).update(status=ConversationStatus.CLOSED)
    client.force_login(client_user)

    response = client.post(reverse("messaging:send", args=[conversation.pk]), {"body": "My draft"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "This conversation is closed" in html
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_load_older_returns_the_previous_page_and_the_next_link(client, conversation, client_user):
    ids = [MessageFactory(conversation=conversation, sender=client_user).pk for _ in range(65)]
    client.force_login(client_user)

    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert f"?before={ids[35]}" in page
    assert f'id="message-{ids[34]}"' not in page

    fragment = client.get(reverse("messaging:older", args=[conversation.pk]), {"before": ids[35]}, **HTMX)
    html = fragment.content.decode()
    assert f'id="message-{ids[5]}"' in html
    assert f'id="message-{ids[34]}"' in html
    assert f"?before={ids[5]}" in html
    assert f'id="message-{ids[35]}"' not in html


@pytest.mark.django_db
def test_attachment_download_is_for_participants_only(client, conversation, client_user, freelancer_user):
    message = do_send_message(
        actor=client_user,
        conversation=conversation,
        body="",
        attachments=[SimpleUploadedFile("Brief v2.pdf", b"%PDF-1.4 the brief")],
    )
    url = reverse("messaging:attachment", args=[message.attachments.get().pk])

    client.force_login(freelancer_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Brief v2.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the brief"

    client.force_login(ClientFactory())
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_only_the_client_sees_close_and_can_close(client, conversation, client_user, freelancer_user):
    client.force_login(freelancer_user)
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert "Close this conversation" not in page
    assert client.post(reverse("messaging:close", args=[conversation.pk])).status_code == 403

    client.force_login(client_user)
    response = client.post(reverse("messaging:close", args=[conversation.pk]))
    assert response.status_code == 302
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert "This conversation is closed" in page
    assert 'id="send-form"' not in page
    assert client.post(reverse("messaging:reopen", args=[conversation.pk])).status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.OPEN


@pytest.mark.django_db
def test_freelancer_has_no_way_to_start_a_conversation(client, freelancer_user):
    client.force_login(freelancer_user)

    html = client.get(reverse("messaging:inbox")).content.decode()

    # the page's own content (the support chat panel after it has its own form)
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_unread_message_count_tag(conversation, client_user, freelancer_user):
    do_send_message(actor=client_user, conversation=conversation, body="One")
    do_send_message(
        actor=client_user, conversation=ConversationFactory(client=client_user, freelancer=freelancer_user), body="Two"
    )
    request = RequestFactory().get("/")
    request.user = freelancer_user
    template = Template("{% load messaging_tags %}[{% unread_message_count %}]{% unread_message_count as n %}{{ n }}")

    assert template.render(Context({"request": request})) == "[2]2"
    request.user = client_user
    assert template.render(Context({"request": request})) == "[0]0"
