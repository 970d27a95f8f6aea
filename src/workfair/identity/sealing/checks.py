"""System checks of sealed storage: well-formed master keys, sealed files outside served folders, and
(`check --deploy`) production keys of its own. Registered when imported (`IdentityConfig.ready`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from workfair.identity.sealing.envelope import identity_setting, parse_master_keys, sealed_storage


@checks.register(checks.Tags.security)
def check_master_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Malformed master keys are an error everywhere."""
    try:
        parse_master_keys(str(identity_setting("MASTER_KEYS", "") or ""))
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="identity.E001")]
    return check_sealed_location()


def check_sealed_location() -> list[checks.CheckMessage]:
    """Sealed files must not sit where media or static files are served from."""
    location = getattr(sealed_storage(), "location", None)
    if not location:
        return []
    sealed = Path(location).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, name, None)
        if served and (sealed == Path(served).resolve() or Path(served).resolve() in sealed.parents):
            return [
                checks.Error(
                    f"Sealed identity files are stored under {name} ({served}), which is served to the public.",
                    hint='Set WORKFAIR_IDENTITY["SEALED_ROOT"] (or STORAGES["identity_sealed"]) elsewhere.',
                    id="identity.E003",
                )
            ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_master_keys_deploy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy`: production must set its own master keys, not the key derived from SECRET_KEY."""
    try:
        keys = parse_master_keys(str(identity_setting("MASTER_KEYS", "") or ""))
    except ImproperlyConfigured:
        return []  # reported by check_master_keys
    if not keys:
        return [
            checks.Error(
                "WORKFAIR_IDENTITY_KEYS is not set: identity documents are sealed with a development key "
                "derived from SECRET_KEY.",
                hint='Set WORKFAIR_IDENTITY_KEYS="k1:<key>", a key made by `workfair rotate_identity_keys --new-key`.',
                id="identity.E002",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_hash_key_deploy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy`: the identity graph's hashes need a key of their own. Derived from SECRET_KEY,
    rotating SECRET_KEY would silently cut every banned identity off from new sign-ups."""
    if str(identity_setting("HASH_KEY", "") or ""):
        return []
    return [
        checks.Error(
            "WORKFAIR_IDENTITY_HASH_KEY is not set: identifiers of the identity graph are hashed with a key "
            "derived from SECRET_KEY.",
            hint="Set WORKFAIR_IDENTITY_HASH_KEY to a long random value and never change it.",
            id="identity.E004",
        )
    ]
