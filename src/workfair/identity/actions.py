"""Every write of identity verification. The app is large, so each area keeps its actions in its
own module (phone, verification, video, vendors, sealing, stepup, devices, badges); this module
lists them all in one place. One transaction each, audited; side effects after commit."""

from __future__ import annotations

from workfair.identity.badges import do_grant_badge, do_revoke_badge
from workfair.identity.devices import do_note_login
from workfair.identity.phone import (
    do_confirm_phone_code,
    do_record_verified_phone,
    do_resend_phone_code,
    do_start_phone_verification,
)
from workfair.identity.sealing import do_purge_expired, do_rotate_keys
from workfair.identity.stepup import (
    do_answer_step_up,
    do_complete_identity_step_up,
    do_confirm_step_up_code,
    do_require_step_up,
    do_restart_step_up,
    do_send_step_up_code,
)
from workfair.identity.vendors import do_handle_stripe_event, do_start_vendor_session
from workfair.identity.verification import (
    do_cancel_verification,
    do_expire_unfinished_verifications,
    do_review_verification,
    do_start_verification,
    do_submit_verification,
    do_upload_document,
)
from workfair.identity.video import (
    do_book_video_check,
    do_cancel_video_check,
    do_close_video_slot,
    do_open_video_slots,
    do_rebook_video_check,
    do_record_video_outcome,
)

__all__ = [
    "do_answer_step_up",
    "do_book_video_check",
    "do_cancel_verification",
    "do_cancel_video_check",
    "do_close_video_slot",
    "do_complete_identity_step_up",
    "do_confirm_phone_code",
    "do_confirm_step_up_code",
    "do_expire_unfinished_verifications",
    "do_grant_badge",
    "do_handle_stripe_event",
    "do_note_login",
    "do_open_video_slots",
    "do_purge_expired",
    "do_rebook_video_check",
    "do_record_verified_phone",
    "do_record_video_outcome",
    "do_require_step_up",
    "do_resend_phone_code",
    "do_restart_step_up",
    "do_review_verification",
    "do_revoke_badge",
    "do_rotate_keys",
    "do_send_step_up_code",
    "do_start_phone_verification",
    "do_start_vendor_session",
    "do_start_verification",
    "do_submit_verification",
    "do_upload_document",
]
