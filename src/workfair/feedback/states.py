"""Who reviews whom, and the criteria each side rates (docs/subsystems/feedback.md)."""

from __future__ import annotations

import datetime as dt

from django.db import models

# docs/rules.md, "Feedback": each side has 14 days after a contract ends.
REVIEW_WINDOW = dt.timedelta(days=14)
TEXT_MAX = 2000
REPLY_MAX = 1000
STARS = (1, 2, 3, 4, 5)


class ReviewerRole(models.TextChoices):
    """The side of the contract the author stood on: a client reviews the freelancer and back."""

    CLIENT = "client", "Client"
    FREELANCER = "freelancer", "Freelancer"


# The criteria each side rates, 1 to 5 stars each, besides the overall rating.
CRITERIA: dict[str, tuple[tuple[str, str], ...]] = {
    ReviewerRole.CLIENT: (
        ("quality", "Quality of work"),
        ("communication", "Communication"),
        ("deadlines", "Met deadlines"),
        ("expertise", "Skills and expertise"),
    ),
    ReviewerRole.FREELANCER: (
        ("clarity", "Clear requirements"),
        ("communication", "Communication"),
        ("responsiveness", "Responsiveness"),
    ),
}
