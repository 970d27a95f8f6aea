"""django.contrib.admin, with `admin.site` being the staff-two-factor site (`console.admin_site`).

Kept apart from the site itself: this module is imported while the apps load, before any model."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "workfair.console.admin_site.StaffAdminSite"
