"""Reviews of ended contracts: one per side, hidden from the other side until revealed.

A review is public once `revealed_at` is set: when the second side writes, or when the window
after the contract's end closes (docs/subsystems/feedback.md). The private part (would the author
work with them again, how likely they would recommend them) is for the platform only, never shown
to the other side or in public."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.feedback.states import ReviewerRole


class Review(models.Model):
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_written")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_received")
    author_role = models.CharField(max_length=10, choices=ReviewerRole.choices)
    rating = models.PositiveSmallIntegerField(help_text="Overall, 1 to 5 stars")
    criteria = models.JSONField(default=dict, help_text="Criterion key -> 1 to 5 stars (states.CRITERIA)")
    text = models.TextField(max_length=2000, help_text="What the author wrote")
    public_text = models.TextField(max_length=2000, help_text="What others read: the text with details masked")
    screening = models.CharField(max_length=10, default="allow", help_text="The trust engine's outcome")
    # Private feedback to the platform.
    work_again = models.BooleanField()
    recommend = models.PositiveSmallIntegerField(help_text="How likely to recommend, 0 to 10")
    created_at = models.DateTimeField()
    revealed_at = models.DateTimeField(null=True, blank=True)
    # The reviewee's one public answer, after the reveal.
    reply_text = models.TextField(max_length=1000, blank=True)
    reply_public_text = models.TextField(max_length=1000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-revealed_at", "-id"]
        indexes = [
            models.Index(fields=["subject", "author_role", "revealed_at"], name="feedback_subject_idx"),
            models.Index(fields=["revealed_at", "contract"], name="feedback_reveal_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["contract", "author"], name="feedback_one_review_per_side"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"),
            models.CheckConstraint(condition=models.Q(recommend__lte=10), name="feedback_recommend_0_10"),
            models.CheckConstraint(condition=~models.Q(author=models.F("subject")), name="feedback_not_self"),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} of contract {self.contract_id} by {self.author_id}"
