"""Every write of the trust engine, one module per area: `signals` (the gate and recorded
decisions), `reports`, `cases` (queues, moderators' decisions), `appeals`, `health` (escalation and
account health), `policies` (rule editing). Import from here or from the area's module."""

from workfair.trust.actions.appeals import (
    do_file_appeal as do_file_appeal,
)
from workfair.trust.actions.cases import (
    CLOSE_RESOLUTIONS as CLOSE_RESOLUTIONS,
)
from workfair.trust.actions.cases import (
    REASON_TEMPLATES as REASON_TEMPLATES,
)
from workfair.trust.actions.cases import (
    EffectFailedConflict as EffectFailedConflict,
)
from workfair.trust.actions.cases import (
    _decide_appeal as _decide_appeal,
)
from workfair.trust.actions.cases import (
    _manual_decision as _manual_decision,
)
from workfair.trust.actions.cases import (
    _require_queue_role as _require_queue_role,
)
from workfair.trust.actions.cases import (
    _resolution_plan as _resolution_plan,
)
from workfair.trust.actions.cases import (
    _reverse_decision as _reverse_decision,
)
from workfair.trust.actions.cases import (
    do_add_case_note as do_add_case_note,
)
from workfair.trust.actions.cases import (
    do_claim_case as do_claim_case,
)
from workfair.trust.actions.cases import (
    do_clear_verification_requirement as do_clear_verification_requirement,
)
from workfair.trust.actions.cases import (
    do_close_case as do_close_case,
)
from workfair.trust.actions.cases import (
    do_decide_case as do_decide_case,
)
from workfair.trust.actions.cases import (
    do_open_case as do_open_case,
)
from workfair.trust.actions.cases import (
    do_queue_for_review as do_queue_for_review,
)
from workfair.trust.actions.cases import (
    do_release_case as do_release_case,
)
from workfair.trust.actions.health import (
    HEALTH_SOURCES as HEALTH_SOURCES,
)
from workfair.trust.actions.health import (
    do_escalate_overdue_cases as do_escalate_overdue_cases,
)
from workfair.trust.actions.health import (
    do_refresh_account_health as do_refresh_account_health,
)
from workfair.trust.actions.health import (
    on_duty_staff as on_duty_staff,
)
from workfair.trust.actions.health import (
    register_health_source as register_health_source,
)
from workfair.trust.actions.policies import (
    _activate as _activate,
)
from workfair.trust.actions.policies import (
    active_rule_definitions as active_rule_definitions,
)
from workfair.trust.actions.policies import (
    do_save_rule as do_save_rule,
)
from workfair.trust.actions.policies import (
    do_set_rule_mode as do_set_rule_mode,
)
from workfair.trust.actions.reports import (
    _resolve_target as _resolve_target,
)
from workfair.trust.actions.reports import (
    do_file_report as do_file_report,
)
from workfair.trust.actions.signals import (
    EMAIL_VERIFIED_SECONDS as EMAIL_VERIFIED_SECONDS,
)
from workfair.trust.actions.signals import (
    Gate as Gate,
)
from workfair.trust.actions.signals import (
    SignalResult as SignalResult,
)
from workfair.trust.actions.signals import (
    _evidence as _evidence,
)
from workfair.trust.actions.signals import (
    _finish_decision as _finish_decision,
)
from workfair.trust.actions.signals import (
    _maybe_sample as _maybe_sample,
)
from workfair.trust.actions.signals import (
    _overridden_rules as _overridden_rules,
)
from workfair.trust.actions.signals import (
    _require_staff as _require_staff,
)
from workfair.trust.actions.signals import (
    _rule_effects as _rule_effects,
)
from workfair.trust.actions.signals import (
    _subject_user as _subject_user,
)
from workfair.trust.actions.signals import (
    do_record_signal as do_record_signal,
)
from workfair.trust.actions.signals import (
    do_retry_decision_effects as do_retry_decision_effects,
)
from workfair.trust.actions.signals import (
    email_verified as email_verified,
)
from workfair.trust.actions.signals import (
    gate as gate,
)
from workfair.trust.actions.signals import (
    notify_decision as notify_decision,
)
from workfair.trust.actions.signals import (
    recent_signal_count as recent_signal_count,
)
from workfair.trust.actions.signals import (
    signal_context as signal_context,
)
