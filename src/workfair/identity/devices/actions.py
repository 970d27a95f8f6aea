"""Devices an account signs in from, and the security alert when a new one (or a new country) appears.

A device is the first-party cookie of `workfair.identity.devices.middleware` (stored hashed, like every
identifier). `do_note_login` runs at each log-in: it records a "login" signal with the device, IP
and network in the identity graph, remembers the device, and for an account that already had
devices, alerts the person (in-app and by e-mail, linking to the list of sessions where other
sessions can be signed out) and records a "device.new" signal, so a device shared with a banned
account adds risk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.graph.hashing import identifier_hash
from workfair.identity.models import KnownDevice
from workfair.identity.states import IdentifierKind
from workfair.notifications.actions import do_notify

DEFAULT_COUNTRY_HEADER = "HTTP_CF_IPCOUNTRY"
# (pattern, name): the first that matches wins, so Edge and Opera come before Chrome, Chrome before Safari.
BROWSERS = [(r"Edg(e|A|iOS)?/", "Edge"), (r"OPR/|Opera", "Opera"), (r"Firefox/|FxiOS/", "Firefox"),
            (r"Chrome/|CriOS/", "Chrome"), (r"Safari/", "Safari")]  # fmt: skip
SYSTEMS = [(r"iPhone|iPad|iPod", "iOS"), (r"Android", "Android"), (r"Windows", "Windows"),
           (r"Mac OS X|Macintosh", "macOS"), (r"CrOS", "ChromeOS"), (r"Linux", "Linux")]  # fmt: skip


def device_label(user_agent: str) -> str:
    """ "Firefox on Linux" from a user agent (what a person recognises in an alert)."""
    ua = user_agent or ""
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, ua)), "")
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, ua)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"


def request_country(request: HttpRequest) -> str:
    """The ISO country code a proxy such as Cloudflare put in a header
    (`WORKFAIR_IDENTITY["COUNTRY_HEADER"]`, CF-IPCountry by default), or "" without one. Only used
    for alerts: a forged header can do no more than alert the person themselves."""
    header = str(settings.WORKFAIR_IDENTITY.get("COUNTRY_HEADER", DEFAULT_COUNTRY_HEADER) or "")
    value = str(request.META.get(header, "") or "").strip().upper() if header else ""
    if re.fullmatch(r"[A-Z]{2}", value) and value not in {"XX", "T1"}:  # unknown, Tor
        return value
    return ""


@dataclass(frozen=True, slots=True)
class LoginNote:
    device: KnownDevice | None
    new_device: bool
    new_country: bool
    alerted: bool


def sessions_url() -> str:
    try:
        return reverse("usersessions_list")
    except NoReverseMatch:  # user sessions switched off
        return reverse("account_change_password")


def _alert(user: Any, device: KnownDevice, *, new_device: bool, new_country: bool) -> None:
    where = f" in {device.country}" if device.country else ""
    what = "a new device" if new_device else f"a new country ({device.country})"
    do_notify(
        user,
        kind="identity.new_device",
        title="New sign-in to your account",
        body=(
            f"Your Workfair account was signed in to from {what}: {device.label}{where}, "
            f"on {device.last_seen:%d %B %Y at %H:%M} UTC. If this was you, there is nothing to do. "
            "If it was not, change your password now and sign out the sessions you don't recognise."
        ),
        url=sessions_url(),
    )


def _add_device(user: Any, device_hash: str, label: str, country: str, now: Any) -> KnownDevice:
    try:
        with transaction.atomic():
            device = KnownDevice.objects.create(
                user_id=user.pk, device_hash=device_hash, label=label, country=country, first_seen=now, last_seen=now
            )
    except IntegrityError:  # the same device logging in twice at once
        return KnownDevice.objects.get(user_id=user.pk, device_hash=device_hash)
    record_audit(actor=user, action="identity.device_added", target=device, data={"label": label, "country": country})
    return device


def do_note_login(user: Any, request: HttpRequest) -> LoginNote:
    """Record a log-in: the "login" signal (device, IP, network into the graph), the device, and
    for an account that already had devices, an alert plus a "device.new" signal when the device
    or the country is new."""
    device_id = str(getattr(request, "device_id", "") or "")
    if getattr(request, "device_is_new", False):
        device_id = ""  # no cookie presented (an API client, cookies off): no device to remember
    label = device_label(str(request.META.get("HTTP_USER_AGENT", "")))[:120]
    country = request_country(request)
    now = clock.now()
    with transaction.atomic():
        check_identifiers(user, [], signal_kind="login", request=request)
        known = list(KnownDevice.objects.select_for_update().filter(user_id=user.pk))
        countries = {d.country for d in known if d.country}
        new_country = bool(country and countries and country not in countries)
        if not device_id:
            # Unrecognisable, so new to us: the person hears of it like of a new device.
            unsaved = KnownDevice(user_id=user.pk, label=label, country=country, first_seen=now, last_seen=now)
            if known:
                _alert(user, unsaved, new_device=True, new_country=new_country)
            return LoginNote(None, new_device=True, new_country=new_country, alerted=bool(known))
        device_hash = identifier_hash(IdentifierKind.DEVICE, device_id)
        device = next((d for d in known if d.device_hash == device_hash), None)
        new_device = device is None
        if device is None:
            device = _add_device(user, device_hash, label, country, now)
        else:
            device.last_seen, device.label = now, label or device.label
            device.country = country or device.country
            device.save(update_fields=["last_seen", "label", "country"])
        alerted = bool(known) and (new_device or new_country)
        if alerted:
            _alert(user, device, new_device=new_device, new_country=new_country)
        if known and new_device:
            check_identifiers(
                user, [(IdentifierKind.DEVICE, device_id)], signal_kind="device.new",
                target_type="identity.knowndevice", target_id=str(device.pk),
            )  # fmt: skip
    return LoginNote(device, new_device=new_device, new_country=new_country, alerted=alerted)
