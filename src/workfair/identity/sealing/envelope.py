"""Envelope encryption of identity documents, selfies and document details (`SealedFile`).

Each file gets a fresh random 256-bit data key; the content is encrypted with it (AES-GCM) and the
ciphertext written to the sealed storage under a random name. The data key is stored wrapped
(AES-GCM) by a master key from `WORKFAIR_IDENTITY["MASTER_KEYS"]`, with the row's metadata as
associated data, so a wrapped key copied onto another row does not open. Rotating master keys
re-wraps data keys only; the ciphertexts stay as they are.

Sealed files are never served: they live in their own storage (`STORAGES["identity_sealed"]` when
the operator configures one, else `WORKFAIR_IDENTITY["SEALED_ROOT"]`, by default `var/sealed/`,
which is outside MEDIA_ROOT), and no URL reads them. Every read is audited.

The actions over many files (key rotation, purging what is due) are in `sealing.actions`; the
system checks of keys and location in `sealing.checks`.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import NotFound
from workfair.identity.models import SealedFile
from workfair.identity.states import SealedPurpose

DEV_KEY_ID = "dev"
_MAGIC = b"WFS1"  # format marker of a sealed file: magic, 12-byte nonce, AES-GCM ciphertext + tag
_NONCE = 12
_STORAGE_PREFIX = "identity"


class SealBroken(Exception):
    """The ciphertext or the wrapped key does not authenticate: tampered with, or the wrong key."""


@dataclass(frozen=True)
class Keyring:
    """Master keys by id; `current_id` encrypts, every key decrypts."""

    keys: dict[str, bytes]
    current_id: str

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def identity_setting(name: str, default: Any = None) -> Any:
    return getattr(settings, "WORKFAIR_IDENTITY", {}).get(name, default)


def dev_master_key() -> bytes:
    """The development master key, derived from SECRET_KEY (production sets its own keys)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"workfair identity sealing: development key")
    return hkdf.derive(settings.SECRET_KEY.encode())


def parse_master_keys(raw: str) -> dict[str, bytes]:
    """Parse "id:key,id:key" (urlsafe base64 of 32 bytes each), keeping the order. Raises
    ImproperlyConfigured with what is wrong (never the key itself)."""
    keys: dict[str, bytes] = {}
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id or len(key_id) > 40:
            raise ImproperlyConfigured("WORKFAIR_IDENTITY_KEYS: each entry is id:key, the id at most 40 characters.")
        try:
            key = base64.urlsafe_b64decode(encoded.strip() + "=" * (-len(encoded.strip()) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"WORKFAIR_IDENTITY_KEYS: key {key_id!r} is not urlsafe base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"WORKFAIR_IDENTITY_KEYS: key {key_id!r} must be 32 bytes (it is {len(key)}).")
        if key_id in keys:
            raise ImproperlyConfigured(f"WORKFAIR_IDENTITY_KEYS: key id {key_id!r} appears twice.")
        keys[key_id] = key
    return keys


def keyring() -> Keyring:
    """The configured master keys (read each time, so settings overrides in tests apply)."""
    keys = parse_master_keys(str(identity_setting("MASTER_KEYS", "") or ""))
    if not keys:
        return Keyring(keys={DEV_KEY_ID: dev_master_key()}, current_id=DEV_KEY_ID)
    return Keyring(keys=keys, current_id=next(iter(keys)))


def generate_master_key() -> str:
    """A new master key in the settings format (without its id)."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def sealed_storage() -> Storage:
    """Where ciphertexts live: never a publicly served location."""
    if "identity_sealed" in getattr(settings, "STORAGES", {}):
        return storages["identity_sealed"]
    root = identity_setting("SEALED_ROOT") or Path(settings.VAR_DIR) / "sealed"
    # base_url is not MEDIA_URL: nothing ever builds a link to a sealed file.
    return FileSystemStorage(location=os.fspath(root), base_url="/sealed-files-are-never-served/")


# --- the cryptography -----------------------------------------------------------------------------


def _key_aad(*, owner_id: int, purpose: str, storage_name: str, content_type: str, master_key_id: str) -> bytes:
    """What a wrapped data key is bound to: its row's metadata."""
    return f"workfair.sealed.key|{owner_id}|{purpose}|{storage_name}|{content_type}|{master_key_id}".encode()


def _content_aad(storage_name: str) -> bytes:
    return f"workfair.sealed.content|{storage_name}".encode()


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < _NONCE + 16:
        raise SealBroken("The sealed data is truncated.")
    try:
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], aad)
    except InvalidTag as exc:
        raise SealBroken("The sealed data does not authenticate (tampered with, or the wrong key).") from exc


