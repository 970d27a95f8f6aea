"""Timers and deliveries for payments (scheduled by CELERY_BEAT_SCHEDULE in settings). Each
takes ids (or nothing), works from `clock.now()` and is idempotent."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.payments import actions
from workfair.payments.models import Charge
from workfair.payments.processors import get_processor
from workfair.payments.processors.base import ProcessorError


@workfair_task(name="payments.auto_release")
def auto_release() -> int:
    """Release escrow whose review window after submission has passed."""
    return actions.do_auto_release_due()


@workfair_task(name="payments.mature_pending")
def mature_pending() -> int:
    """Make released money available once its pending period is over."""
    return actions.do_mature_pending()


@workfair_task(name="payments.refund_ended")
def refund_ended() -> int:
    """Refund escrow of ended contracts whose dispute window has passed."""
    return actions.do_refund_due_holds()


@workfair_task(name="payments.send_held_payouts")
def send_held_payouts() -> int:
    return actions.do_send_held_payouts()


@workfair_task(name="payments.send_payout")
def send_payout(payout_id: int) -> str:
    """Send one payout. A processor that did not answer is retried by the queue with the same
    idempotency key (`payout:<id>`): if it had paid, the retry finds that payout and pays nothing."""
    try:
        return str(actions.do_send_payout(payout_id).status)
    except ProcessorError as exc:
        raise ConnectionError(f"payment processor: {exc}") from exc


@workfair_task(name="payments.deliver_sandbox_dispute")
def deliver_sandbox_dispute(charge_id: int) -> str:
    """The sandbox's "disputed later" card: deliver the signed `charge.disputed` webhook through
    the same handler the webhook endpoint uses."""
    charge = Charge.objects.filter(pk=charge_id).first()
    if charge is None:
        return "gone"
    processor = get_processor("sandbox")
    body, signature = processor.dispute_event(charge.processor_ref)  # type: ignore[attr-defined]
    kind = actions.do_handle_webhook(processor_name="sandbox", payload=body, signature=signature).kind
    won = processor.dispute_outcome(charge.method.token)  # type: ignore[attr-defined]
    if won is not None:  # the test cards whose dispute is then decided
        body, signature = processor.dispute_closed_event(charge.processor_ref, won=won)  # type: ignore[attr-defined]
        kind = actions.do_handle_webhook(processor_name="sandbox", payload=body, signature=signature).kind
    return kind


@workfair_task(name="payments.invoice_hourly_weeks")
def invoice_hourly_weeks() -> int:
    """Close every hourly week whose editing time is over into its invoice."""
    return actions.do_invoice_closed_weeks()


@workfair_task(name="payments.charge_hourly_weeks")
def charge_hourly_weeks() -> int:
    """Charge invoiced weeks whose review window is over, and declined weeks due for a retry."""
    return actions.do_charge_due_weeks()


@workfair_task(name="payments.mature_hourly_weeks")
def mature_hourly_weeks() -> int:
    """Make a charged week's money available once its security period is over."""
    return actions.do_mature_hourly_weeks()
