"""`workfair reconcile --date YYYY-MM-DD`: compare the ledger with the payment processor's records
for one day and list every difference (exit status 1 when there is one)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from workfair.core import clock
from workfair.payments.processors.base import ProcessorError
from workfair.payments.reconcile import reconcile


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date takes a day as YYYY-MM-DD, not {value!r}.") from exc


class Command(BaseCommand):
    help = "Compare the ledger with the payment processor's records for one day; list every difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day, YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--json", action="store_true", help="one JSON object instead of text")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"]) if options.get("date") else timezone.localdate(clock.now()) - dt.timedelta(days=1)
        try:
            report = reconcile(day)
        except ProcessorError as exc:
            raise CommandError(f"The payment processor did not answer: {exc}") from exc
        if options["json"]:
            body = {
                "day": day.isoformat(),
                "processor": report.processor,
                "matched": report.matched,
                "ledger": report.ledger_count,
                "processor_movements": report.processor_count,
                "differences": [dataclasses.asdict(d) for d in report.differences],
            }
            self.stdout.write(json.dumps(body))
        else:
            self.stdout.write(
                f"{day.isoformat()} ({report.processor}): {report.matched} matched, "
                f"{report.ledger_count} in the ledger, {report.processor_count} at the processor, "
                f"{len(report.differences)} differences"
            )
            for d in report.differences:
                self.stdout.write(
                    f"  {d.label}: {d.kind} {d.key} ledger={d.ledger_amount} processor={d.processor_amount} "
                    f"{d.currency}"
                    + (f" entry={d.entry_id}" if d.entry_id else "")
                    + (f" ref={d.processor_ref}" if d.processor_ref else "")
                )
        if report.differences:
            raise CommandError(f"{len(report.differences)} differences on {day.isoformat()}.", returncode=1)
