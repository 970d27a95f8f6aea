"""What the trust engine screens in a profile, and how a decision to hide it is found again.

A profile's public text (a freelancer's title and overview; a client's company name, location and
about) is screened as a "profile.changed" signal each time it changes. The signal's target is that
text version: `<profile id>:<digest of the text>`. A decision that hides or holds it (contact
details, abuse, a scam pattern) hides exactly that text from everyone but its owner and staff;
when the owner rewrites it, the new text is screened afresh and shows again if it is fine, and
putting the hidden text back hides it again. A moderator's restore shows it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from workfair.profiles.models import ClientProfile, FreelancerProfile
from workfair.trust.interface import hidden_target_ids

FREELANCER_TARGET = "profiles.freelancerprofile"
CLIENT_TARGET = "profiles.clientprofile"


def freelancer_text(profile: FreelancerProfile) -> str:
    return "\n\n".join(part for part in (profile.title.strip(), profile.overview.strip()) if part)


def client_text(profile: ClientProfile) -> str:
    parts = (profile.company_name.strip(), profile.location.strip(), profile.about.strip())
    return "\n\n".join(part for part in parts if part)


def public_text(profile: FreelancerProfile | ClientProfile) -> str:
    return freelancer_text(profile) if isinstance(profile, FreelancerProfile) else client_text(profile)


def target_type(profile: FreelancerProfile | ClientProfile) -> str:
    return FREELANCER_TARGET if isinstance(profile, FreelancerProfile) else CLIENT_TARGET


def text_target_id(profile_id: int, text: str) -> str:
    """The signal target of one version of a profile's public text."""
    return f"{profile_id}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def mark_hidden_text(profiles: Sequence[FreelancerProfile | ClientProfile]) -> None:
    """Set `text_hidden` on each profile: whether a trust decision hides its current public text.
    One query per profile kind, whatever the number of profiles."""
    by_type: dict[str, dict[str, Any]] = {}
    for profile in profiles:
        setattr(profile, "text_hidden", False)  # noqa: B010 - a display flag, not a model field
        text = public_text(profile)
        if text:
            by_type.setdefault(target_type(profile), {})[text_target_id(profile.pk, text)] = profile
    for kind, targets in by_type.items():
        for hidden in hidden_target_ids(kind, targets):
            setattr(targets[hidden], "text_hidden", True)  # noqa: B010


def hidden_profile_ids(profiles: Iterable[FreelancerProfile | ClientProfile]) -> set[int]:
    items = list(profiles)
    mark_hidden_text(items)
    return {p.pk for p in items if getattr(p, "text_hidden", False)}
