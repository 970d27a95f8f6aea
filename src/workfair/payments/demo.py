"""The demo marketplace's money: every client has a verified sandbox card before making offers;
afterwards, the timers a worker would have run by now (auto-release, pending to available, refunds
of ended contracts, held payouts) and withdrawals, so a newcomer sees funded, released, available
and withdrawn money (the disputed charge is a step of `workfair.contracts.demo`). Steps of
`workfair.demo.marketplace.STEPS`."""

from __future__ import annotations

import datetime as dt

from workfair.accounts.models import User
from workfair.core import clock
from workfair.core.demo import SeedContext
from workfair.payments import actions
from workfair.payments.models import EscrowHold, PaymentMethod
from workfair.payments.queries import balances_of
from workfair.payments.states import MethodStatus

SANDBOX_CARD = "4242424242424242"


def add_card(context: SeedContext, user: User) -> None:
    """`user` adds the sandbox's good test card an hour after joining."""
    with clock.frozen_at(min(user.date_joined + dt.timedelta(hours=1), context.now)):
        actions.do_add_card(actor=user, card=SANDBOX_CARD, exp_month=12, exp_year=clock.today().year + 4, cvc="123")


def build_cards(context: SeedContext) -> None:
    """Every client so far has a verified card (the story steps add their own people's)."""
    verified = PaymentMethod.objects.filter(status=MethodStatus.VERIFIED).values("user_id")
    for client in User.objects.filter(is_client=True).exclude(pk__in=verified).order_by("pk"):
        add_card(context, client)


def run_timers(context: SeedContext) -> None:
    """What the payment timers would have done by now."""
    with clock.frozen_at(context.now):
        actions.do_auto_release_due()
        actions.do_mature_pending()
        actions.do_refund_due_holds()
        actions.do_send_held_payouts()


def build_payouts(context: SeedContext, *, payouts: int = 5) -> None:
    """A few freelancers withdrew half of what is available to them (their first, held, payout)."""
    with context.at(1):
        earners = EscrowHold.objects.filter(matured=True).values_list("freelancer_id", flat=True).distinct()
        done = 0
        for freelancer in User.objects.filter(pk__in=list(earners)).order_by("pk"):
            available = balances_of(freelancer).available
            if available < 2_000 or done >= payouts:
                continue
            actions.do_add_payout_method(actor=freelancer, routing_number="110000000", account_number="000123456789")
            actions.do_request_payout(actor=freelancer, amount=available // 2, idempotency_key="demo")
            done += 1
