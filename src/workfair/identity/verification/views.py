"""Web pages of identity verification under /account/verification/: the hub with every step, one
upload at a time (phones open the camera), sending the photos, the check results, booking the live
video check. Thin: forms in, actions out; refusals become form errors with their 4xx status.

Photos are never shown back, not even to their owner: the pages say "Front uploaded ✓"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from workfair.core.errors import NotFound, WorkfairError
from workfair.identity.models import IdentityVerification
from workfair.identity.states import DocumentType, VerificationProvider, VerificationStatus
from workfair.identity.stepup import queries as stepup_queries
from workfair.identity.verification import actions as verification
from workfair.identity.verification import queries as verification_queries
from workfair.identity.verification import vendors
from workfair.identity.video import actions as video
from workfair.identity.video import queries as video_queries

VS = VerificationStatus
HUB = "identity:verification"


class StartForm(forms.Form):
    document_type = forms.ChoiceField(
        choices=DocumentType.choices, label="Document", widget=forms.RadioSelect, initial=DocumentType.PASSPORT
    )
    country = forms.CharField(
        max_length=3,
        label="Issuing country",
        help_text="The two- or three-letter code printed on the document, for example GB, FR or USA.",
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 4, "autocapitalize": "characters"}),
    )


class UploadForm(forms.Form):
    photo = forms.FileField(label="Photo")

    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["photo"]
        field.label = verification.SIDE_LABELS[side]
        field.help_text = verification.SIDE_HELP[side]
        # On phones, `capture` opens the camera: the back one for the document, the front one for a selfie.
        field.widget.attrs.update({"accept": "image/*", "capture": "user" if side == "selfie" else "environment"})


class SubmitForm(forms.Form):
    document_number = forms.CharField(
        max_length=60,
        required=False,
        label="Document number",
        help_text="As printed on the document. It is stored encrypted and only compared as a fingerprint.",
    )
    expiry = forms.DateField(
        required=False, label="Expiry date", widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    date_of_birth = forms.DateField(
        required=False, label="Date of birth", widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )


def _phone_url() -> str:
    try:
        return reverse("identity:phone")
    except NoReverseMatch:
        return ""


def _hub_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    ov = verification_queries.overview(request.user)
    v = ov.verification
    provider = str(verification.identity_setting("VERIFICATION_PROVIDER") or VerificationProvider.WORKFAIR)
    sides = []
    if v is not None and v.status in verification_queries.OPEN_STATUSES:
        sides = [
            {"key": s, "label": verification.SIDE_LABELS[s], "done": ov.uploaded.get(s, False)}
            for s in verification_queries.required_sides(v)
        ]
    reverify = stepup_queries.identity_reverification_wanted(request.user)
    can_start = v is None or v.status in {VS.REJECTED, VS.CANCELLED} or (v.status == VS.VERIFIED and reverify)
    context = {
        "overview": ov,
        "verification": v,
        "sides": sides,
        "missing": verification_queries.missing_sides(v) if v is not None else [],
        "checks": verification_queries.check_lines(v) if v is not None else [],
        "failed_checks": [c for c in verification_queries.check_lines(v) if not c.passed] if v is not None else [],
        "booking": video_queries.open_check(v) if v is not None else None,
        "phone_url": _phone_url(),
        "provider": provider,
        "can_start": can_start and ov.phone_verified and (reverify or not ov.verified),
        "start_form": StartForm(initial={"document_type": v.document_type, "country": v.document_country})
        if v is not None and v.status in verification_queries.UPLOAD_STATUSES
        else StartForm(),
        "submit_form": SubmitForm(),
        "retention_days": verification.retention().days,
    }
    context.update(extra)
    return context


def _render_hub(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    return render(request, "identity/verification/hub.html", _hub_context(request, **extra), status=status)


def _open(request: HttpRequest) -> IdentityVerification:
    v = verification_queries.current_verification(request.user)
    if v is None or v.status not in verification_queries.OPEN_STATUSES:
        raise Http404("No identity verification in progress.")
    return v


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    return _render_hub(request)


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        return _render_hub(request, status=400, start_form=form)
    try:
        v = verification.do_start_verification(
            actor=request.user, document_type=form.cleaned_data["document_type"], country=form.cleaned_data["country"]
        )
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _render_hub(request, status=exc.status_code, start_form=form)
    if v.provider != VerificationProvider.WORKFAIR:
        return redirect(HUB)
    first = verification_queries.missing_sides(v)
    return redirect("identity:verification_upload", side=first[0]) if first else redirect(HUB)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, side: str) -> HttpResponse:
    if side not in verification.SIDES:
        raise Http404("No such photo.")
    v = _open(request)
    if v.status not in verification_queries.UPLOAD_STATUSES or v.provider != VerificationProvider.WORKFAIR:
        return redirect(HUB)
    if side not in verification_queries.required_sides(v):
        raise Http404("This document has no such side.")
    form = UploadForm(request.POST or None, request.FILES or None, side=side)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                verification.do_upload_document(
                    actor=request.user, verification=v, side=side, upload=form.cleaned_data["photo"]
                )
            except WorkfairError as exc:
                form.add_error("photo", exc.message)
                status = exc.status_code
            else:
                messages.success(request, f"{verification.SIDE_LABELS[side]} uploaded.")
                remaining = verification_queries.missing_sides(v)
                if remaining:
                    return redirect("identity:verification_upload", side=remaining[0])
                return redirect(HUB)
        else:
            status = 400
    sides = verification_queries.required_sides(v)
    context = {
        "verification": v,
        "side": side,
        "label": verification.SIDE_LABELS[side],
        "form": form,
        "step": sides.index(side) + 1,
        "steps": len(sides),
        "uploaded": {s: getattr(v, f"{s}_id") is not None for s in sides},
        "labels": verification.SIDE_LABELS,
        "failed": [c for c in verification_queries.check_lines(v) if not c.passed]
        if v.status == VS.CHECKS_FAILED
        else [],
    }
    return render(request, "identity/verification/upload.html", context, status=status)


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    v = _open(request)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _render_hub(request, status=400, submit_form=form)
    try:
        declared = verification.clean_declared(
            document_number=form.cleaned_data["document_number"],
            expiry=form.cleaned_data["expiry"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        verification.do_submit_verification(actor=request.user, verification=v, declared=declared)
    except WorkfairError as exc:
        form.add_error(None, exc.message)
        return _render_hub(request, status=exc.status_code, submit_form=form)
    if v.status == VS.CHECKS_FAILED:
        messages.warning(request, "Some photos need retaking: see what to fix below.")
    else:
        messages.success(request, "Your documents were sent. A member of our team will review them.")
    return redirect(HUB)


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    v = _open(request)
    try:
        verification.do_cancel_verification(actor=request.user, verification=v)
    except WorkfairError as exc:
        return _render_hub(request, status=exc.status_code, error=exc.message)
    messages.info(request, "Identity verification stopped. Your photos will be deleted.")
    return redirect(HUB)


@login_required
@require_POST
def vendor(request: HttpRequest) -> HttpResponse:
    v = _open(request)
    try:
        url = vendors.do_start_vendor_session(
            actor=request.user, verification=v, return_url=request.build_absolute_uri(reverse(HUB))
        )
    except WorkfairError as exc:
        return _render_hub(request, status=exc.status_code, error=exc.message)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    v = verification_queries.current_verification(request.user)
    if v is None or v.status not in {VS.VIDEO_REQUIRED, VS.VIDEO_BOOKED}:
        return redirect(HUB)
    current = video_queries.open_check(v)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            try:
                slot = video_queries.access_slot_by_id(int(request.POST.get("slot", "")))
            except ValueError as exc:
                raise NotFound("Choose one of the times below.") from exc
            if current is not None:
                video.do_rebook_video_check(actor=request.user, check=current, slot=slot)
            else:
                video.do_book_video_check(actor=request.user, verification=v, slot=slot)
        except WorkfairError as exc:
            error, status = exc.message, exc.status_code
            if status == 404:
                status = 400
        else:
            messages.success(request, "Your live video check is booked. We sent you the time and the link.")
            return redirect("identity:verification_video")
    context = {
        "verification": v,
        "booking": video_queries.open_check(v),
        "slots": video_queries.available_slots(),
        "error": error,
    }
    return render(request, "identity/verification/book.html", context, status=status)


@login_required
@require_POST
def cancel_booking(request: HttpRequest) -> HttpResponse:
    v = _open(request)
    current = video_queries.open_check(v)
    if current is None:
        return redirect("identity:verification_video")
    try:
        video.do_cancel_video_check(actor=request.user, check=current)
    except WorkfairError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, "Your video check was cancelled. Choose another time when it suits you.")
    return redirect("identity:verification_video")
