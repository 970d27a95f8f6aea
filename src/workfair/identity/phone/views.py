"""Web pages of phone verification, under /account/phone/: enter a number and choose a text or a
call, enter the 5-digit code, send it again or call instead. Thin: forms in, actions out; every
refusal is shown as a form error with its 4xx status. Plain forms, no JavaScript needed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from workfair.core import clock
from workfair.core.errors import WorkfairError
from workfair.identity.phone import actions as phone
from workfair.identity.phone import queries as phone_queries
from workfair.identity.states import PhoneChannel


class StartForm(forms.Form):
    number = forms.CharField(
        max_length=40,
        label="Phone number",
        help_text="With the country code, for example +44 7400 123456. Mobile or landline; not an internet (VoIP) "
        "number.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    channel = forms.ChoiceField(
        choices=[(PhoneChannel.SMS, "Send me a text message"), (PhoneChannel.VOICE, "Call me and read the code")],
        initial=PhoneChannel.SMS,
        label="How should we send the code?",
        widget=forms.RadioSelect,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=12,
        label="Code",
        help_text=f"The {phone.CODE_DIGITS} digits we sent you.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}),
    )
    challenge = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _challenge_id(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def phone_page(request: HttpRequest) -> HttpResponse:
    """/account/phone/: the verified number (masked) and the form to verify one."""
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                challenge = phone.do_start_phone_verification(
                    request.user, form.cleaned_data["number"], channel=form.cleaned_data["channel"]
                )
            except WorkfairError as exc:
                form.add_error("number", exc.message)
                status = exc.status_code
            else:
                messages.success(request, _sent_sentence(challenge.channel, phone.mask_e164(challenge.e164)))
                return redirect("identity:phone_confirm")
        else:
            status = 400
    verified = phone_queries.verified_phone(request.user)
    waiting = phone_queries.waiting_challenge(request.user)
    context = {
        "form": form,
        "verified": verified,
        "masked": phone.mask_e164(verified.e164) if verified else "",
        "waiting": waiting,
        "waiting_masked": phone.mask_e164(waiting.e164) if waiting else "",
        "debug_outbox": settings.DEBUG,
        "code_digits": phone.CODE_DIGITS,
    }
    return render(request, "identity/phone/start.html", context, status=status)


def _sent_sentence(channel: str, masked: str) -> str:
    if channel == PhoneChannel.VOICE:
        return f"We are calling {masked} now to read you the code."
    return f"We sent a text message with the code to {masked}."


def _confirm_page(request: HttpRequest, form: CodeForm, *, status: int = 200, error: str = "") -> HttpResponse:
    challenge = phone_queries.waiting_challenge(request.user)
    now = clock.now()
    context: dict[str, Any] = {"form": form, "challenge": challenge, "error": error}
    if challenge is not None:
        resend_at = phone_queries.resend_available_at(challenge)
        context.update(
            masked=phone.mask_e164(challenge.e164),
            expired=challenge.expires_at <= now,
            minutes_left=max(int((challenge.expires_at - now).total_seconds() + 59) // 60, 0),
            attempts_left=phone_queries.attempts_left(challenge),
            sends_left=phone_queries.sends_left(challenge),
            resend_wait=max(int((resend_at - now).total_seconds()), 0) if resend_at else None,
        )
        form.initial.setdefault("challenge", challenge.pk)
    return render(request, "identity/phone/confirm.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def phone_confirm(request: HttpRequest) -> HttpResponse:
    """/account/phone/confirm/: enter the code; send it again or call instead."""
    if request.method != "POST":
        if phone_queries.waiting_challenge(request.user) is None:
            messages.info(request, "Enter your number to get a code.")
            return redirect("identity:phone")
        return _confirm_page(request, CodeForm())
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _confirm_page(request, form, status=400)
    try:
        number = phone.do_confirm_phone_code(
            request.user, _challenge_id(form.cleaned_data.get("challenge")), form.cleaned_data["code"]
        )
    except WorkfairError as exc:
        form.add_error("code", exc.message)
        return _confirm_page(request, form, status=exc.status_code)
    messages.success(request, f"Your phone number {phone.mask_e164(number.e164)} is verified.")
    return redirect("identity:phone")


@login_required
@require_POST
def phone_resend(request: HttpRequest) -> HttpResponse:
    """/account/phone/resend/ (POST channel=sms|voice): a fresh code, or a call instead."""
    channel = request.POST.get("channel") or None
    try:
        challenge = phone.do_resend_phone_code(request.user, _challenge_id(request.POST.get("challenge")),
                                               channel=channel)  # fmt: skip
    except WorkfairError as exc:
        if phone_queries.waiting_challenge(request.user) is None:
            messages.error(request, exc.message)
            return redirect("identity:phone")
        return _confirm_page(request, CodeForm(), status=exc.status_code, error=exc.message)
    messages.success(request, _sent_sentence(challenge.channel, phone.mask_e164(challenge.e164)))
    return redirect("identity:phone_confirm")


def phone_dev_outbox(request: HttpRequest) -> HttpResponse:
    """/account/phone/dev-outbox/ (DEBUG only, signed in): the codes the console provider "sent"
    lately to the person's own numbers (staff: to anyone)."""
    if not settings.DEBUG:
        raise Http404("Only in development.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    provider = settings.WORKFAIR_IDENTITY.get("PHONE_PROVIDER", "console")
    outbox = phone_queries.dev_outbox_for(request.user)
    return render(request, "identity/phone/dev_outbox.html", {"outbox": outbox, "provider": provider})
