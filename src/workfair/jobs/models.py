"""Job posts and their categories."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from workfair.jobs.states import BudgetType, ExperienceLevel, JobDuration, JobStatus, JobVisibility
from workfair.skills.models import Skill

# The text-search configuration used both to build `Job.search_vector` and to parse queries;
# the two must agree or PostgreSQL stems them differently and nothing matches.
JOB_SEARCH_CONFIG = "english"


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Job(models.Model):
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=10_000)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="jobs")
    skills = models.ManyToManyField(Skill, blank=True, related_name="jobs")
    budget_type = models.CharField(max_length=10, choices=BudgetType.choices)
    # Hourly: the rate range; fixed: budget_min is the budget and budget_max equals it. Minor units.
    budget_min = models.PositiveIntegerField()
    budget_max = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    duration = models.CharField(max_length=10, choices=JobDuration.choices)
    experience_level = models.CharField(max_length=15, choices=ExperienceLevel.choices)
    visibility = models.CharField(max_length=15, choices=JobVisibility.choices, default=JobVisibility.PUBLIC)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.DRAFT)
    close_reason = models.CharField(max_length=12, blank=True)
    review_note = models.CharField(
        max_length=500, blank=True, help_text="Why the post was refused, shown to the client"
    )
    # Proposal credits this post costs (1 to 16, by size); computed when the post is submitted.
    proposal_credits = models.PositiveSmallIntegerField(default=2)
    # Weighted title (A) + description (B), kept up to date by the actions on PostgreSQL only;
    # its GIN index is created by migration 0002 on PostgreSQL only. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "visibility", "-opened_at"], name="jobs_job_listing_idx"),
            # Search walks the newest open posts first (jobs.queries.SEARCH_WINDOW).
            models.Index(fields=["status", "-opened_at"], name="jobs_job_newest_idx"),
            models.Index(fields=["client", "status"], name="jobs_job_client_idx"),
            models.Index(fields=["status", "expires_at"], name="jobs_job_expiry_idx"),
            # Search filters: a category page sorted by newest, and budget ranges.
            models.Index(fields=["category", "status", "-opened_at"], name="jobs_job_category_idx"),
            models.Index(fields=["status", "budget_type", "budget_min"], name="jobs_job_budget_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_max__gte=models.F("budget_min")), name="jobs_budget_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title
