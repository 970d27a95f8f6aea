"""What other apps may use of payments. Payments knows what it pays for only by type and id.

from workfair.payments import interface as payments

payments.payment_verified(user_id)                     # a verified card on file?
payments.register_settlement_handler("contracts.milestone", handler)
result = payments.do_fund_escrow(actor=client, target=("contracts.milestone", 7),
                                 group=("contracts.contract", 3), freelancer_id=..., amount=..., currency=...)
payments.do_release_escrow(actor=client, target=("contracts.milestone", 7))
payments.do_refund_escrow(actor=freelancer, target=..., amount=500)
payments.do_schedule_auto_release(target=..., submitted_at=...)
payments.quote_funding(10_000)   # {"amount": 10000, "client_fee": 500, "total": 10500}
payments.register_hourly_terms("contracts.contract", terms_of)  # hourly billing by the week
"""

from __future__ import annotations

from workfair.payments.actions import (
    FundResult,
    PaymentFailed,
    current_week_start,
    do_cancel_auto_release,
    do_charge_hourly_week,
    do_delete_time_entry,
    do_dispute_hourly_week,
    do_edit_time_entry,
    do_fund_escrow,
    do_log_time,
    do_refund_escrow,
    do_release_escrow,
    do_schedule_auto_release,
    do_schedule_group_refunds,
    escrow_of,
    format_minutes,
    quote_funding,
    quote_release,
)
from workfair.payments.idempotency import idempotent_response
from workfair.payments.queries import (
    HourlyWeekView,
    access_hourly_contract,
    access_hourly_week_by_id,
    access_time_entry_by_id,
    escrow_summary,
    hourly_week_view,
    hourly_weeks_of_contract,
    payment_verified,
    payment_verified_ids,
)
from workfair.payments.registry import HourlyTerms, register_hourly_terms, register_settlement_handler
from workfair.payments.states import HourlyWeekStatus

__all__ = [
    "FundResult",
    "HourlyTerms",
    "HourlyWeekStatus",
    "HourlyWeekView",
    "PaymentFailed",
    "access_hourly_contract",
    "access_hourly_week_by_id",
    "access_time_entry_by_id",
    "current_week_start",
    "do_cancel_auto_release",
    "do_charge_hourly_week",
    "do_delete_time_entry",
    "do_dispute_hourly_week",
    "do_edit_time_entry",
    "do_fund_escrow",
    "do_log_time",
    "do_refund_escrow",
    "do_release_escrow",
    "do_schedule_auto_release",
    "do_schedule_group_refunds",
    "escrow_of",
    "escrow_summary",
    "format_minutes",
    "hourly_week_view",
    "hourly_weeks_of_contract",
    "idempotent_response",
    "payment_verified",
    "payment_verified_ids",
    "quote_funding",
    "quote_release",
    "register_hourly_terms",
    "register_settlement_handler",
]
