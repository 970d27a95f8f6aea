from django.db import models

# An erased account's e-mail is erased-<id>@erased.invalid (RFC 2606: never deliverable).
ERASED_EMAIL_DOMAIN = "erased.invalid"


class OrganizationRole(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"


class NameDisplay(models.TextChoices):
    FIRST_AND_INITIAL = "first_initial", "First name and last initial (Jane D.)"
    FULL = "full", "Full name (Jane Doe)"


class DataExportStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class DeletionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    ERASED = "erased", "Erased"
