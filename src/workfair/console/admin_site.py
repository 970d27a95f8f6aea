"""The Django admin behind the same door as the console: staff, two-factor passed in this session.

The admin has no log-in form of its own any more: `/admin/login/` sends people to the site's log-in
(allauth: throttled, with the two-factor step), and a staff session that has not entered a code
is sent to enter one (`access.staff_two_factor_step`) before any admin page is served.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import PasswordChangeView, redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from workfair.accounts.admin_forms import OwnPasswordChangeForm
from workfair.accounts.queries import session_passed_two_factor
from workfair.console.access import staff_two_factor_step
from workfair.core.errors import PermissionDenied
from workfair.core.views import render_refusal

NOT_STAFF = "This account has no access to the staff admin."


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and session_passed_two_factor(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Never signs anyone in: to the site's log-in, to the two-factor step, or back to the admin."""
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or index
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            next_url = index
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if not (user.is_active and user.is_staff):
            return render_refusal(request, PermissionDenied(NOT_STAFF))
        return staff_two_factor_step(request, next_url) or HttpResponseRedirect(next_url)

    def password_change(  # type: ignore[override]  # a redirect on success, as Django's own
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        """Django's own page, with a form that also ends the person's API tokens (as everywhere)."""
        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=OwnPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
            **({"template_name": self.password_change_template} if self.password_change_template else {}),
        )(request)
