"""Background work for accounts (the timers are scheduled by CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from workfair.accounts import actions
from workfair.core.tasks import workfair_task


@workfair_task(name="accounts.build_data_export")
def build_data_export(export_id: int) -> None:
    actions.do_build_data_export(export_id)


@workfair_task(name="accounts.erase_due_accounts")
def erase_due_accounts() -> int:
    return actions.do_erase_due_accounts()


@workfair_task(name="accounts.expire_data_exports")
def expire_data_exports() -> int:
    return actions.do_expire_data_exports()
