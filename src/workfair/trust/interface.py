"""What other apps may use of the trust engine. Import from here, not from the modules behind it.

    from workfair.trust import interface as trust

    g = trust.gate(actor=user, kind=trust.SignalKind.MESSAGE_SENT, surface="message", text=body)
    result = trust.do_record_signal(actor=user, kind=trust.SignalKind.SIGNUP, context={...})
    case_id = trust.open_case(queue=trust.Queue.IDENTITY, title="Document check", subject_id=user.pk)
    trust.close_case(actor=moderator, case_id=case_id, resolution="approve", reason="Documents match")
    trust.standing_levels([12, 15])            # {12: "banned", 15: "none"}, one query
    trust.register_capability_check(fn)        # fn(user, "post_job") -> refusal message | None
    trust.register_target_view("jobs.job", fn)  # fn(id) -> TargetView: the item in the console's case page
    trust.register_effect(trust.EffectKind.REQUIRE_STEP_UP)(handler)
    trust.decision_required_verification(decision_id)   # did it (still) ask for identity verification?
    trust.hidden_target_ids("profiles.portfolioitem", ids)  # those hidden or held, one query
    trust.content_holds("proposals.proposal", ids)  # {id: ContentHold(held, reason, decision_id)}
    trust.require_role(user, trust.StaffRole.MODERATOR)  # staff pages of other apps' consoles
    @trust.console_view                        # a staff page: signed in, staff role, TOTP on

`close_case` closes a case that another app decided (claim lock respected, case history written,
no trust effects). `require_capability(user, "post_job")` asks the account's standing first, then
every registered capability check. Apps plug into the engine from their own `trust_hooks.py`
(loaded by `AppConfig.ready`) with the `register_*` functions (see `workfair.trust.registry`);
the engine imports no marketplace app.
"""

from __future__ import annotations

from workfair.guard.masking import mask
from workfair.guard.rules import SignalFacts
from workfair.trust.actions import Gate, SignalResult, do_record_signal, gate
from workfair.trust.actions import do_clear_verification_requirement as clear_verification_requirement
from workfair.trust.actions import do_close_case as close_case
from workfair.trust.actions import do_open_case as open_case
from workfair.trust.actions import do_queue_for_review as queue_for_review
from workfair.trust.checking import check_widget_attrs
from workfair.trust.effects import EffectContext, EffectFailed, decision_required_verification, register_effect
from workfair.trust.enforcement import (
    register_capability_check,
    require_capability,
    standing_levels,
    verification_required,
    websocket_refusal,
)
from workfair.trust.engine import Verdict, active_policy
from workfair.trust.queries import ContentHold, content_holds, hidden_target_ids
from workfair.trust.registry import (
    ContextLine,
    TargetView,
    register_content_release,
    register_notifier,
    register_request_authenticator,
    register_screening_context,
    register_staff_session_check,
    register_target_view,
)
from workfair.trust.roles import has_role, require_role
from workfair.trust.staff import console_view, require_console_role
from workfair.trust.states import Capability, EffectKind, Outcome, Queue, SignalKind, StaffRole
from workfair.trust.targets import register_report_target

__all__ = [
    "Capability",
    "ContentHold",
    "ContextLine",
    "EffectContext",
    "EffectFailed",
    "EffectKind",
    "Gate",
    "Outcome",
    "Queue",
    "SignalFacts",
    "SignalKind",
    "SignalResult",
    "StaffRole",
    "TargetView",
    "Verdict",
    "active_policy",
    "check_widget_attrs",
    "clear_verification_requirement",
    "close_case",
    "console_view",
    "content_holds",
    "decision_required_verification",
    "do_record_signal",
    "gate",
    "has_role",
    "hidden_target_ids",
    "mask",
    "open_case",
    "queue_for_review",
    "register_capability_check",
    "register_content_release",
    "register_effect",
    "register_notifier",
    "register_report_target",
    "register_request_authenticator",
    "register_screening_context",
    "register_staff_session_check",
    "register_target_view",
    "require_capability",
    "require_console_role",
    "require_role",
    "standing_levels",
    "verification_required",
    "websocket_refusal",
]
