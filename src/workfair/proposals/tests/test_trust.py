"""Proposals and the trust engine: a restricted freelancer cannot bid; every proposal is a signal;
a proposal the engine hid does not reach the client's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from workfair.core import clock
from workfair.jobs.tests.factories import JobFactory
from workfair.notifications.models import Notification
from workfair.proposals import actions, queries
from workfair.proposals.models import CreditTransaction, Proposal
from workfair.proposals.tests.factories import COVER_LETTER
from workfair.trust.enforcement import AccountRestricted
from workfair.trust.models import HiddenContent, Signal
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db


def test_a_restricted_freelancer_cannot_bid_and_nothing_changes(freelancer_user: Any) -> None:
    job = JobFactory()
    actions.ensure_credit_account(freelancer_user)
    before = CreditTransaction.objects.count()
    set_standing(freelancer_user, "restricted")
    with pytest.raises(AccountRestricted) as refused:
        actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=COVER_LETTER, amount=10_000)
    assert "You cannot send proposals now." in refused.value.message
    assert not Proposal.objects.exists()
    assert CreditTransaction.objects.count() == before
    assert not Signal.objects.exists()


def test_a_proposal_is_recorded_as_a_signal_with_its_cover_letter(freelancer_user: Any) -> None:
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=JobFactory(), cover_letter=COVER_LETTER,
                                          amount=10_000)  # fmt: skip
    signal = Signal.objects.get(kind="proposal.sent")
    assert (signal.target_type, signal.target_id, signal.text) == ("proposals.proposal", str(proposal.pk), COVER_LETTER)


def test_a_proposal_with_contact_details_is_hidden_from_the_client(freelancer_user: Any) -> None:
    freelancer_user.date_joined = clock.now() - dt.timedelta(days=30)
    freelancer_user.save(update_fields=["date_joined"])
    job = JobFactory()
    letter = COVER_LETTER + " Write to me at jane.smith@gmail.com so we can talk."
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=letter, amount=10_000)
    assert HiddenContent.objects.filter(target_type="proposals.proposal", target_id=str(proposal.pk)).exists()
    assert list(queries.proposals_for_job(job.client, job.pk)) == []
    assert not Notification.objects.filter(recipient=job.client, kind="proposal.received").exists()
