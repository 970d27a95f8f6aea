"""Staff console pages for identity: review queue, images side by side, video checks, linked accounts.

Every page is a `console_view` (signed in, a staff role, TOTP on; non-staff get a 404). Thin: reads
through `identity.console_queries`, writes through the verification and video actions. Pictures are
streamed one by one by `image`, decrypted for the moderator who asked and audited per view, never
cached, never sniffed, never served to anyone but staff with the moderator role."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from workfair.core.errors import InvalidInput
from workfair.identity.staff import queries
from workfair.identity.states import VerificationStatus
from workfair.trust.interface import console_view

APPROVE_REASONS: dict[str, str] = {
    "match": "The document is genuine and readable, and the selfie matches its photo.",
    "match_quality": "The document and the selfie match; small photo quality issues did not get in the way.",
}
REJECT_REASONS: dict[str, str] = {
    "unreadable": "The document photos are blurred, cut off or too dark to read. Please upload clear photos of "
    "the whole document.",
    "face_mismatch": "The person in the selfie does not match the photo on the document.",
    "expired": "The document has expired. Please verify with a valid document.",
    "altered": "The document appears edited, or is a copy or a screen rather than the original.",
    "name_mismatch": "The name on the document does not match the name of the account.",
    "no_document_in_selfie": "The selfie does not show you holding the document next to your face.",
}

IMAGE_HEADERS = {
    "Cache-Control": "no-store, max-age=0",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
    "Content-Security-Policy": "default-src 'none'",
    "Referrer-Policy": "no-referrer",
}


# --- reviews ------------------------------------------------------------------------------------


@console_view
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "identity/console/index.html",
        {
            "waiting": queries.waiting_reviews(request.user),
            "day": queries.agent_day(request.user),
            "recent": list(queries.recent_verifications(request.user)[:10]),
        },
    )


@console_view
def case(request: HttpRequest, case_id: int) -> HttpResponse:
    """From an identity-queue case to the review of its verification."""
    verification = queries.verification_of_case(request.user, case_id)
    return redirect("identity:console_verification", verification_id=verification.pk)


@console_view
def verification(request: HttpRequest, verification_id: int) -> HttpResponse:
    from workfair.identity.verification.queries import check_lines

    v = queries.access_verification_for_review(request.user, verification_id)
    links = queries.linked_accounts_of(request.user, v.user_id)
    return render(
        request,
        "identity/console/verification.html",
        {
            "v": v,
            "person": v.user,
            "images": queries.image_slots(v),
            "checks": check_lines(v),
            # Decrypting the details writes an audit row (who read them, why).
            "details": queries.read_details(request.user, v),
            "details_purged": queries.details_purged(v),
            "history": [h for h in queries.history_of(request.user, v.user_id) if h.pk != v.pk],
            "graph_svg": mark_safe(links.svg),  # noqa: S308 - render_graph_svg escapes every text it writes
            "link_rows": links.rows,
            "reviewable": v.status == VerificationStatus.IN_REVIEW,
            "approve_reasons": APPROVE_REASONS,
            "reject_reasons": REJECT_REASONS,
        },
    )


@require_POST
@console_view
def decide(request: HttpRequest, verification_id: int) -> HttpResponse:
    from workfair.identity.verification.actions import do_review_verification

    v = queries.access_verification_for_review(request.user, verification_id)
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        raise InvalidInput("Approve or reject.")
    approve = decision == "approve"
    templates = APPROVE_REASONS if approve else REJECT_REASONS
    reason = request.POST.get("note", "").strip() or templates.get(request.POST.get("template", ""), "")
    if not reason:
        raise InvalidInput("Choose a reason or write one.")
    do_review_verification(actor=request.user, verification=v, approve=approve, reason=reason)
    if approve:
        messages.success(request, "Documents approved: the person is asked to book a live video check.")
    else:
        messages.success(request, "Documents rejected: the person was told why.")
    return redirect("identity:console_verification", verification_id=v.pk)


@require_GET
@console_view
def image(request: HttpRequest, verification_id: int, side: str) -> HttpResponse:
    """One picture, decrypted for this moderator (an audit row per view)."""
    v = queries.access_verification_for_review(request.user, verification_id)
    content = queries.read_image(request.user, v, side)
    response = HttpResponse(content, content_type="image/jpeg")
    for name, value in IMAGE_HEADERS.items():
        response[name] = value
    return response


# --- video checks -------------------------------------------------------------------------------


@console_view
def video(request: HttpRequest) -> HttpResponse:
    from workfair.identity.video.queries import available_slots

    day = queries.agent_day(request.user)
    return render(
        request,
        "identity/console/video.html",
        {"day": day, "slots": available_slots(limit=50), "today": day.now.date().isoformat()},
    )


def _parse_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput("Give the day as YYYY-MM-DD.") from None


def _parse_time(raw: str, what: str) -> dt.time:
    try:
        return dt.time.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"Give the {what} time as HH:MM (UTC).") from None


def _parse_int(raw: str, what: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise InvalidInput(f"The {what} is a whole number.") from None


@require_POST
@console_view
def open_slots(request: HttpRequest) -> HttpResponse:
    from workfair.identity.video.actions import day_range, do_open_video_slots

    minutes = _parse_int(request.POST.get("minutes", "15"), "length in minutes")
    times = day_range(
        _parse_day(request.POST.get("day", "")),
        start=_parse_time(request.POST.get("start", ""), "start"),
        end=_parse_time(request.POST.get("end", ""), "end"),
        minutes=minutes,
    )
    created = do_open_video_slots(
        actor=request.user,
        starts_at=times,
        minutes=minutes,
        capacity=_parse_int(request.POST.get("capacity", "1"), "number of places"),
    )
    messages.success(request, f"{len(created)} slot{'s' if len(created) != 1 else ''} opened.")
    return redirect("identity:console_video")


@console_view
def video_check(request: HttpRequest, check_id: int) -> HttpResponse:
    from workfair.identity.video.actions import CHECKLIST

    check = queries.access_video_check_for_agent(request.user, check_id)
    recorded = check.checklist or {}
    checklist = [(key, label, bool(recorded.get(key))) for key, label in CHECKLIST.items()]
    return render(request, "identity/console/video_check.html",
                  {"check": check, "checklist": checklist, "person": check.verification.user})  # fmt: skip


@require_POST
@console_view
def record_outcome(request: HttpRequest, check_id: int) -> HttpResponse:
    from workfair.identity.video.actions import CHECKLIST, do_record_video_outcome

    check = queries.access_video_check_for_agent(request.user, check_id)
    outcome = request.POST.get("outcome", "")
    if outcome not in ("passed", "failed", "no_show"):
        raise InvalidInput("Record the check as passed, failed or missed.")
    ticked = set(request.POST.getlist("checklist"))
    do_record_video_outcome(
        actor=request.user,
        check=check,
        passed=outcome == "passed",
        checklist={key: key in ticked for key in CHECKLIST},
        note=request.POST.get("note", ""),
        no_show=outcome == "no_show",
    )
    done = {
        "passed": "Video check passed: the person is verified.",
        "failed": "Video check failed: the person was told why.",
        "no_show": "Recorded as missed: the person is asked to book again.",
    }
    messages.success(request, done[outcome])
    return redirect("identity:console_video_check", check_id=check.pk)


# --- linked accounts ----------------------------------------------------------------------------


@console_view
def links(request: HttpRequest, user_id: int) -> HttpResponse:
    linked = queries.linked_accounts_of(request.user, user_id)
    return render(
        request,
        "identity/console/links.html",
        {"linked": linked, "graph_svg": mark_safe(linked.svg)},  # noqa: S308 - the SVG escapes every text
    )
