from django.contrib import admin

from workfair.trust.models import Case, Decision, PolicyVersion, QueueSLA, Report, Signal


@admin.register(QueueSLA)
class QueueSLAAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("queue", "minutes")


# Read-only views for investigation; writes go through the console and its actions.
for model in (Signal, Decision, Case, Report, PolicyVersion):

    class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
        def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
            return False

        def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
            return False

        def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
            return False

    admin.site.register(model, ReadOnly)
