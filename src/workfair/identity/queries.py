"""Every read of identity that depends on who asks, gathered from the area modules (the staff
console's reads, which check the staff role first, are in `console_queries`)."""

from __future__ import annotations

from workfair.identity.badges import badges_for, has_badge
from workfair.identity.devices import known_devices
from workfair.identity.graph import linked_accounts
from workfair.identity.phone import access_phone_challenge_by_id, phone_verified, verified_phone, waiting_challenge
from workfair.identity.stepup import access_step_up_by_id, blocking_step_up, pending_step_up
from workfair.identity.verification import access_verification_by_id, current_verification, overview
from workfair.identity.video import access_slot_by_id, access_video_check_by_id, agent_schedule, available_slots

__all__ = [
    "access_phone_challenge_by_id",
    "access_slot_by_id",
    "access_step_up_by_id",
    "access_verification_by_id",
    "access_video_check_by_id",
    "agent_schedule",
    "available_slots",
    "badges_for",
    "blocking_step_up",
    "current_verification",
    "has_badge",
    "known_devices",
    "linked_accounts",
    "overview",
    "pending_step_up",
    "phone_verified",
    "verified_phone",
    "waiting_challenge",
]
