"""Account kinds, entry kinds and the statuses of payment methods, escrow, charges and payouts."""

from django.db import models


class AccountKind(models.TextChoices):
    """What an account holds. Positive balance: what the platform holds for or owes to its owner
    (a liability or revenue); processor clearing is the one asset, money the processor holds for
    us, and so is the one account that may go below zero."""

    CLIENT_FUNDING = "client_funding", "Client funding"
    ESCROW = "escrow", "Escrow"
    FREELANCER_PENDING = "freelancer_pending", "Freelancer pending"
    FREELANCER_AVAILABLE = "freelancer_available", "Freelancer available"
    PLATFORM_FEES = "platform_fees", "Platform fees"
    PROCESSOR_CLEARING = "processor_clearing", "Processor clearing"
    REFUNDS = "refunds", "Refunds in flight"
    PAYOUTS = "payouts", "Payouts in flight"
    RESERVES = "reserves", "Frozen (disputed at the processor)"


MAY_GO_NEGATIVE = frozenset({AccountKind.PROCESSOR_CLEARING})
# May go below zero only through a posting that says so (a lost chargeback recovered from a
# freelancer who was already paid, docs/rules.md "Chargebacks"); every other posting still refuses
# to take them below zero, so a negative balance blocks withdrawals until earnings cover it.
MAY_OWE = frozenset({AccountKind.FREELANCER_AVAILABLE})


class EntryKind(models.TextChoices):
    CHARGE = "charge", "Card charged"
    FUND = "fund", "Escrow funded"
    RELEASE = "release", "Escrow released"
    MATURE = "mature", "Pending became available"
    REFUND = "refund", "Escrow refunded"
    REFUND_PAID = "refund_paid", "Refund paid to the card"
    PAYOUT = "payout", "Withdrawal requested"
    PAYOUT_PAID = "payout_paid", "Withdrawal paid"
    PAYOUT_FAILED = "payout_failed", "Withdrawal returned"
    FREEZE = "freeze", "Funds frozen by a chargeback"
    HOURLY = "hourly", "Hourly week billed"
    UNFREEZE = "unfreeze", "Chargeback won: back in escrow"
    CHARGEBACK = "chargeback", "Chargeback lost: taken by the processor"


class MethodStatus(models.TextChoices):
    REQUIRES_ACTION = "requires_action", "Needs the 3-D Secure check"
    VERIFIED = "verified", "Verified"
    FAILED = "failed", "Declined"
    REMOVED = "removed", "Removed"


METHOD_TRANSITIONS: dict[str, frozenset[str]] = {
    MethodStatus.REQUIRES_ACTION: frozenset({MethodStatus.VERIFIED, MethodStatus.FAILED, MethodStatus.REMOVED}),
    MethodStatus.VERIFIED: frozenset({MethodStatus.REMOVED}),
    MethodStatus.FAILED: frozenset({MethodStatus.REMOVED}),
    MethodStatus.REMOVED: frozenset(),
}


class ChargeStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Declined"
    DISPUTED = "disputed", "Disputed by the card holder"
    DISPUTE_WON = "dispute_won", "Dispute won"
    DISPUTE_LOST = "dispute_lost", "Dispute lost"


class EscrowStatus(models.TextChoices):
    FUNDED = "funded", "In escrow"
    RELEASED = "released", "Released"
    REFUNDED = "refunded", "Refunded"
    FROZEN = "frozen", "Frozen by a chargeback"
    CHARGED_BACK = "charged_back", "Taken back by a chargeback"


ESCROW_TRANSITIONS: dict[str, frozenset[str]] = {
    EscrowStatus.FUNDED: frozenset({EscrowStatus.RELEASED, EscrowStatus.REFUNDED, EscrowStatus.FROZEN}),
    EscrowStatus.RELEASED: frozenset(),
    EscrowStatus.REFUNDED: frozenset(),
    EscrowStatus.FROZEN: frozenset({EscrowStatus.FUNDED, EscrowStatus.CHARGED_BACK}),
    EscrowStatus.CHARGED_BACK: frozenset(),
}


class PayoutStatus(models.TextChoices):
    HELD = "held", "Held (first withdrawal)"
    PROCESSING = "processing", "On its way"
    PAID = "paid", "Paid"
    FAILED = "failed", "Returned"


PAYOUT_TRANSITIONS: dict[str, frozenset[str]] = {
    PayoutStatus.HELD: frozenset({PayoutStatus.PROCESSING}),
    PayoutStatus.PROCESSING: frozenset({PayoutStatus.PAID, PayoutStatus.FAILED}),
    PayoutStatus.PAID: frozenset(),
    PayoutStatus.FAILED: frozenset(),
}


class HourlyWeekStatus(models.TextChoices):
    """One hourly contract's week (docs/rules.md "Work week"): time is logged while it is `open`;
    the invoice timer turns it into `review` (or `void` when nothing is billable); the client may
    dispute it in the review window (`disputed`, waiting for staff); then it is charged (`charged`)
    or, when the card declines, `retrying` until the last attempt (`unpaid`, staff follow up)."""

    OPEN = "open", "Open: time being logged"
    REVIEW = "review", "Invoiced: in the client's review window"
    DISPUTED = "disputed", "Hours disputed: waiting for staff"
    RETRYING = "retrying", "Charge declined: retrying"
    CHARGED = "charged", "Charged"
    UNPAID = "unpaid", "Unpaid: the card was declined"
    VOID = "void", "Nothing to bill"


HOURLY_WEEK_TRANSITIONS: dict[str, frozenset[str]] = {
    HourlyWeekStatus.OPEN: frozenset({HourlyWeekStatus.REVIEW, HourlyWeekStatus.VOID}),
    HourlyWeekStatus.REVIEW: frozenset(
        {HourlyWeekStatus.DISPUTED, HourlyWeekStatus.CHARGED, HourlyWeekStatus.RETRYING, HourlyWeekStatus.UNPAID}
    ),
    HourlyWeekStatus.DISPUTED: frozenset({HourlyWeekStatus.REVIEW, HourlyWeekStatus.VOID}),
    HourlyWeekStatus.RETRYING: frozenset(
        {HourlyWeekStatus.CHARGED, HourlyWeekStatus.RETRYING, HourlyWeekStatus.UNPAID}
    ),
    HourlyWeekStatus.UNPAID: frozenset({HourlyWeekStatus.CHARGED}),
    HourlyWeekStatus.CHARGED: frozenset(),
    HourlyWeekStatus.VOID: frozenset(),
}


class TimeSource(models.TextChoices):
    MANUAL = "manual", "Manual time"
    TRACKER = "tracker", "Tracked (Work Diary)"
