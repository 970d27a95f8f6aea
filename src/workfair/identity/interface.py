"""What other apps may use of identity: the ban-evasion check, phone and badge reads, devices,
images and the verification overview. Everything else in `workfair.identity` is its own business."""

from __future__ import annotations

from typing import Any

from workfair.identity.badges import badges_for, do_grant_badge, has_badge
from workfair.identity.devices import do_note_login, known_devices
from workfair.identity.graph import (
    LinkedGraph,
    check_identifiers,
    client_ip,
    linked_accounts,
    mask_email,
    render_graph_svg,
    request_identifiers,
)
from workfair.identity.hashing import identifier_hash, ip_network, normalize_document, normalize_email, normalize_phone
from workfair.identity.images import SafeImage, hamming, load_upload, perceptual_hash
from workfair.identity.phone import do_record_verified_phone, mask_e164, phone_verified
from workfair.identity.states import BadgeKind, IdentifierKind
from workfair.identity.stepup import (
    StepUpRequired,
    blocking_step_up,
    do_require_step_up,
    pending_step_up,
    require_step_up_for,
)
from workfair.identity.verification import overview as verification_overview
from workfair.identity.video import day_range as video_day_range
from workfair.identity.video import do_open_video_slots

__all__ = [
    "BadgeKind",
    "IdentifierKind",
    "LinkedGraph",
    "SafeImage",
    "StepUpRequired",
    "badges_for",
    "blocking_step_up",
    "check_identifiers",
    "client_ip",
    "do_grant_badge",
    "do_note_login",
    "do_open_video_slots",
    "do_record_verified_phone",
    "do_require_step_up",
    "hamming",
    "has_badge",
    "identifier_hash",
    "ip_network",
    "known_devices",
    "linked_accounts",
    "load_upload",
    "mask_e164",
    "mask_email",
    "normalize_document",
    "normalize_email",
    "normalize_phone",
    "pending_step_up",
    "perceptual_hash",
    "phone_verified",
    "render_graph_svg",
    "request_identifiers",
    "require_step_up_for",
    "single_face",
    "verification_overview",
    "video_day_range",
]


def single_face(image: Any, *, min_share: float) -> Any:
    """The profile-photo face check (`checks.single_face`). Imported on first use: OpenCV and
    scikit-image load with the first picture, not when the site starts."""
    from workfair.identity.checks import single_face as check

    return check(image, min_share=min_share)
