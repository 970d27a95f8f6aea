from django.contrib import admin

from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem


class PortfolioItemInline(admin.StackedInline):
    model = PortfolioItem
    extra = 0


class EmploymentItemInline(admin.StackedInline):
    model = EmploymentItem
    extra = 0


@admin.register(FreelancerProfile)
class FreelancerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "title", "hourly_rate", "currency", "visibility", "available", "updated_at")
    list_filter = ("visibility", "available")
    search_fields = ("user__email", "user__first_name", "user__last_name", "title")
    raw_id_fields = ("user",)
    filter_horizontal = ("skills",)
    list_select_related = ("user",)
    inlines = (PortfolioItemInline, EmploymentItemInline)


@admin.register(ClientProfile)
class ClientProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "company_name", "location", "visibility", "updated_at")
    list_filter = ("visibility",)
    search_fields = ("user__email", "company_name")
    raw_id_fields = ("user", "organization")
    list_select_related = ("user",)
