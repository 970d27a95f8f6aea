from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Build the demo marketplace (idempotent: does nothing if it exists)."

    def handle(self, *args: Any, **options: Any) -> None:
        from workfair.web.demo import build_demo_marketplace  # type: ignore[attr-defined]

        build_demo_marketplace(stdout=self.stdout)
