"""Tables of the trust engine. Data and constraints only: every write goes through
`workfair.trust.actions` (or the engine and effect handlers it calls).

Configuration (PolicyVersion, Rule, QueueSLA) is kept apart from runtime state (Signal, Decision,
EffectApplication, Strike, AccountStanding, HiddenContent, Case, Appeal, Override, AccountHealth).
Append-only: Signal, EffectApplication, CaseEvent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from workfair.trust.states import (
    AppealStatus,
    CaseEventKind,
    CaseStatus,
    DecisionSource,
    EffectsState,
    Outcome,
    Queue,
    ReportReason,
    RuleMode,
    StandingLevel,
)

USER = settings.AUTH_USER_MODEL


class Signal(models.Model):
    """Something that happened and may matter for trust: who, what, where, with what context.

    `subject` is the account the signal is about (the actor, or the reported account for
    `report.filed`). `context` holds the facts the detectors read (contract_active,
    account_age_days, email_verified, actions_last_hour, reports_received ...). Append-only."""

    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=40)
    surface = models.CharField(max_length=20, blank=True)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True, help_text="The text screened, kept as evidence")
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["actor", "kind", "created_at"], name="trust_signal_velocity_idx"),
            models.Index(fields=["target_type", "target_id"], name="trust_signal_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor_id} on {self.target_type}:{self.target_id}"


class PolicyVersion(models.Model):
    """One numbered version of the rule set. Exactly one is active; editing makes a new version."""

    number = models.PositiveIntegerField(unique=True)
    note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="trust_one_active_policy")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"policy v{self.number}"


class Rule(models.Model):
    """One rule as data (see `workfair.guard.rules` for the language and its validation)."""

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rules")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=10, choices=RuleMode.choices, default=RuleMode.SHADOW)
    order = models.PositiveIntegerField(default=0)
    definition = models.JSONField(help_text="when / outcome / strike_weight / effects / queue / reason")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "key"], name="trust_rule_unique_key")]
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.key} (v{self.policy.number}, {self.mode})"


class Decision(models.Model):
    """What the engine (or a moderator) decided about one signal or target, with its reasons.

    `shadow` decisions record what a shadow-mode rule would have done; they have no effects and
    never reach the person. `evidence_key` identifies the evidence (for overrides)."""

    signal = models.ForeignKey(Signal, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    subject = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    rule_key = models.CharField(max_length=80, blank=True)
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    shadow = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=DecisionSource.choices, default=DecisionSource.AUTOMATED)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(help_text="The statement of reasons shown to the person")
    evidence = models.JSONField(default=list, blank=True)
    evidence_key = models.CharField(max_length=64, blank=True)
    strike_weight = models.PositiveSmallIntegerField(default=0)
    effects = models.JSONField(default=list, blank=True, help_text="The effects to apply, as data")
    effects_state = models.CharField(max_length=10, choices=EffectsState.choices, default=EffectsState.NONE)
    effects_error = models.CharField(max_length=500, blank=True)
    overrides = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="trust_decision_subject_idx"),
            models.Index(fields=["rule_key", "shadow", "-created_at"], name="trust_decision_rule_idx"),
            models.Index(fields=["target_type", "target_id"], name="trust_decision_target_idx"),
        ]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.outcome} by {self.rule_key or self.source} #{self.pk}"

    @property
    def automated(self) -> bool:
        return self.source == DecisionSource.AUTOMATED


class EffectApplication(models.Model):
    """One effect carried out (or reversed). `key` makes applying it twice a no-op. Append-only
    except `reversed_at`."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=120, unique=True)
    data = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField()
    reversed_at = models.DateTimeField(null=True, blank=True)


