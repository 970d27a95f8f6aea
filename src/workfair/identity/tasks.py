"""Background work for identity verification (scheduled by CELERY_BEAT_SCHEDULE in settings)."""

from __future__ import annotations

from workfair.core.tasks import workfair_task
from workfair.identity.sealing.actions import do_purge_expired
from workfair.identity.verification.actions import do_expire_unfinished_verifications


@workfair_task(name="identity.purge_expired_images")
def purge_expired_images(*ids: int) -> int:
    """Delete the ciphertexts of document images and selfies past their retention (`purge_after`);
    the rows, the identifiers of the identity graph and the document number hash stay. With ids,
    only those sealed files (each still only if due). Idempotent; returns how many were purged."""
    return do_purge_expired(ids=[int(i) for i in ids] if ids else None)


@workfair_task(name="identity.expire_unfinished_verifications")
def expire_unfinished_verifications() -> int:
    """Cancel verifications whose live video check was not done by its deadline (hourly)."""
    return do_expire_unfinished_verifications()
