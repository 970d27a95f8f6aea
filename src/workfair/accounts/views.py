"""Account settings, API tokens and organisations (the allauth pages do the rest)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from workfair.accounts import actions, queries
from workfair.accounts.forms import AccountDeletionForm, AccountSettingsForm, ApiTokenForm, MemberForm, OrganizationForm
from workfair.accounts.queries import has_two_factor
from workfair.accounts.two_factor import check_may_create_token
from workfair.core.errors import PermissionDenied, WorkfairError
from workfair.core.files import private_file_response
from workfair.core.views import handle_refusals


def _settings_initial(user: Any) -> dict[str, Any]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "name_display": user.name_display,
        "is_client": user.is_client,
        "is_freelancer": user.is_freelancer,
    }


def signup_held(request: HttpRequest) -> HttpResponse:
    """Where a sign-up the identity checks blocked ends: what happens next, no account details."""
    return render(request, "accounts/signup_held.html", {"message": actions.SIGNUP_HELD})


def _settings_page(
    request: HttpRequest,
    *,
    form: AccountSettingsForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_secret: str = "",
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    form = form or AccountSettingsForm(initial=_settings_initial(user), name_locked=user.name_verified)
    context = {
        "form": form,
        "token_form": token_form or ApiTokenForm(),
        "tokens": queries.api_tokens_for(user),
        "new_secret": new_secret,
        "exports": queries.data_exports_for(user),
        "deletion": queries.scheduled_deletion_for(user),
        "export_link_hours": settings.WORKFAIR_PRIVACY["EXPORT_LINK_HOURS"],
    }
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    """Names, name display and roles; links to password, e-mail, two-factor and sessions."""
    if request.method != "POST":
        return _settings_page(request)
    user: Any = request.user
    # A verified name is shown but not editable (disabled fields keep their initial value).
    form = AccountSettingsForm(request.POST, initial=_settings_initial(user), name_locked=user.name_verified)
    if not form.is_valid():
        return _settings_page(request, form=form, status=400)
    data = form.cleaned_data
    try:
        actions.do_update_name(
            request.user,  # type: ignore[arg-type]
            first_name=data["first_name"],
            last_name=data["last_name"],
            name_display=data["name_display"],
        )
        actions.do_update_roles(request.user, is_client=data["is_client"], is_freelancer=data["is_freelancer"])  # type: ignore[arg-type]
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _settings_page(request, form=form, status=exc.status_code)
    messages.success(request, "Your settings are saved.")
    return redirect("accounts:settings")


@login_required
@require_POST
def create_api_token(request: HttpRequest) -> HttpResponse:
    """Create a token and show its secret once, on this response only (never stored in the session)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, token_form=form, status=400)
    try:
        check_may_create_token(request.user, request)
    except PermissionDenied as exc:
        messages.info(request, exc.message)
        if exc.code == "mfa_required":  # back here once a code is entered in this session
            return redirect_to_login(reverse("accounts:settings"), login_url=reverse("mfa_reauthenticate"))
        return redirect("mfa_activate_totp")
    try:
        _token, secret = actions.do_create_api_token(request.user, form.cleaned_data["name"])  # type: ignore[arg-type]
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _settings_page(request, token_form=form, status=exc.status_code)
    return _settings_page(request, new_secret=secret, status=201)


@login_required
@require_POST
@handle_refusals
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = actions.do_revoke_api_token(request.user, token_id)  # type: ignore[arg-type]
    messages.success(request, f"The token “{token.name}” is revoked.")
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def organization_list(request: HttpRequest) -> HttpResponse:
    """Your organisations, and a form to create one."""
    form = OrganizationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                org = actions.do_create_organization(request.user, form.cleaned_data["name"])  # type: ignore[arg-type]
            except WorkfairError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"“{org.name}” is created. Add your colleagues below.")
                return redirect("accounts:organization_detail", organization_id=org.pk)
        status = 400
    context = {"organizations": queries.organizations_for(request.user), "form": form}
    return render(request, "accounts/organization_list.html", context, status=status)


def _organization_page(
    request: HttpRequest, org: Any, *, form: MemberForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "organization": org,
        "members": queries.members_of(org),
        "can_manage": queries.can_manage_members(request.user, org),
        "form": form or MemberForm(),
    }
    return render(request, "accounts/organization_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
@handle_refusals
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = queries.access_organization_by_id(request.user, organization_id)
    return _organization_page(request, org)


@login_required
@require_POST
@handle_refusals
def add_member(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = queries.access_organization_by_id(request.user, organization_id)
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _organization_page(request, org, form=form, status=400)
    try:
        membership = actions.do_add_member(request.user, org, form.cleaned_data["email"], form.cleaned_data["role"])  # type: ignore[arg-type]
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _organization_page(request, org, form=form, status=exc.status_code)
    messages.success(request, f"{membership.user.public_name} is now a member.")
    return redirect("accounts:organization_detail", organization_id=org.pk)


@login_required
@require_POST
@handle_refusals
def remove_member(request: HttpRequest, organization_id: int, user_id: int) -> HttpResponse:
    org = queries.access_organization_by_id(request.user, organization_id)
    actions.do_remove_member(request.user, org, user_id)  # type: ignore[arg-type]
    if user_id == request.user.pk:
        messages.success(request, f"You left “{org.name}”.")
        return redirect("accounts:organizations")
    messages.success(request, "The member is removed.")
    return redirect("accounts:organization_detail", organization_id=org.pk)


# --- your data -----------------------------------------------------------------------------


@login_required
@require_POST
def request_data_export(request: HttpRequest) -> HttpResponse:
    """Ask for a "download my data" archive; the settings page shows it when it is ready."""
    try:
        actions.do_request_data_export(request.user)  # type: ignore[arg-type]
    except WorkfairError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "We are preparing your data. It appears under “Your data” when it is ready.")
    return redirect(reverse("accounts:settings") + "#data-heading")


@login_required
@require_http_methods(["GET"])
@handle_refusals
def download_data_export(request: HttpRequest, export_id: int) -> HttpResponse:
    export = queries.access_data_export_by_id(request.user, export_id)
    stamp = export.requested_at.strftime("%Y-%m-%d")
    response = private_file_response(export.file, filename=f"workfair-data-{stamp}.zip", content_type="application/zip")
    # A streaming response: handle_refusals passes it through unchanged; its annotation is narrower.
    return response  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete my account: the password (and a two-factor code when on) and a confirmation; the
    account is erased after the grace period unless the person cancels."""
    user: Any = request.user
    two_factor = has_two_factor(user)
    form = AccountDeletionForm(request.POST or None, two_factor=two_factor)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                deletion = actions.do_request_account_deletion(
                    user, password=form.cleaned_data["password"], code=form.cleaned_data.get("code"), request=request
                )
            except WorkfairError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(
                    request,
                    f"Your account will be deleted on {deletion.erase_after:%-d %B %Y}. "
                    "Until then you can change your mind here.",
                )
                return redirect(reverse("accounts:settings") + "#delete-heading")
    context = {
        "form": form,
        "deletion": queries.scheduled_deletion_for(user),
        "grace_days": settings.WORKFAIR_PRIVACY["DELETION_GRACE_DAYS"],
    }
    return render(request, "accounts/delete_account.html", context, status=status)


@login_required
@require_POST
@handle_refusals
def cancel_account_deletion(request: HttpRequest) -> HttpResponse:
    actions.do_cancel_account_deletion(request.user)  # type: ignore[arg-type]
    messages.success(request, "Your account will not be deleted.")
    return redirect(reverse("accounts:settings") + "#delete-heading")
