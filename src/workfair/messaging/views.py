"""Messaging pages (thin: parse, call queries/actions, render). Every page is for participants only:
anyone else gets 404, whatever the id."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from workfair.core.errors import WorkfairError
from workfair.core.files import private_file_response
from workfair.core.views import handle_refusals, member_view, render_refusal
from workfair.messaging import actions, queries
from workfair.messaging.models import Conversation
from workfair.messaging.states import ConversationStatus
from workfair.messaging.validation import ALLOWED_KINDS, MAX_ATTACHMENTS

PAGE_SIZE = 30

# Pages of other apps that a conversation can link to ("what it is about"); the first name that
# resolves is used, and without one the subject is shown as plain text.
_CONTRACT_URL_NAMES = ("contracts:detail", "contracts:contract")
_JOB_URL_NAMES = ("jobs:detail", "jobs:job")


def _first_url(names: tuple[str, ...], pk: int) -> str | None:
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return None


def about_url(conversation: Conversation) -> str | None:
    """Link to what the conversation is about: the contract, else the job."""
    if conversation.contract_id is not None:
        url = _first_url(_CONTRACT_URL_NAMES, conversation.contract_id)
        if url:
            return url
    if conversation.job_id is not None:
        return _first_url(_JOB_URL_NAMES, conversation.job_id)
    return None


def _parse_id(raw: str | None) -> int | None:
    try:
        value = int(raw) if raw else None
    except ValueError:
        return None
    return value if value is not None and value > 0 else None


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    result = queries.conversations_for_user(request.user, request.GET.get("page", 1), 20)  # type: ignore[arg-type]
    return render(request, "messaging/inbox.html", {"result": result, "people": queries.group_by_person(result.items)})


def _conversation_context(request: HttpRequest, conversation: Conversation, before_id: int | None) -> dict[str, object]:
    return {
        "conversation": conversation,
        "other": queries.other_participant(conversation, request.user.pk),
        "about_url": about_url(conversation),
        "page": queries.messages_page(request.user, conversation, before_id=before_id, size=PAGE_SIZE),
        "before_id": before_id,
        "opening": None if before_id else queries.opening_note(request.user, conversation),
        "safety_warning": queries.safety_warning_for(request.user, conversation),
        "is_open": conversation.status == ConversationStatus.OPEN,
        "may_close": request.user.pk == conversation.client_id,
        "max_chars": settings.WORKFAIR["MAX_MESSAGE_CHARS"],
        "max_files": MAX_ATTACHMENTS,
        "max_file_mb": settings.WORKFAIR_MAX_ATTACHMENT_BYTES // (1024 * 1024),
        "accept": ",".join(f".{ext}" for ext in sorted(ALLOWED_KINDS)),
    }


@login_required
@require_GET
@handle_refusals
def conversation_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    before_id = _parse_id(request.GET.get("before"))
    if before_id is None:
        # Opening the conversation reads it (older pages do not move the read pointer).
        actions.do_mark_read(actor=request.user, conversation=conversation)
    return render(request, "messaging/conversation.html", _conversation_context(request, conversation, before_id))


@login_required
@require_GET
@handle_refusals
def older_messages(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The htmx fragment for "Load older messages": older messages plus the next link."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    before_id = _parse_id(request.GET.get("before"))
    page = queries.messages_page(request.user, conversation, before_id=before_id, size=PAGE_SIZE)
    return render(request, "messaging/_older.html", {"conversation": conversation, "page": page})


@member_view(methods=["POST"])
def send_message(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Send from the conversation page: htmx gets the new message's fragment to append; a plain
    form post is redirected back to the conversation (or shown again with the reason it failed)."""
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    is_htmx = bool(getattr(request, "htmx", False))
    try:
        message = actions.do_send_message(
            actor=request.user,
            conversation=conversation,
            body=request.POST.get("body", ""),
            attachments=request.FILES.getlist("attachments"),
        )
    except WorkfairError as exc:
        if is_htmx:
            response = render_refusal(request, exc)
            response["HX-Retarget"] = "#send-errors"
            response["HX-Reswap"] = "innerHTML"
            return response
        context = _conversation_context(request, conversation, None)
        context.update({"error": exc.message, "draft": request.POST.get("body", "")})
        return render(request, "messaging/conversation.html", context, status=exc.status_code)
    if is_htmx:
        view = queries.message_view(request.user, message, conversation)
        response = render(request, "messaging/_message.html", {"m": view})
        response["X-Message-Id"] = str(message.pk)
        return response
    return redirect(f"{reverse('messaging:conversation', args=[conversation.pk])}#message-{message.pk}")


@member_view(methods=["POST"])
def close_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    actions.do_close_conversation(actor=request.user, conversation=conversation)
    return redirect("messaging:conversation", conversation_id=conversation.pk)


@member_view(methods=["POST"])
def reopen_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = queries.access_conversation_by_id(request.user, conversation_id)
    actions.do_reopen_conversation(actor=request.user, conversation=conversation)
    return redirect("messaging:conversation", conversation_id=conversation.pk)


@login_required
@require_GET
@handle_refusals
def download_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The file, always as a download (never rendered inline by the browser)."""
    attachment = queries.attachment_for_download(request.user, attachment_id)
    response = private_file_response(attachment.file, filename=attachment.name, content_type=attachment.content_type)
    # A streaming response: handle_refusals passes it through unchanged; its annotation is narrower.
    return response  # type: ignore[return-value]
