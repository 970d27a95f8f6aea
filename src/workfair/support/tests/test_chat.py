"""Live chat: routing to the least busy agent with room, the queue and its positions, a chat
without anyone on shift becoming a ticket, numbered messages, resending without repeats, agents
going off shift, ending with a transcript."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from workfair.support import queries
from workfair.support.actions import (
    do_end_chat,
    do_send_chat_message,
    do_set_agent_availability,
    do_start_chat,
    do_transfer_chat,
    queue_position,
)
from workfair.support.models import ChatSession, Ticket
from workfair.support.states import ChatStatus
from workfair.trust.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def on_shift(capacity: int = 2) -> Any:
    agent = StaffFactory()
    do_set_agent_availability(actor=agent, available=True, capacity=capacity)
    return agent


def test_nobody_on_shift_turns_the_chat_into_a_ticket() -> None:
    user = ClientFactory()
    session = do_start_chat(actor=user, body="Is anyone there? My payout failed.")
    assert session.status == ChatStatus.TICKET
    ticket = Ticket.objects.get(requester=user)
    assert session.ticket == ticket
    assert ticket.messages.get().body == "Is anyone there? My payout failed."
    assert ticket.subject == "Chat: Is anyone there? My payout failed."


def test_chats_go_to_the_least_busy_agent_with_room_then_queue_in_order() -> None:
    first, second = on_shift(capacity=1), on_shift(capacity=2)
    people = [ClientFactory() for _ in range(5)]
    sessions = [do_start_chat(actor=p, body="Help") for p in people]
    assert [s.agent for s in sessions[:3]] == [first, second, second]
    assert all(s.status == ChatStatus.ACTIVE for s in sessions[:3])
    assert [s.status for s in sessions[3:]] == [ChatStatus.QUEUED, ChatStatus.QUEUED]
    assert [queue_position(s) for s in sessions[3:]] == [1, 2]
    do_end_chat(actor=first, session=sessions[0])
    sessions[3].refresh_from_db()
    sessions[4].refresh_from_db()
    assert (sessions[3].status, sessions[3].agent) == (ChatStatus.ACTIVE, first)
    assert queue_position(sessions[4]) == 1


def test_a_person_has_one_live_chat_and_a_second_start_adds_to_it() -> None:
    on_shift()
    user = ClientFactory()
    session = do_start_chat(actor=user, body="One")
    again = do_start_chat(actor=user, body="Two")
    assert again.pk == session.pk
    assert [m.seq for m in session.messages.all()] == [1, 2]


def test_messages_are_numbered_and_a_resent_client_id_is_stored_once() -> None:
    agent = on_shift()
    user = ClientFactory()
    session = do_start_chat(actor=user, body="Hello", client_id="c-1")
    reply = do_send_chat_message(actor=agent, session=session, body="Hi, how can I help?")
    mine = do_send_chat_message(actor=user, session=session, body="My card", client_id="c-2")
    again = do_send_chat_message(actor=user, session=session, body="My card", client_id="c-2")
    assert (reply.seq, reply.from_staff, mine.seq) == (2, True, 3)
    assert again.pk == mine.pk
    assert [m.seq for m in queries.chat_messages_after(session, 1)] == [2, 3]
    assert queries.chat_messages_after(session, 3) == []


def test_only_the_person_and_their_agent_write_in_a_chat() -> None:
    agent = on_shift()
    user = ClientFactory()
    session = do_start_chat(actor=user, body="Hello")
    with pytest.raises(NotFound):
        do_send_chat_message(actor=FreelancerFactory(), session=session, body="I'm in")
    with pytest.raises(NotFound):
        queries.access_chat_by_id(FreelancerFactory(), session.pk)
    with pytest.raises(PermissionDenied):
        do_send_chat_message(actor=StaffFactory(), session=session, body="Not my chat")
    with pytest.raises(InvalidInput):
        do_send_chat_message(actor=agent, session=session, body="   ")
    with pytest.raises(InvalidInput):
        do_send_chat_message(actor=agent, session=session, body="x", client_id="y" * 65)
    assert session.messages.count() == 1


def test_an_agent_going_off_shift_requeues_their_chats_to_another_or_to_tickets() -> None:
    first = on_shift(capacity=1)
    user = ClientFactory()
    session = do_start_chat(actor=user, body="Hello")
    assert session.agent == first
    second = on_shift(capacity=1)
    do_set_agent_availability(actor=first, available=False, capacity=1)
    session.refresh_from_db()
    assert (session.status, session.agent) == (ChatStatus.ACTIVE, second)
    waiting = do_start_chat(actor=ClientFactory(), body="Me too")
    assert waiting.status == ChatStatus.QUEUED
    do_set_agent_availability(actor=second, available=False, capacity=1)
    session.refresh_from_db()
    waiting.refresh_from_db()
    assert session.status == ChatStatus.TICKET
    assert waiting.status == ChatStatus.TICKET
    assert Ticket.objects.count() == 2


def test_capacity_must_be_sensible_and_only_staff_take_chats() -> None:
    with pytest.raises(InvalidInput):
        do_set_agent_availability(actor=StaffFactory(), available=True, capacity=0)
    with pytest.raises(NotFound):
        do_set_agent_availability(actor=ClientFactory(), available=True, capacity=2)


def test_ending_keeps_the_transcript_and_mails_it(django_capture_on_commit_callbacks: Any) -> None:
    agent = on_shift()
    user = ClientFactory()
    session = do_start_chat(actor=user, body="Where is my money?")
    do_send_chat_message(actor=agent, session=session, body="It is held 5 days after release.")
    with django_capture_on_commit_callbacks(execute=True):
        do_end_chat(actor=user, session=session)
    session.refresh_from_db()
    assert session.status == ChatStatus.ENDED
    assert session.ended_at is not None
    assert session.messages.count() == 2
    transcript = mail.outbox[-1]
    assert transcript.to == [user.email]
    assert "You: Where is my money?" in transcript.body
    assert "Workfair support: It is held 5 days after release." in transcript.body
    with pytest.raises(InvalidTransition):
        do_send_chat_message(actor=user, session=session, body="one more")
    with pytest.raises(InvalidTransition):
        do_end_chat(actor=agent, session=session)
    assert ChatSession.objects.get().messages.count() == 2


def test_the_panel_is_on_every_page_and_starting_a_chat_answers_json(client: Any) -> None:
    user = ClientFactory()
    client.force_login(user)
    assert "data-chat" in client.get("/help/").content.decode()
    refused = client.post("/support/chat/start/", {"body": "  "})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"
    on_shift()
    answer = client.post("/support/chat/start/", {"body": "Hello", "client_id": "x1"})
    assert answer.status_code == 200
    session = ChatSession.objects.get()
    assert answer.json() == {"session_id": session.pk, "status": "active"}
    assert f'data-session="{session.pk}"' in client.get("/help/").content.decode()


def test_the_agent_workspace_sets_the_shift_and_shows_each_chat_with_its_context(client: Any) -> None:
    from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp

    agent = with_totp(StaffFactory())
    log_in_with_two_factor(client, agent)
    assert client.post("/console/support/chat/", {"available": "on", "capacity": "2"}).status_code == 302
    person = ClientFactory()
    do_start_chat(actor=person, body="Hi")
    page = client.get("/console/support/chat/").content.decode()
    assert person.email in page
    assert "Standing: none" in page
    assert client.post("/console/support/chat/", {"available": "on", "capacity": "99"}).status_code == 400
    outsider = ClientFactory()
    client.force_login(outsider)
    assert client.get("/console/support/chat/").status_code == 404


def test_a_waiting_person_is_told_an_honest_wait_from_recent_chats() -> None:
    import datetime as dt

    from workfair.core import clock
    from workfair.support.actions import chat_status_payload

    t0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    with clock.frozen_at(t0):
        agent = on_shift(capacity=1)
        busy = do_start_chat(actor=ClientFactory(), body="First")
        waiting = do_start_chat(actor=ClientFactory(), body="Second")
        assert chat_status_payload(waiting)["expected_wait_minutes"] == 6  # no history: 6 minutes a chat
    with clock.frozen_at(t0 + dt.timedelta(minutes=10)):
        do_end_chat(actor=agent, session=busy)  # 10 minutes long; "Second" is taken now
        third = do_start_chat(actor=ClientFactory(), body="Third")
        payload = chat_status_payload(third)
    assert (payload["queue_position"], payload["expected_wait_minutes"]) == (1, 10)
    assert chat_status_payload(busy)["expected_wait_minutes"] is None


def test_an_agent_transfers_a_chat_to_a_colleague_on_shift(client: Any) -> None:
    from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp

    first = with_totp(StaffFactory())
    do_set_agent_availability(actor=first, available=True, capacity=1)
    session = do_start_chat(actor=ClientFactory(), body="Hi")
    off_shift = StaffFactory()
    with pytest.raises(InvalidInput):
        do_transfer_chat(actor=first, session=session, to_agent=off_shift)
    second = on_shift()
    log_in_with_two_factor(client, first)
    assert second.email in client.get("/console/support/chat/").content.decode()
    answer = client.post("/console/support/chat/", {"do": "transfer", "session_id": session.pk, "to": second.pk})
    assert answer.status_code == 302
    session.refresh_from_db()
    assert session.agent == second
    with pytest.raises(InvalidInput):
        do_transfer_chat(actor=first, session=session, to_agent=second)
    assert (
        client.post("/console/support/chat/", {"do": "transfer", "session_id": session.pk, "to": "x"}).status_code
        == 404
    )
    reply = do_send_chat_message(actor=second, session=session, body="I have it now.")
    assert reply.seq == 2
    with pytest.raises(PermissionDenied):
        do_send_chat_message(actor=first, session=session, body="me too")
