"""The actions over sealed files: re-wrapping data keys after a master-key rotation, purging what is due
(one transaction per batch or file, audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.identity.models import SealedFile
from workfair.identity.sealing.envelope import keyring, purge, unwrap_data_key, wrap_data_key


def do_rotate_keys(*, batch_size: int = 200, actor: Any = None) -> int:
    """Re-wrap every live data key that is not under the current master key. Idempotent (a second
    run finds nothing to do); one transaction per batch so a long run can be stopped and resumed.
    Returns how many were re-wrapped."""
    ring = keyring()
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                SealedFile.objects.select_for_update()
                .filter(pk__gt=last_pk, purged_at__isnull=True)
                .exclude(master_key_id=ring.current_id)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return done
            for sealed in batch:
                old_id = sealed.master_key_id
                data_key = unwrap_data_key(sealed, ring)
                wrap_data_key(sealed, data_key, ring)
                sealed.save(update_fields=["wrapped_key", "master_key_id"])
                record_audit(actor=actor, action="identity.sealed_rewrapped", target=sealed,
                             data={"from": old_id, "to": ring.current_id})  # fmt: skip
            done += len(batch)
            last_pk = batch[-1].pk


def do_purge_expired(*, ids: Iterable[int] | None = None) -> int:
    """Purge every sealed file whose `purge_after` has passed (only those among `ids` if given).
    Idempotent; hashes kept elsewhere (identifiers, document number hash) are untouched. Each file
    is purged in its own transaction, so a stopped run loses nothing. Returns how many were purged."""
    qs = SealedFile.objects.filter(purge_after__lte=clock.now(), purged_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return sum(1 for pk in list(qs.order_by("pk").values_list("pk", flat=True)) if purge(SealedFile(pk=pk)))
