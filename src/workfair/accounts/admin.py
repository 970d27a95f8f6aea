from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from workfair.accounts.admin_forms import StaffSetPasswordForm
from workfair.accounts.models import ApiToken, Membership, Organization, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_client", "is_freelancer", "is_staff", "is_active")
    list_filter = ("is_client", "is_freelancer", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name", "name_display")}),
        ("Roles", {"fields": ("is_client", "is_freelancer")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    change_password_form = StaffSetPasswordForm


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "created_by", "created_at")
    search_fields = ("name",)
    raw_id_fields = ("created_by",)
    inlines = (MembershipInline,)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are created and revoked by their owners; the hash is never useful here."""

    list_display = ("user", "name", "key_prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("user__email", "name", "key_prefix")
    readonly_fields = ("user", "name", "key_prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
