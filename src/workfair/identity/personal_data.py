"""Identity's part of "download my data" and of the erasure (`core.personal_data`).

Exported: the phone number, the status of each identity verification (never the images, the
sealed details or their keys), badges, known devices and step-up checks. Erased: the phone number,
pending codes, known devices; every sealed file (document images, selfie, the details read from
the document) is crypto-shredded; badges are revoked. Kept for good: the keyed hashes of the
identity graph (`Identifier`, the document number hash), which is what keeps a ban enforceable
when the same person signs up again (docs/subsystems/identity.md)."""

from __future__ import annotations

from typing import Any

from workfair.core import clock
from workfair.core.personal_data import ExportPart, register_personal_data
from workfair.identity.models import (
    Badge,
    IdentityVerification,
    KnownDevice,
    PhoneChallenge,
    PhoneNumber,
    SealedFile,
    StepUp,
)
from workfair.identity.sealing.envelope import purge


def export_identity(user: Any) -> ExportPart:
    return ExportPart(
        records={
            "phone": PhoneNumber.objects.filter(user_id=user.pk).values("e164", "verified_at").first(),
            "verifications": list(
                IdentityVerification.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values(
                    "status",
                    "provider",
                    "document_type",
                    "document_country",
                    "decision_reason",
                    "created_at",
                    "submitted_at",
                    "decided_at",
                )
            ),
            "badges": list(
                Badge.objects.filter(user_id=user.pk).order_by("pk").values("kind", "granted_at", "revoked_at")
            ),
            "devices": list(
                KnownDevice.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("label", "country", "first_seen", "last_seen")
            ),
            "step_ups": list(
                StepUp.objects.filter(user_id=user.pk)
                .order_by("pk")
                .values("reason", "method", "status", "created_at", "passed_at")
            ),
        }
    )


def erase_identity(user: Any) -> dict[str, int]:
    sealed = 0
    for sealed_file in SealedFile.objects.filter(owner_id=user.pk, purged_at__isnull=True).order_by("pk"):
        sealed += int(purge(sealed_file, reason="account erased"))
    return {
        "phone_numbers": PhoneNumber.objects.filter(user_id=user.pk).delete()[0],
        "phone_codes": PhoneChallenge.objects.filter(user_id=user.pk).delete()[0],
        "devices": KnownDevice.objects.filter(user_id=user.pk).delete()[0],
        "sealed_files": sealed,
        "badges": Badge.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=clock.now()),
    }


def register() -> None:
    register_personal_data("identity", export=export_identity, erase=erase_identity)
