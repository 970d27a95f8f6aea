"""Cover-letter checks, client spam flags, and the MinHash/LSH index of texts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workfair.minding.states import QueueReason, ReviewStatus, TextKind


class TextPrint(models.Model):
    """A text's MinHash signature (`scoring.signature`, 128 little-endian uint32), with its bands in
    `TextBand` so near-duplicates are found by an index read, not a scan."""

    kind = models.CharField(max_length=24, choices=TextKind.choices)
    object_id = models.PositiveBigIntegerField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signature = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="minding_one_print_per_text")]
        indexes = [models.Index(fields=["owner", "kind", "-created_at"], name="minding_print_owner_idx")]


class TextBand(models.Model):
    """One LSH band of a print: texts sharing a bucket are candidates (the key is salted by band)."""

    print = models.ForeignKey(TextPrint, on_delete=models.CASCADE, related_name="bands")
    bucket = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["bucket"], name="minding_band_bucket_idx")]


class LetterCheck(models.Model):
    """What the system thinks of one proposal's cover letter, and its spot review."""

    proposal = models.OneToOneField("proposals.Proposal", on_delete=models.CASCADE, related_name="letter_check")
    freelancer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    specificity = models.FloatField(help_text="0..1: how much the letter is about this job")
    specifics_named = models.JSONField(default=list)
    own_similarity = models.FloatField(default=0, help_text="Most alike letter of the same freelancer")
    copy_similarity = models.FloatField(default=0, help_text="Most alike letter of another account")
    template_score = models.FloatField(default=0, help_text="The larger of the two similarities")
    nearest = models.ForeignKey(
        "proposals.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    spam_flags = models.PositiveIntegerField(default=0)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.NONE)
    queue_reason = models.CharField(max_length=12, choices=QueueReason.choices, blank=True)
    risk = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_reason = models.CharField(max_length=500, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["review_status", "-risk", "queued_at"], name="minding_check_queue_idx"),
            models.Index(fields=["freelancer", "review_status", "reviewed_at"], name="minding_check_tossed_idx"),
        ]

    @property
    def is_generic(self) -> bool:
        from workfair.minding.policy import is_generic

        return is_generic(self.specificity, self.template_score)


class SpamFlag(models.Model):
    """A client said a letter on their job is spam (one flag per proposal and client)."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "client"], name="minding_one_flag_per_client")]


class CopyFinding(models.Model):
    """A profile overview or portfolio description much like an earlier text of another account
    (any kind, cover letters included): a case in the console shows the two side by side."""

    kind = models.CharField(max_length=24, choices=TextKind.choices)
    object_id = models.PositiveBigIntegerField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source_kind = models.CharField(max_length=24, choices=TextKind.choices)
    source_object_id = models.PositiveBigIntegerField()
    source_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    case_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="minding_one_finding_per_text")]
