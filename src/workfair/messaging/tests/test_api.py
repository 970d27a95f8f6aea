"""The conversations API: what each endpoint returns, and that it is for participants only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import ClientFactory
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Message, Participant
from workfair.messaging.states import MessageStatus
from workfair.messaging.tests.factories import MessageFactory

BASE = "/api/v1/conversations"


@pytest.fixture
def api_as():  # type: ignore[no-untyped-def]
    from django.test import Client

    def make(user):  # type: ignore[no-untyped-def]
        api_client = Client()
        api_client.force_login(user)
        return api_client

    return make


@pytest.mark.django_db
def test_list_my_conversations(api_as, conversation, client_user, freelancer_user):
    do_send_message(actor=client_user, conversation=conversation, body="Hello")

    response = api_as(freelancer_user).get(f"{BASE}/")

    assert response.status_code == 200
    body = response.json()
    assert body["has_next"] is False
    [item] = body["items"]
    assert item["id"] == conversation.pk
    assert item["other"] == {"id": client_user.pk, "name": client_user.public_name}
    assert (item["unread_count"], item["preview"], item["subject"]) == (1, "Hello", "Landing page for Acme")
    assert api_as(ClientFactory()).get(f"{BASE}/").json()["items"] == []


@pytest.mark.django_db
def test_api_needs_authentication(client, conversation):
    assert client.get(f"{BASE}/").status_code == 401
    assert client.get(f"{BASE}/{conversation.pk}/messages").status_code == 401


@pytest.mark.django_db
def test_get_one_conversation(api_as, conversation, client_user, freelancer_user):
    response = api_as(client_user).get(f"{BASE}/{conversation.pk}")

    assert response.status_code == 200
    assert response.json()["other"]["id"] == freelancer_user.pk
    assert response.json()["status"] == "open"


@pytest.mark.django_db
def test_list_messages_pages_back_with_before(api_as, conversation, client_user, freelancer_user):
    ids = [MessageFactory(conversation=conversation, sender=client_user).pk for _ in range(5)]
    MessageFactory(conversation=conversation, sender=client_user, status=MessageStatus.BLOCKED)

    first = api_as(freelancer_user).get(f"{BASE}/{conversation.pk}/messages", {"size": 3}).json()
    assert [m["id"] for m in first["items"]] == ids[2:]
    assert (first["has_older"], first["next_before"]) == (True, ids[2])
    older = api_as(freelancer_user).get(f"{BASE}/{conversation.pk}/messages", {"before": ids[2], "size": 3}).json()
    assert [m["id"] for m in older["items"]] == ids[:2]
    assert older["has_older"] is False


@pytest.mark.django_db
def test_send_a_message_as_json(api_as, conversation, freelancer_user, client_user):
    response = api_as(freelancer_user).post(
        f"{BASE}/{conversation.pk}/messages", {"body": "Sure, let's talk"}, content_type="application/json"
    )

    assert response.status_code == 201
    data = response.json()
    assert (data["body"], data["mine"], data["status"], data["attachments"]) == (
        "Sure, let's talk",
        True,
        "delivered",
        [],
    )
    assert Participant.objects.get(conversation=conversation, user=client_user).unread_count == 1


@pytest.mark.django_db
def test_send_refusals_are_json_4xx(api_as, conversation, client_user):
    api = api_as(client_user)
    url = f"{BASE}/{conversation.pk}/messages"

    empty = api.post(url, {"body": ""}, content_type="application/json")
    assert (empty.status_code, empty.json()["code"]) == (400, "invalid")
    binary = api.post(url, {"body": "a\u0000b"}, content_type="application/json")
    assert binary.status_code == 400
    type(conversation).objects.filter(pk=conversation.pk).update(status="closed")
    closed = api.post(url, {"body": "Hello"}, content_type="application/json")
    assert closed.status_code == 409
    assert closed.json()["detail"] == "This conversation is closed"
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_send_with_files_as_multipart(api_as, conversation, client_user):
    response = api_as(client_user).post(
        f"{BASE}/{conversation.pk}/messages/upload",
        {
            "body": "Two files",
            "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("b.txt", b"plain notes")],
        },
    )

    assert response.status_code == 201
    assert [a["name"] for a in response.json()["attachments"]] == ["a.pdf", "b.txt"]
    wrong = api_as(client_user).post(
        f"{BASE}/{conversation.pk}/messages/upload",
        {"body": "bad", "files": [SimpleUploadedFile("x.exe", b"MZ")]},
    )
    assert wrong.status_code == 400
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_mark_read_and_unread_total(api_as, conversation, client_user, freelancer_user):
    first = do_send_message(actor=client_user, conversation=conversation, body="One")
    do_send_message(actor=client_user, conversation=conversation, body="Two")
    api = api_as(freelancer_user)
    assert api.get(f"{BASE}/unread").json() == {"total": 2}

    partial = api.post(
        f"{BASE}/{conversation.pk}/read", {"up_to_message_id": first.pk}, content_type="application/json"
    ).json()
    assert (partial["last_read_message_id"], partial["unread_count"], partial["unread_total"]) == (first.pk, 1, 1)
    everything = api.post(f"{BASE}/{conversation.pk}/read", {}, content_type="application/json").json()
    assert (everything["unread_count"], everything["unread_total"]) == (0, 0)
    assert api.get(f"{BASE}/unread").json() == {"total": 0}


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("get", "", None),
        ("get", "/messages", None),
        ("post", "/messages", {"body": "Let me in"}),
        ("post", "/read", {}),
    ],
)
@pytest.mark.django_db
def test_another_users_conversation_is_404_on_every_endpoint(api_as, conversation, client_user, method, path, payload):
    do_send_message(actor=client_user, conversation=conversation, body="Private")
    stranger = api_as(ClientFactory())
    url = f"{BASE}/{conversation.pk}{path}"

    send = stranger.get if method == "get" else stranger.post
    response = send(url, payload, content_type="application/json") if payload is not None else send(url)

    assert response.status_code == 404
    assert "Private" not in response.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_another_users_conversation_is_404_for_uploads(api_as, conversation):
    response = api_as(ClientFactory()).post(
        f"{BASE}/{conversation.pk}/messages/upload", {"body": "x", "files": [SimpleUploadedFile("a.pdf", b"%PDF-")]}
    )

    assert response.status_code == 404
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_bearer_token_works_and_is_scoped_to_its_owner(client, conversation, client_user):
    from workfair.accounts.actions import do_create_api_token

    _, secret = do_create_api_token(client_user, "test")
    _, other_secret = do_create_api_token(ClientFactory(), "test")

    mine = client.get(f"{BASE}/{conversation.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    theirs = client.get(f"{BASE}/{conversation.pk}", HTTP_AUTHORIZATION=f"Bearer {other_secret}")

    assert (mine.status_code, theirs.status_code) == (200, 404)


@pytest.mark.django_db
def test_mark_read_without_a_body_and_page_sizes_are_capped(api_as, conversation, client_user, freelancer_user):
    for _ in range(3):
        do_send_message(actor=client_user, conversation=conversation, body="Hi")
    api = api_as(freelancer_user)

    # An empty body (what most HTTP clients send for a bare POST) marks everything read.
    assert api.post(f"{BASE}/{conversation.pk}/read", content_type="application/json").json()["unread_count"] == 0
    assert api.get(f"{BASE}/", {"size": 1000}).json()["size"] == 100
    assert len(api.get(f"{BASE}/{conversation.pk}/messages", {"size": 1000}).json()["items"]) == 3
    assert api.get(f"{BASE}/{conversation.pk}/messages", {"size": "lots"}).status_code == 422
