"""`workfair seed`: build the demo marketplace once (see `workfair.demo.marketplace`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Build the demo marketplace (idempotent: does nothing if it exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply the numbers of people and job posts (default 1: 50 freelancers, 20 clients, 150 posts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from workfair.demo.marketplace import build_demo_marketplace

        if options["scale"] <= 0:
            self.stderr.write("The scale must be more than zero.")
            raise SystemExit(2)
        build_demo_marketplace(stdout=self.stdout, scale=options["scale"])
