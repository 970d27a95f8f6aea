"""People and client organisations. One account can act as client, freelancer or both."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from workfair.accounts.states import DataExportStatus, DeletionStatus, NameDisplay, OrganizationRole
from workfair.core.files import RandomName, private_storage


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    is_client = models.BooleanField(default=False)
    is_freelancer = models.BooleanField(default=False)
    name_display = models.CharField(max_length=20, choices=NameDisplay.choices, default=NameDisplay.FIRST_AND_INITIAL)
    # Set by identity verification (`actions.do_set_verified_name`); the names shown then come
    # from here and the person can no longer change first_name / last_name themselves.
    verified_first_name = models.CharField(max_length=150, blank=True)
    verified_last_name = models.CharField(max_length=150, blank=True)
    name_verified_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    def __str__(self) -> str:
        return self.public_name or self.email

    @property
    def name_verified(self) -> bool:
        return self.name_verified_at is not None

    @property
    def public_name(self) -> str:
        """The name others see: "Jane D." unless the person chose to show the full name; the
        identity-verified name once there is one."""
        if self.name_verified:
            first, last = self.verified_first_name.strip(), self.verified_last_name.strip()
        else:
            first, last = self.first_name.strip(), self.last_name.strip()
        if self.name_display == NameDisplay.FULL:
            return f"{first} {last}".strip()
        if first and last:
            return f"{first} {last[0]}."
        return first or "Member"


class Organization(models.Model):
    """A client company; its members can post jobs and hire on its behalf."""

    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=OrganizationRole.choices, default=OrganizationRole.MEMBER)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="accounts_membership_unique")]


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, default="API token")
    key_prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


class DataExport(models.Model):
    """A person's "download my data" archive: a ZIP of JSON and their own uploads, built by a task
    into the private files folder and offered until `expires_at` (then the file is deleted)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=DataExportStatus.choices, default=DataExportStatus.PENDING)
    file = models.FileField(storage=private_storage, upload_to=RandomName("data-exports"), blank=True)
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "requested_at"], name="accounts_export_user_idx")]


class AccountDeletion(models.Model):
    """A person's request to delete their account: erased at `erase_after` (the grace period) unless
    cancelled before. The row outlives the erasure as the record that it happened."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="deletion_requests")
    status = models.CharField(max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.SCHEDULED)
    requested_at = models.DateTimeField()
    erase_after = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    postponed_reason = models.CharField(
        max_length=500, blank=True, help_text="Why the erasure waits (escrow, contract)"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="scheduled"), name="accounts_one_scheduled_deletion"
            )
        ]
        indexes = [models.Index(fields=["status", "erase_after"], name="accounts_deletion_due_idx")]
