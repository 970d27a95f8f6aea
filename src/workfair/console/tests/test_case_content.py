"""A case page shows what the case is about: the reported item as its app renders it (text, link,
author), every reporter's reason and note, and what surrounds it (the thread around a message)."""

from __future__ import annotations

from typing import Any

import pytest

from workfair.accounts.tests.factories import log_in_with_two_factor, with_totp
from workfair.jobs.tests.factories import JobFactory
from workfair.messaging.tests.factories import ConversationFactory, MessageFactory
from workfair.proposals.tests.factories import ProposalFactory
from workfair.trust.actions.reports import do_file_report
from workfair.trust.models import Case
from workfair.trust.tests.factories import StaffFactory
from workfair.trust.tests.fixtures_engine import trust_env  # noqa: F401 - fixture

pytestmark = [pytest.mark.usefixtures("trust_env"), pytest.mark.django_db]


def _case_page(client: Any, case: Case) -> str:
    log_in_with_two_factor(client, with_totp(StaffFactory()))
    page = client.get(f"/console/cases/{case.pk}/")
    assert page.status_code == 200
    return str(page.content.decode())


def test_a_reported_message_case_shows_the_message_the_note_and_the_thread(client: Any) -> None:
    conversation = ConversationFactory()
    before = [MessageFactory(conversation=conversation, body=f"Earlier message {n}") for n in range(7)]
    reported = MessageFactory(
        conversation=conversation, sender=conversation.freelancer, body="Send the deposit first, then we talk."
    )
    after = MessageFactory(conversation=conversation, body="Why would I pay a deposit?")
    report = do_file_report(actor=conversation.client, target_type="message", target_id=reported.pk, reason="scam",
                            note="He asks for money before any contract.")  # fmt: skip
    text = _case_page(client, report.case)
    assert f"messaging.message #{reported.pk}" not in text
    assert "Send the deposit first, then we talk." in text
    assert f'href="/admin/messaging/message/{reported.pk}/change/"' in text
    assert "He asks for money before any contract." in text
    assert "Scam or fraud</strong> by " + conversation.client.email in text
    assert "Written by " + conversation.freelancer.public_name in text
    # the thread around it: the five messages before, and the one after; not the older ones
    for message in before[2:]:
        assert message.body in text
    assert before[1].body not in text
    assert after.body in text
    thread = text[text.index("The conversation around it (5 before, 1 after)") :]
    assert thread.index(before[-1].body) < thread.index("Send the deposit first") < thread.index(after.body)


def test_a_reported_job_case_shows_the_post_and_links_to_it(client: Any, client_user: Any) -> None:
    job = JobFactory(client=client_user, title="Logo for a bakery", description="A round logo in warm colours.")
    report = do_file_report(actor=with_totp(StaffFactory()), target_type="job", target_id=job.pk, reason="spam")
    text = _case_page(client, report.case)
    assert f"Job post #{job.pk}: Logo for a bakery" in text
    assert "A round logo in warm colours." in text
    assert f'href="/jobs/{job.pk}/"' in text
    assert "(no note)" in text


def test_a_reported_proposal_case_shows_the_cover_letter_and_its_job(client: Any) -> None:
    proposal = ProposalFactory()
    report = do_file_report(actor=proposal.job.client, target_type="proposal", target_id=proposal.pk,
                            reason="spam", note="Copy-pasted.")  # fmt: skip
    text = _case_page(client, report.case)
    assert proposal.cover_letter in text
    assert proposal.job.description in text
    assert "Copy-pasted." in text


def test_a_case_about_an_item_that_is_gone_says_so(client: Any) -> None:
    message = MessageFactory()
    report = do_file_report(actor=message.conversation.freelancer, target_type="message", target_id=message.pk,
                            reason="abuse")  # fmt: skip
    message.delete()
    text = _case_page(client, report.case)
    assert "no longer there" in text
