"""Factories for the identity app's tests (any app's tests may import them).

`sealed_root` is a pytest fixture: import it into a test module (`from
workfair.identity.tests.factories import sealed_root  # noqa: F401`) and request it (or mark it
autouse there) to keep ciphertexts in a temporary folder instead of var/sealed/."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import factory
import pytest

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core import clock
from workfair.identity.models import IdentityVerification, PhoneNumber, SealedFile, VideoCheck, VideoSlot
from workfair.identity.states import DocumentType, SealedPurpose, VerificationStatus, VideoCheckStatus


@pytest.fixture
def sealed_root(settings: Any, tmp_path: Path) -> Path:
    """Sealed files of this test go to a temporary folder."""
    root = tmp_path / "sealed"
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "SEALED_ROOT": str(root)}
    return root


def jpeg_bytes(size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A small valid JPEG (what `images.load_upload` produces from an upload)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def sealed_file(owner: Any, purpose: str = SealedPurpose.DOCUMENT_FRONT, content: bytes | None = None) -> SealedFile:
    """A real sealed file (encrypted with the configured keys)."""
    from workfair.identity.sealing.envelope import seal

    data = content if content is not None else jpeg_bytes()
    return seal(owner, purpose, data, "application/json" if purpose == SealedPurpose.DETAILS else "image/jpeg")


def verify_phone(user: Any, e164: str | None = None) -> PhoneNumber:
    """Give `user` a verified phone number directly (the phone flow has its own tests)."""
    import hashlib

    number = e164 or f"+4420794600{user.pk % 100:02d}"
    now = clock.now()
    row, _ = PhoneNumber.objects.update_or_create(
        user=user,
        defaults={
            "e164": number,
            "number_hash": hashlib.sha256(f"{number}:{user.pk}".encode()).hexdigest(),
            "verified_at": now,
            "updated_at": now,
        },
    )
    return row


class IdentityVerificationFactory(factory.django.DjangoModelFactory[IdentityVerification]):
    """A verification in DRAFT (no images). `with_images=True` seals a front, a selfie and, for
    two-sided documents, a back. Pass `status=` for other states."""

    class Meta:
        model = IdentityVerification
        skip_postgeneration_save = True

    user = factory.SubFactory(FreelancerFactory)
    status = VerificationStatus.DRAFT
    document_type = DocumentType.PASSPORT
    document_country = "GB"
    created_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def with_images(obj: IdentityVerification, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not create or not extracted:
            return
        from workfair.identity.states import TWO_SIDED

        obj.front = sealed_file(obj.user, SealedPurpose.DOCUMENT_FRONT)
        obj.selfie = sealed_file(obj.user, SealedPurpose.SELFIE, jpeg_bytes(color=(30, 90, 200)))
        if obj.document_type in TWO_SIDED:
            obj.back = sealed_file(obj.user, SealedPurpose.DOCUMENT_BACK, jpeg_bytes(color=(10, 200, 10)))
        obj.save()


class VideoSlotFactory(factory.django.DjangoModelFactory[VideoSlot]):
    class Meta:
        model = VideoSlot

    starts_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=1))
    minutes = 15
    capacity = 1


class VideoCheckFactory(factory.django.DjangoModelFactory[VideoCheck]):
    class Meta:
        model = VideoCheck

    verification = factory.SubFactory(IdentityVerificationFactory, status=VerificationStatus.VIDEO_BOOKED)
    slot = factory.SubFactory(VideoSlotFactory)
    status = VideoCheckStatus.BOOKED
    meeting_url = factory.Sequence(lambda n: f"https://meet.example.org/workfair-test-{n}")
    booked_at = factory.LazyFunction(clock.now)
