from django.db import models


class ReviewStatus(models.TextChoices):
    """Where a cover letter stands with the spot review."""

    NONE = "none", "Not queued"
    QUEUED = "queued", "Waiting for a spot review"
    KEPT = "kept", "Kept by staff"
    TOSSED = "tossed", "Tossed by staff"


class QueueReason(models.TextChoices):
    SAMPLE = "sample", "Random sample"
    TEMPLATE = "template", "Looks like a template"
    COPIED = "copied", "Copied from another account"
    FLAGGED = "flagged", "Flagged as spam by the client"
    NEW_ACCOUNT = "new_account", "New account, generic letter"


class TextKind(models.TextChoices):
    """What a fingerprinted text is (the LSH index holds all of them)."""

    COVER_LETTER = "cover_letter", "Cover letter"
    PROFILE_OVERVIEW = "profile_overview", "Profile overview"
    PORTFOLIO_DESCRIPTION = "portfolio_description", "Portfolio description"
