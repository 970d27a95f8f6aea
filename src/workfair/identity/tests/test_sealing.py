"""Envelope encryption of identity files: round trip, tampering, rotation, audit, nothing in clear."""

from __future__ import annotations

import base64
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from workfair.accounts.tests.factories import FreelancerFactory
from workfair.core.errors import NotFound
from workfair.core.models import AuditLogEntry
from workfair.identity.models import SealedFile
from workfair.identity.sealing import actions as sealing_actions
from workfair.identity.sealing import checks as sealing_checks
from workfair.identity.sealing import envelope as sealing
from workfair.identity.states import SealedPurpose
from workfair.identity.tests.factories import sealed_root  # noqa: F401 - fixture
from workfair.trust.tests.factories import StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sealed_root")]

SECRET = b"Passport P<GBRSMITH<<JANE<<<<<<< 123456789 - this must never be on disk in clear"


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _set_keys(settings: Any, raw: str) -> None:
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "MASTER_KEYS": raw}


def _ciphertext(root: Path, sealed: SealedFile) -> bytes:
    return (root / sealed.storage_name).read_bytes()


def test_round_trip_with_the_development_key(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    _set_keys(settings, "")
    owner = FreelancerFactory()
    staff = StaffFactory()
    sealed = sealing.seal(owner, SealedPurpose.DOCUMENT_FRONT, SECRET, "image/jpeg")
    assert sealed.master_key_id == sealing.DEV_KEY_ID
    assert sealed.size == len(SECRET)
    assert sealing.open_sealed(SealedFile.objects.get(pk=sealed.pk), actor=staff, reason="review") == SECRET


def test_ciphertext_on_disk_contains_no_plaintext(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    _set_keys(settings, f"k1:{_key()}")
    owner = FreelancerFactory()
    sealed = sealing.seal(owner, SealedPurpose.DETAILS, SECRET, "application/json")
    disk = _ciphertext(sealed_root, sealed)
    assert SECRET not in disk
    for fragment in (b"SMITH", b"123456789", b"Passport"):
        assert fragment not in disk
    assert bytes(sealed.wrapped_key)
    assert sealing.keyring().current not in bytes(sealed.wrapped_key)
    # Unguessable names, not derived from the owner, and nowhere under MEDIA_ROOT.
    assert len(sealed.storage_name) > 40
    assert not str(sealed_root / sealed.storage_name).startswith(str(settings.MEDIA_ROOT))


def test_default_location_is_outside_media_root(settings: Any) -> None:
    settings.WORKFAIR_IDENTITY = {k: v for k, v in settings.WORKFAIR_IDENTITY.items() if k != "SEALED_ROOT"}
    storage = sealing.sealed_storage()
    location = Path(storage.location)  # type: ignore[attr-defined]
    assert Path(settings.MEDIA_ROOT) not in (location, *location.parents)
    assert not storage.base_url.startswith(settings.MEDIA_URL)  # type: ignore[attr-defined]


def test_tampered_ciphertext_is_detected(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    _set_keys(settings, f"k1:{_key()}")
    sealed = sealing.seal(FreelancerFactory(), SealedPurpose.SELFIE, SECRET, "image/jpeg")
    path = sealed_root / sealed.storage_name
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(sealing.SealBroken):
        sealing.open_sealed(sealed, actor=None, reason="automatic checks")


def test_a_wrapped_key_moved_to_another_row_does_not_open(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    _set_keys(settings, f"k1:{_key()}")
    owner = FreelancerFactory()
    a = sealing.seal(owner, SealedPurpose.DOCUMENT_FRONT, b"front", "image/jpeg")
    b = sealing.seal(owner, SealedPurpose.DOCUMENT_BACK, b"back", "image/jpeg")
    b.wrapped_key = a.wrapped_key
    with pytest.raises(sealing.SealBroken):
        sealing.open_sealed(b, actor=None, reason="automatic checks")
    # Changing the purpose recorded on the row breaks it too: the metadata is authenticated.
    a.purpose = SealedPurpose.SELFIE
    with pytest.raises(sealing.SealBroken):
        sealing.open_sealed(a, actor=None, reason="automatic checks")


def test_rotation_with_two_keys(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    old, new = _key(), _key()
    _set_keys(settings, f"old:{old}")
    owner = FreelancerFactory()
    files = [sealing.seal(owner, SealedPurpose.DOCUMENT_FRONT, SECRET + bytes([i]), "image/jpeg") for i in range(5)]
    ciphertexts = {f.pk: _ciphertext(sealed_root, f) for f in files}
    assert {f.master_key_id for f in files} == {"old"}

    _set_keys(settings, f"new:{new},old:{old}")
    # Before rotation, old files still open (every configured key decrypts), new files use "new".
    assert sealing.open_sealed(files[0], actor=None, reason="check") == SECRET + b"\x00"
    assert sealing.seal(owner, SealedPurpose.SELFIE, b"x", "image/jpeg").master_key_id == "new"

    assert sealing_actions.do_rotate_keys(batch_size=2) == 5
    assert sealing_actions.do_rotate_keys(batch_size=2) == 0  # idempotent
    for f in files:
        fresh = SealedFile.objects.get(pk=f.pk)
        assert fresh.master_key_id == "new"
        assert _ciphertext(sealed_root, fresh) == ciphertexts[f.pk]  # only the key was re-wrapped

    # With the old key gone, everything still opens.
    _set_keys(settings, f"new:{new}")
    for i, f in enumerate(files):
        assert sealing.open_sealed(SealedFile.objects.get(pk=f.pk), actor=None, reason="check") == SECRET + bytes([i])


def test_a_file_under_a_removed_key_says_which_key_is_missing(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    _set_keys(settings, f"old:{_key()}")
    sealed = sealing.seal(FreelancerFactory(), SealedPurpose.DOCUMENT_FRONT, b"x", "image/jpeg")
    _set_keys(settings, f"new:{_key()}")
    with pytest.raises(ImproperlyConfigured, match="'old'"):
        sealing.open_sealed(sealed, actor=None, reason="check")


def test_rotate_command(settings: Any, sealed_root: Path) -> None:  # noqa: F811
    old, new = _key(), _key()
    _set_keys(settings, f"a:{old}")
    sealing.seal(FreelancerFactory(), SealedPurpose.DOCUMENT_FRONT, b"x", "image/jpeg")
    _set_keys(settings, f"b:{new},a:{old}")
    out = StringIO()
    call_command("rotate_identity_keys", stdout=out)
    assert "Re-wrapped 1 data key(s) with master key 'b'; 0 left" in out.getvalue()
    out = StringIO()
    call_command("rotate_identity_keys", "--new-key", stdout=out)
    assert len(base64.urlsafe_b64decode(out.getvalue().strip())) == 32


def test_every_staff_read_is_audited(settings: Any) -> None:
    owner = FreelancerFactory()
    staff = StaffFactory()
    sealed = sealing.seal(owner, SealedPurpose.SELFIE, SECRET, "image/jpeg")
    for _ in range(3):
        sealing.open_sealed(sealed, actor=staff, reason="identity review #7")
    rows = AuditLogEntry.objects.filter(action="identity.sealed_read", target_id=str(sealed.pk))
    assert rows.count() == 3
    assert {r.actor_id for r in rows} == {staff.pk}
    assert rows.first().data["reason"] == "identity review #7"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="reason"):
        sealing.open_sealed(sealed, actor=staff, reason=" ")


def test_purge_deletes_the_ciphertext_and_keeps_the_row(
    sealed_root: Path,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    sealed = sealing.seal(FreelancerFactory(), SealedPurpose.DOCUMENT_FRONT, SECRET, "image/jpeg")
    path = sealed_root / sealed.storage_name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert sealing.purge(sealed) is True
    assert not path.exists()
    row = SealedFile.objects.get(pk=sealed.pk)
    assert row.purged_at is not None
    assert row.storage_name == ""
    assert bytes(row.wrapped_key) == b""
    assert sealing.purge(row) is False  # idempotent
    with pytest.raises(NotFound):
        sealing.open_sealed(row, actor=None, reason="check")


def test_malformed_keys_are_refused_with_a_clear_message(settings: Any) -> None:
    for raw, message in [
        ("nokey", "id:key"),
        ("k1:not-base64!!", "base64"),
        (f"k1:{base64.urlsafe_b64encode(b'short').decode()}", "32 bytes"),
        (f"k1:{_key()},k1:{_key()}", "twice"),
    ]:
        _set_keys(settings, raw)
        with pytest.raises(ImproperlyConfigured, match=message):
            sealing.keyring()
        assert [m.id for m in sealing_checks.check_master_keys()] == ["identity.E001"]


def test_deploy_check_wants_production_keys(settings: Any) -> None:
    _set_keys(settings, "")
    assert [m.id for m in sealing_checks.check_master_keys_deploy()] == ["identity.E002"]
    _set_keys(settings, f"k1:{_key()}")
    assert sealing_checks.check_master_keys_deploy() == []
    assert sealing_checks.check_master_keys() == []


def test_sealed_files_under_media_root_are_an_error(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "SEALED_ROOT": str(tmp_path / "media" / "sealed")}
    assert [m.id for m in sealing_checks.check_master_keys()] == ["identity.E003"]
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "SEALED_ROOT": str(tmp_path / "private")}
    assert sealing_checks.check_master_keys() == []
