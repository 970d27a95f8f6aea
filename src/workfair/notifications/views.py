"""Notification pages (thin: parse, call queries/actions, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from workfair.core.views import member_view
from workfair.notifications import actions, queries
from workfair.notifications.forms import NotificationPreferencesForm


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    result = queries.notifications_for_user(request.user, request.GET.get("page", 1), 20)  # type: ignore[arg-type]
    return render(
        request,
        "notifications/list.html",
        {"result": result, "unread": queries.unread_notification_count(request.user)},
    )


@member_view(methods=["POST"])
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = queries.access_notification_by_id(request.user, notification_id)
    actions.do_mark_notification_read(actor=request.user, notification=notification)
    if getattr(request, "htmx", False):
        return render(request, "notifications/_item.html", {"notification": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    actions.do_mark_all_read(actor=request.user)
    return redirect("notifications:list")


@member_view(methods=["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    choices = queries.notification_preferences_for(request.user)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            actions.do_set_notification_preferences(actor=request.user, choices=form.chosen())
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
    else:
        form = NotificationPreferencesForm(choices=choices)
    return render(request, "notifications/preferences.html", {"form": form})
