"""What other apps may use of identity: the ban-evasion check, phone and badge reads, devices,
images and the verification overview. Everything else in `workfair.identity` is its own business."""

from __future__ import annotations

from typing import Any

from workfair.identity.badges.actions import do_grant_badge
from workfair.identity.badges.queries import badges_for, has_badge
from workfair.identity.devices.actions import do_note_login
from workfair.identity.devices.queries import known_devices
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.graph.drawing import render_graph_svg
from workfair.identity.graph.hashing import (
    identifier_hash,
    ip_network,
    normalize_document,
    normalize_email,
    normalize_phone,
)
from workfair.identity.graph.links import client_ip, request_identifiers
from workfair.identity.graph.queries import LinkedGraph, linked_accounts, mask_email
from workfair.identity.phone.actions import do_record_verified_phone, mask_e164
from workfair.identity.phone.queries import phone_verified
from workfair.identity.states import BadgeKind, IdentifierKind
from workfair.identity.stepup.actions import (
    HistorySource,
    StepUpRequired,
    do_require_step_up,
    register_history_source,
    require_step_up_for,
)
from workfair.identity.stepup.queries import blocking_step_up, pending_step_up
from workfair.identity.verification.images import SafeImage, hamming, load_upload, perceptual_hash
from workfair.identity.verification.queries import overview as verification_overview
from workfair.identity.video.actions import day_range as video_day_range
from workfair.identity.video.actions import do_open_video_slots

__all__ = [
    "BadgeKind",
    "HistorySource",
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
    "register_history_source",
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
    from workfair.identity.verification.checks import single_face as check

    return check(image, min_share=min_share)
