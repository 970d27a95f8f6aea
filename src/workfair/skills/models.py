"""The skill taxonomy shared by profiles and jobs, and the names people suggest for it (skill
tests arrive in a later issue)."""

from django.db import models


class Skill(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillSuggestion(models.Model):
    """A skill name someone typed that the taxonomy does not have. It joins the taxonomy (and the
    profiles of everyone who suggested it) only when staff approve it (docs/rules.md "Skills")."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Added to the skills"
        REJECTED = "rejected", "Not added"

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)
    suggested_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="skill_suggestions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "suggested_by"], name="skills_one_suggestion_per_person")
        ]
        indexes = [models.Index(fields=["status", "slug"], name="skills_suggestion_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"
