"""One person, several threads (issue 13, item 10): the inbox shows each person once with their
other threads as context, the invitation's text is the first entry of its thread, and a new empty
thread sorts by when it opened (above older activity), not last."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.actions import do_send_message
from workfair.messaging.models import Conversation
from workfair.messaging.queries import conversations_for_user, group_by_person
from workfair.messaging.states import ConversationKind
from workfair.messaging.tests.factories import ConversationFactory
from workfair.proposals.actions import do_invite_freelancer

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_a_new_invitation_thread_without_messages_sorts_above_older_activity(client_user: Any) -> None:
    with clock.frozen_at(START):
        old = ConversationFactory(client=client_user, subject="Last week's logo")
        do_send_message(actor=client_user, conversation=old, body="Thanks for the logo")
    with clock.frozen_at(START + dt.timedelta(days=2)):
        fresh = ConversationFactory(client=client_user, kind=ConversationKind.INVITATION, subject="Invitation: App")

    assert [item.conversation.pk for item in conversations_for_user(client_user).items] == [fresh.pk, old.pk]


def test_the_same_person_is_one_line_with_their_other_threads_as_context(client_user: Any) -> None:
    ada, bo = FreelancerFactory(first_name="Ada"), FreelancerFactory(first_name="Bo")
    with clock.frozen_at(START):
        proposal_thread = ConversationFactory(client=client_user, freelancer=ada, subject="Landing page")
    with clock.frozen_at(START + dt.timedelta(hours=1)):
        ConversationFactory(client=client_user, freelancer=bo, subject="Logo")
    with clock.frozen_at(START + dt.timedelta(hours=2)):
        contract_thread = ConversationFactory(
            client=client_user, freelancer=ada, kind=ConversationKind.CONTRACT, subject="Contract: Landing page"
        )
    with clock.frozen_at(START + dt.timedelta(hours=3)):
        do_send_message(actor=ada, conversation=proposal_thread, body="Here is the draft")

    people = group_by_person(conversations_for_user(client_user).items)

    assert [p.other_id for p in people] == [ada.pk, bo.pk]
    assert people[0].newest.conversation.pk == proposal_thread.pk  # the newest activity
    assert [o.conversation.pk for o in people[0].others] == [contract_thread.pk]
    assert people[0].unread_count == 1

    browser = Client()
    browser.force_login(client_user)
    html = browser.get("/messages/").content.decode()
    assert html.count(f">{ada.public_name}</a>") == 1
    assert f"Also with {ada.public_name}:" in html
    assert f'href="/messages/{contract_thread.pk}/">Contract: Landing page</a>' in html


def test_the_invitation_text_is_the_first_entry_of_its_thread(client_user: Any, freelancer_user: Any) -> None:
    job = JobFactory(client=client_user, title="Shop redesign")
    do_invite_freelancer(
        actor=client_user, job=job, freelancer=freelancer_user, message="Your shop work is lovely; want to bid?"
    )
    thread = Conversation.objects.get(invitation__isnull=False)

    browser = Client()
    browser.force_login(freelancer_user)
    html = browser.get(f"/messages/{thread.pk}/").content.decode()
    assert 'id="opening-note"' in html
    assert "Your shop work is lovely; want to bid?" in html
    assert "No messages yet." not in html
