"""The proposal-credit quota: monthly refill, spending, refunds, balance == sum of transactions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.core.errors import Conflict
from workfair.proposals import actions, queries
from workfair.proposals.models import CreditAccount, CreditTransaction, Proposal
from workfair.proposals.states import CreditReason
from workfair.proposals.tasks import refill_credits
from workfair.proposals.tests.factories import COVER_LETTER

pytestmark = pytest.mark.django_db

JAN = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def ledger_sum(account: CreditAccount) -> int:
    return CreditTransaction.objects.filter(account=account).aggregate(total=Sum("delta"))["total"] or 0


def test_new_account_gets_this_months_credits(settings: Any, freelancer_user: Any) -> None:
    settings.WORKFAIR = {**settings.WORKFAIR, "MONTHLY_PROPOSAL_CREDITS": 30}
    with clock.frozen_at(JAN):
        account = actions.ensure_credit_account(freelancer_user)
    assert account.balance == 30
    row = CreditTransaction.objects.get(account=account)
    assert (row.delta, row.reason, row.period) == (30, CreditReason.MONTHLY_REFILL, "2026-01")


def test_refill_is_once_per_month_and_tops_up_to_the_quota(settings: Any, freelancer_user: Any) -> None:
    settings.WORKFAIR = {**settings.WORKFAIR, "MONTHLY_PROPOSAL_CREDITS": 30}
    with clock.frozen_at(JAN):
        account = actions.ensure_credit_account(freelancer_user)
        assert actions.do_refill_credits(freelancer_user) == 0  # already granted this month
        CreditAccount.objects.filter(pk=account.pk).update(balance=5)
        CreditTransaction.objects.create(account=account, delta=-25, reason=CreditReason.ADJUSTMENT, created_at=JAN)
    with clock.frozen_at(JAN + dt.timedelta(days=31)):
        assert actions.do_refill_credits(freelancer_user) == 1
        assert actions.do_refill_credits(freelancer_user) == 0
    account.refresh_from_db()
    assert account.balance == 30
    assert ledger_sum(account) == 30
    assert CreditTransaction.objects.filter(account=account, reason=CreditReason.MONTHLY_REFILL).count() == 2


def test_refill_task_covers_every_freelancer_and_is_idempotent(
    freelancer_user: Any, django_assert_num_queries: Any
) -> None:
    other = FreelancerFactory()
    ClientFactory()  # clients get no credits
    assert refill_credits() == 2
    with django_assert_num_queries(1):  # everyone is done for this month: one query to learn it
        assert refill_credits() == 0
    assert CreditAccount.objects.count() == 2
    assert {a.freelancer_id for a in CreditAccount.objects.all()} == {freelancer_user.pk, other.pk}


def test_spending_refuses_when_short_and_changes_nothing(freelancer_user: Any, job: Any) -> None:
    account = actions.ensure_credit_account(freelancer_user)
    CreditAccount.objects.filter(pk=account.pk).update(balance=2)
    CreditTransaction.objects.create(
        account=account, delta=2 - account.balance, reason=CreditReason.ADJUSTMENT, created_at=clock.now()
    )
    before = CreditTransaction.objects.count()
    with pytest.raises(Conflict, match=r"Not enough credits: this job costs 4, you have 2\."):
        actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=COVER_LETTER, amount=10_000)
    account.refresh_from_db()
    assert account.balance == 2
    assert CreditTransaction.objects.count() == before
    assert not Proposal.objects.exists()


def test_spending_writes_a_transaction_and_lowers_the_balance(freelancer_user: Any, job: Any) -> None:
    start = queries.credit_balance(freelancer_user)
    proposal = actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=COVER_LETTER, amount=10_000)
    account = CreditAccount.objects.get(freelancer=freelancer_user)
    assert account.balance == start - 4 == queries.credit_balance(freelancer_user)
    spend = CreditTransaction.objects.get(account=account, reason=CreditReason.PROPOSAL)
    assert (spend.delta, spend.proposal_id) == (-4, proposal.pk)
    assert ledger_sum(account) == account.balance


def test_refund_for_a_job_gives_credits_back_once(freelancer_user: Any, job: Any) -> None:
    actions.do_submit_proposal(actor=freelancer_user, job=job, cover_letter=COVER_LETTER, amount=10_000)
    balance = queries.credit_balance(freelancer_user)
    assert actions.do_refund_credits_for_job(actor=None, job=job, reason="job removed") == 4
    assert actions.do_refund_credits_for_job(actor=None, job=job, reason="job removed") == 0
    account = CreditAccount.objects.get(freelancer=freelancer_user)
    assert account.balance == balance + 4 == ledger_sum(account)
