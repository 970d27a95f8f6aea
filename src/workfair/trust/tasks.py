"""Background work of the trust engine. Tasks take ids and are idempotent."""

from __future__ import annotations

from workfair.core.tasks import workfair_task


@workfair_task(name="trust.escalate_overdue_cases")
def escalate_overdue_cases() -> int:
    """Escalate cases past their SLA (schedule every minute)."""
    from workfair.trust.actions import do_escalate_overdue_cases

    return do_escalate_overdue_cases()


@workfair_task(name="trust.refresh_account_health")
def refresh_account_health(user_id: int) -> None:
    from workfair.trust.actions import do_refresh_account_health

    do_refresh_account_health(int(user_id))
