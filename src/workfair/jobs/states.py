"""Job post statuses and the transitions allowed between them.

draft → submitted → open → closed. `submitted` is where review happens: for now
`jobs.actions.review_submitted_job` hands the post to the trust engine, which opens, refuses or queues it.
"""

from django.db import models


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "In review"
    OPEN = "open", "Open"
    REFUSED = "refused", "Refused"
    CLOSED = "closed", "Closed"


JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    JobStatus.DRAFT: frozenset({JobStatus.SUBMITTED, JobStatus.CLOSED}),
    JobStatus.SUBMITTED: frozenset({JobStatus.OPEN, JobStatus.REFUSED, JobStatus.CLOSED}),
    JobStatus.OPEN: frozenset({JobStatus.CLOSED}),
    JobStatus.REFUSED: frozenset({JobStatus.DRAFT, JobStatus.CLOSED}),
    JobStatus.CLOSED: frozenset(),
}


class CloseReason(models.TextChoices):
    HIRED = "hired", "Hired"
    CANCELLED = "cancelled", "Cancelled by the client"
    EXPIRED = "expired", "Expired"
    REMOVED = "removed", "Removed by staff"


class BudgetType(models.TextChoices):
    HOURLY = "hourly", "Hourly"
    FIXED = "fixed", "Fixed price"


class JobDuration(models.TextChoices):
    LESS_THAN_MONTH = "lt1m", "Less than 1 month"
    ONE_TO_THREE = "1to3m", "1 to 3 months"
    THREE_TO_SIX = "3to6m", "3 to 6 months"
    MORE_THAN_SIX = "gt6m", "More than 6 months"


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry level"
    INTERMEDIATE = "intermediate", "Intermediate"
    EXPERT = "expert", "Expert"


class JobVisibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone can find it"
    MEMBERS = "members", "Members only: signed-in freelancers"
    INVITE_ONLY = "invite_only", "Invite only: freelancers I invite"
