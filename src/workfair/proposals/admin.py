"""Read-only admin views: every change goes through `proposals.actions`, never the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workfair.proposals.models import CreditAccount, CreditTransaction, Invitation, Proposal


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("id", "job", "freelancer", "status", "amount", "currency", "credits_spent", "created_at")
    list_filter = ("status",)
    list_select_related = ("job", "freelancer")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("id", "job", "freelancer", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("job", "freelancer")


@admin.register(CreditAccount)
class CreditAccountAdmin(ReadOnlyAdmin):
    list_display = ("freelancer", "balance", "last_refill_at")
    list_select_related = ("freelancer",)


@admin.register(CreditTransaction)
class CreditTransactionAdmin(ReadOnlyAdmin):
    list_display = ("account", "delta", "reason", "period", "proposal", "created_at")
    list_filter = ("reason",)
