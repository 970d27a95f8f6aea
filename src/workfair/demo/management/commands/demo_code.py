"""`workfair demo-code`: the demo staff account's current two-factor code (see `accounts.demo`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the demo staff account's current two-factor code (the demo's published key only)."

    def handle(self, *args: Any, **options: Any) -> None:
        from workfair.accounts.demo import demo_staff_code

        try:
            code = demo_staff_code()
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(code)
