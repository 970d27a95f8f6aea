"""Read-only admin view of reviews (with the private feedback, for staff): every change goes
through `feedback.actions`, never the admin."""

from django.contrib import admin

from workfair.feedback.models import Review
from workfair.proposals.admin import ReadOnlyAdmin


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("id", "contract", "author", "subject", "rating", "work_again", "recommend", "revealed_at")
    list_filter = ("author_role", "rating", "work_again", "screening")
    list_select_related = ("contract", "author", "subject")
