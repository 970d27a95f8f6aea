"""`workfair rotate_identity_keys`: re-wrap every sealed file's data key with the current master key.

Rotation: put the new key first in WORKFAIR_IDENTITY_KEYS (keep the old ones after it), restart,
run this command, then remove the old keys. Safe to run again or to stop half way."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Re-wrap identity data keys with the first key of WORKFAIR_IDENTITY_KEYS (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=200, help="Files re-wrapped per transaction.")
        parser.add_argument("--new-key", action="store_true", help="Print a new random master key and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        from workfair.identity.models import SealedFile
        from workfair.identity.sealing.actions import do_rotate_keys
        from workfair.identity.sealing.envelope import generate_master_key, keyring

        if options["new_key"]:
            self.stdout.write(generate_master_key())
            return
        if options["batch_size"] < 1:
            self.stderr.write("The batch size must be at least 1.")
            raise SystemExit(2)
        ring = keyring()
        count = do_rotate_keys(batch_size=options["batch_size"])
        left = SealedFile.objects.filter(purged_at__isnull=True).exclude(master_key_id=ring.current_id).count()
        self.stdout.write(
            f"Re-wrapped {count} data key(s) with master key {ring.current_id!r}; {left} left on other keys."
        )
