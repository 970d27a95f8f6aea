"""Staff views of job posts and categories.

Posts are read-only here: every change of a post goes through `workfair.jobs.actions` (rules,
audit, search index), so the only change offered is the "remove" action, which calls
`do_close_job`. Categories are plain reference data and are edited directly."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from workfair.core.errors import WorkfairError
from workfair.jobs.actions import do_close_job
from workfair.jobs.models import Category, Job
from workfair.jobs.states import CloseReason


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "client", "category", "status", "visibility", "budget_type", "opened_at", "expires_at")
    list_filter = ("status", "visibility", "budget_type", "experience_level", "duration", "category")
    search_fields = ("title", "client__email")
    date_hierarchy = "created_at"
    list_select_related = ("client", "category")
    actions = ("remove_jobs",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Remove the selected posts (close them as removed by staff)", permissions=["view"])
    def remove_jobs(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        removed = 0
        for job in queryset:
            try:
                do_close_job(actor=request.user, job=job, reason=CloseReason.REMOVED)
            except WorkfairError as exc:
                self.message_user(request, f"{job}: {exc.message}", messages.WARNING)
            else:
                removed += 1
        self.message_user(request, f"Removed {removed} post(s).", messages.SUCCESS)