class Strike(models.Model):
    """A weighted mark against an account; counts toward the ladder until it expires or is reversed."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="trust_strikes")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="strikes")
    rule_key = models.CharField(max_length=80, blank=True)
    weight = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="trust_strike_active_idx")]


class AccountStanding(models.Model):
    """Where an account stands on the ladder. No row = good standing.

    `until` bounds a restriction (a restricted account whose `until` has passed is in good
    standing again, see `enforcement.standing_of`). `manual` marks a level a moderator set:
    automatic effects may raise it but never lower it."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="trust_standing", primary_key=True)
    level = models.CharField(max_length=12, choices=StandingLevel.choices, default=StandingLevel.NONE)
    until = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    manual = models.BooleanField(default=False)
    verification_required = models.BooleanField(default=False)
    updated_at = models.DateTimeField()


class HiddenContent(models.Model):
    """A piece of content (message, job, proposal, profile, review) hidden or held by a decision.
    Other apps ask `trust.queries.hidden_target_ids(...)` before showing content."""

    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=40)
    held = models.BooleanField(default=False, help_text="Held for review rather than removed")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    hidden_at = models.DateTimeField()
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_manually = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], condition=Q(restored_at__isnull=True), name="trust_hidden_once"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="trust_hidden_target_idx")]


class QueueSLA(models.Model):
    """How soon a case in `queue` must be decided (overrides the configured default)."""

    queue = models.CharField(max_length=20, choices=Queue.choices, unique=True)
    minutes = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.queue}: {self.minutes} min"


class Case(models.Model):
    """Work for a moderator: a subject (account and/or content) in a queue, due by the queue's SLA.

    Ordered for work by `escalated` first, then `priority_at` (the due time moved earlier by risk).
    Claim lock: only the moderator in `claimed_by` may decide a claimed case."""

    queue = models.CharField(max_length=20, choices=Queue.choices)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    subject = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", help_text="What opened it"
    )
    risk = models.PositiveSmallIntegerField(default=50)
    due_at = models.DateTimeField()
    priority_at = models.DateTimeField()
    escalated = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=12, blank=True)
    resolution_note = models.TextField(blank=True)
    resolution_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["queue", "status", "-escalated", "priority_at", "id"], name="trust_case_work_idx"),
            models.Index(fields=["status", "due_at"], name="trust_case_due_idx"),
            models.Index(fields=["subject", "-created_at"], name="trust_case_subject_idx"),
            models.Index(fields=["target_type", "target_id", "queue", "status"], name="trust_case_target_idx"),
        ]

    def __str__(self) -> str:
        return f"case #{self.pk} ({self.queue}, {self.status})"


class CaseEvent(models.Model):
    """The history of a case. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]


class Report(models.Model):
    """A signed-in person flagging content or an account. One per reporter and target."""

    reporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=40)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(blank=True, max_length=2000)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reporter", "target_type", "target_id"], name="trust_report_once")
        ]
        indexes = [
            models.Index(fields=["subject", "created_at"], name="trust_report_subject_idx"),
            models.Index(fields=["reporter", "created_at"], name="trust_report_reporter_idx"),
        ]


class Appeal(models.Model):
    """A person asking for a decision against them to be looked at again. One per decision."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    appellant = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    statement = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()


class Override(models.Model):
    """Written by a won appeal: until `expires_at`, `rule_key` does not strike `user` again for the
    same evidence (`evidence_key`)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    rule_key = models.CharField(max_length=80)
    evidence_key = models.CharField(max_length=64)
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="overrides")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "rule_key", "evidence_key"], name="trust_override_idx")]


class AccountHealth(models.Model):
    """The latest health figures of an account, recomputed by `do_refresh_account_health`."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="trust_health", primary_key=True)
    contracts_ended = models.PositiveIntegerField(default=0)
    negative_feedback_share = models.FloatField(default=0.0)
    dispute_share = models.FloatField(default=0.0)
    reports_received = models.PositiveIntegerField(default=0)
    flagged = models.JSONField(default=list, blank=True, help_text="Thresholds crossed at the last refresh")
    computed_at = models.DateTimeField()