def wrap_data_key(sealed: SealedFile, data_key: bytes, ring: Keyring) -> None:
    sealed.master_key_id = ring.current_id
    aad = _key_aad(owner_id=sealed.owner_id, purpose=sealed.purpose, storage_name=sealed.storage_name,
                   content_type=sealed.content_type, master_key_id=ring.current_id)  # fmt: skip
    sealed.wrapped_key = _encrypt(ring.current, data_key, aad)


def unwrap_data_key(sealed: SealedFile, ring: Keyring) -> bytes:
    master = ring.keys.get(sealed.master_key_id)
    if master is None:
        raise ImproperlyConfigured(
            f"Sealed file {sealed.pk} is wrapped with master key {sealed.master_key_id!r}, which is not configured. "
            "Keep every old key in WORKFAIR_IDENTITY_KEYS until `workfair rotate_identity_keys` has run."
        )
    aad = _key_aad(owner_id=sealed.owner_id, purpose=sealed.purpose, storage_name=sealed.storage_name,
                   content_type=sealed.content_type, master_key_id=sealed.master_key_id)  # fmt: skip
    return _decrypt(master, bytes(sealed.wrapped_key), aad)


# --- sealing, opening and purging one file ------------------------------------------------------


def seal(owner: Any, purpose: str, content: bytes, content_type: str) -> SealedFile:
    """Encrypt `content` for `owner` under a fresh data key; store the ciphertext and the row."""
    SealedPurpose(purpose)
    ring = keyring()
    data_key = AESGCM.generate_key(bit_length=256)
    name = f"{_STORAGE_PREFIX}/{secrets.token_urlsafe(32)}.sealed"
    with transaction.atomic():
        sealed = SealedFile(
            owner_id=owner.pk,
            purpose=purpose,
            storage_name=name,
            content_type=content_type[:60],
            size=len(content),
            created_at=clock.now(),
        )
        wrap_data_key(sealed, data_key, ring)
        storage = sealed_storage()
        stored = storage.save(name, ContentFile(_MAGIC + _encrypt(data_key, content, _content_aad(name))))
        if stored != name:  # the associated data names the file: a renaming storage cannot be used
            storage.delete(stored)
            raise ImproperlyConfigured("The sealed storage renamed a file; it must keep the names it is given.")
        sealed.save()
        data = {"purpose": purpose, "size": len(content), "master_key_id": sealed.master_key_id}
        record_audit(actor=owner, action="identity.sealed_created", target=sealed, data=data)
    return sealed


def open_sealed(sealed: SealedFile, *, actor: Any, reason: str) -> bytes:
    """Decrypt a sealed file. Every read is audited (who, why); `actor` None is the system itself
    (automatic checks). Raises NotFound once purged, SealBroken if the data was tampered with."""
    if not reason.strip():
        raise ValueError("Say why the sealed file is read: the reason is audited.")
    if sealed.purged_at is not None or not sealed.storage_name:
        raise NotFound("This file was deleted under the retention rules.")
    ring = keyring()
    data_key = unwrap_data_key(sealed, ring)
    storage = sealed_storage()
    try:
        with storage.open(sealed.storage_name, "rb") as fh:
            blob = fh.read()
    except FileNotFoundError as exc:
        raise NotFound("The sealed file is missing from storage.") from exc
    if not blob.startswith(_MAGIC):
        raise SealBroken("The sealed file has an unknown format.")
    content = _decrypt(data_key, blob[len(_MAGIC) :], _content_aad(sealed.storage_name))
    record_audit(actor=actor, action="identity.sealed_read", target=sealed,
                 data={"reason": reason[:300], "purpose": sealed.purpose, "owner": sealed.owner_id})  # fmt: skip
    return content


def purge(sealed: SealedFile, *, actor: Any = None, reason: str = "retention period over") -> bool:
    """Delete the ciphertext and forget the data key (crypto-shredding); the row stays as a record.
    Returns False when it was already purged."""
    with transaction.atomic():
        locked = SealedFile.objects.select_for_update().get(pk=sealed.pk)
        if locked.purged_at is not None:
            return False
        name = locked.storage_name
        locked.purged_at = clock.now()
        locked.wrapped_key = b""
        locked.storage_name = ""
        locked.save(update_fields=["purged_at", "wrapped_key", "storage_name"])
        record_audit(actor=actor, action="identity.sealed_purged", target=locked,
                     data={"reason": reason[:300], "purpose": locked.purpose})  # fmt: skip
        if name:
            transaction.on_commit(lambda: sealed_storage().delete(name))
    for f in ("purged_at", "wrapped_key", "storage_name"):
        setattr(sealed, f, getattr(locked, f))
    return True
