"""In-app notifications, each person's preferences per kind and channel, and the categories that
group kinds for those preferences (e-mail copies and digests are sent by `notifications.actions`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationCategory(models.TextChoices):
    """What a person chooses preferences for: a family of notification kinds (`category_of`)."""

    MESSAGES = "messages", "Messages"
    PROPOSALS = "proposals", "Proposals and invitations"
    CONTRACTS = "contracts", "Offers and contracts"
    PAYMENTS = "payments", "Milestones and payments"
    FEEDBACK = "feedback", "Feedback"
    JOBS = "jobs", "Your job posts"
    SECURITY = "security", "Account security and verification"
    TRUST = "trust", "Trust and safety decisions"
    OTHER = "other", "Everything else"


# The part of a kind before its first dot names its category ("proposal.received" -> proposals).
KIND_PREFIX_CATEGORY: dict[str, NotificationCategory] = {
    "message": NotificationCategory.MESSAGES,
    "proposal": NotificationCategory.PROPOSALS,
    "invitation": NotificationCategory.PROPOSALS,
    "offer": NotificationCategory.CONTRACTS,
    "contract": NotificationCategory.CONTRACTS,
    "milestone": NotificationCategory.PAYMENTS,
    "escrow": NotificationCategory.PAYMENTS,
    "payment": NotificationCategory.PAYMENTS,
    "payout": NotificationCategory.PAYMENTS,
    "feedback": NotificationCategory.FEEDBACK,
    "job": NotificationCategory.JOBS,
    "identity": NotificationCategory.SECURITY,
    "trust": NotificationCategory.TRUST,
}

# Notices a person cannot switch off: a new-device login alert must reach the inbox at once, and a
# trust decision's statement of reasons must reach the app (docs/rules.md "Notifications").
REQUIRED_IN_APP = frozenset({NotificationCategory.SECURITY, NotificationCategory.TRUST})
REQUIRED_EMAIL_NOW = frozenset({NotificationCategory.SECURITY})
# Each of these stands alone (its own statement of reasons, its own alert): never joined into a
# burst of other events, only de-duplicated when the very same one repeats.
NEVER_GROUPED = frozenset({NotificationCategory.SECURITY, NotificationCategory.TRUST})


def category_of(kind: str) -> NotificationCategory:
    return KIND_PREFIX_CATEGORY.get(kind.split(".", 1)[0], NotificationCategory.OTHER)


class EmailFrequency(models.TextChoices):
    NOW = "now", "Right away"
    DAILY = "daily", "In a daily digest"
    OFF = "off", "Never"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    # Grouping: one unread notice stands for every event of its kind in a burst (or every repeat
    # of one event); `count` says how many, `last_at` when the newest came, `grouped` holds the
    # earlier ones' titles and links (newest first, at most GROUPED_KEEP).
    count = models.PositiveIntegerField(default=1)
    last_at = models.DateTimeField(null=True, blank=True)
    grouped = models.JSONField(default=list, blank=True)
    # Channels: shown in the app unless the person turned its category off there; waiting for the
    # next daily digest while `digest_pending`.
    in_app = models.BooleanField(default=True)
    digest_pending = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"], name="notifications_inbox_idx"),
            models.Index(
                fields=["recipient"], condition=models.Q(digest_pending=True), name="notifications_digest_idx"
            ),
        ]
        ordering = ["-id"]

    @property
    def category(self) -> NotificationCategory:
        return category_of(self.kind)


GROUPED_KEEP = 20


class NotificationPreference(models.Model):
    """One person's choice for one category; no row means the default (in the app, e-mail now)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=20, choices=NotificationCategory.choices)
    in_app = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=EmailFrequency.choices, default=EmailFrequency.NOW)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="notification_preference_once"),
        ]
