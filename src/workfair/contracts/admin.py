"""Read-only admin views: every change goes through `contracts.actions`, never the admin.
NDA versions are published by data migrations, so that each text stays fixed once accepted."""

from django.contrib import admin

from workfair.contracts.models import Contract, Milestone, NdaAcceptance, NdaVersion, Offer
from workfair.proposals.admin import ReadOnlyAdmin


@admin.register(NdaVersion)
class NdaVersionAdmin(ReadOnlyAdmin):
    list_display = ("version", "published_at")


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "client", "freelancer", "contract_type", "status", "expires_at")
    list_filter = ("status", "contract_type")
    list_select_related = ("client", "freelancer")


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "client", "freelancer", "contract_type", "status", "started_at", "ended_at")
    list_filter = ("status", "contract_type")
    list_select_related = ("client", "freelancer")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "contract", "amount", "status", "due_date")
    list_filter = ("status",)


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("contract", "user", "nda_version", "accepted_at")
