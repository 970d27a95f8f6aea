"""The help centre's pages (/help/), tickets (/support/tickets/) and their console pages
(/console/help/, /console/support/): thin, through the queries and actions
(docs/subsystems/support.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from workfair.core.errors import InvalidInput, NotFound, WorkfairError
from workfair.core.files import private_file_response
from workfair.core.views import handle_refusals
from workfair.support import actions, queries
from workfair.support.forms import HelpArticleForm, HelpCategoryForm, TicketForm, TicketReplyForm
from workfair.support.intake import CONTENT_TYPES
from workfair.support.models import HelpArticle
from workfair.support.search import search_articles
from workfair.support.sla import first_response_hours
from workfair.trust.interface import console_view

SUGGESTIONS = 5


# --- the help centre --------------------------------------------------------------------------


@require_GET
@handle_refusals
def help_index(request: HttpRequest) -> HttpResponse:
    """The help centre: a search box, and every category with its articles; with `q`, the results."""
    q = request.GET.get("q", "")
    try:
        results = search_articles(q, limit=20) if q.strip() else None
        error = ""
    except InvalidInput as exc:
        results, error = [], exc.message
    if getattr(request, "htmx", False) and results is not None:
        return render(request, "support/_results.html", {"q": q, "results": results, "error": error})
    return render(
        request,
        "support/help_index.html",
        {"q": q, "results": results, "error": error, "categories": queries.help_categories_with_articles()},
    )


@require_GET
def help_suggest(request: HttpRequest) -> HttpResponse:
    """Articles that may answer the question being typed (an htmx fragment; empty when nothing
    matches or the question is refused)."""
    # The help page sends `q`; the ticket form sends its subject (and the start of its text).
    q = request.GET.get("q") or f"{request.GET.get('subject', '')} {request.GET.get('body', '')[:200]}"
    try:
        suggestions = search_articles(q[:300], limit=SUGGESTIONS)
    except InvalidInput:
        suggestions = []
    return render(request, "support/_suggestions.html", {"suggestions": suggestions})


@require_GET
@handle_refusals
def help_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = queries.access_help_category_by_slug(slug)
    articles = category.articles.filter(published=True).order_by("title")
    return render(request, "support/help_category.html", {"category": category, "articles": articles})


@require_GET
@handle_refusals
def help_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = queries.access_help_article_by_slug(request.user, slug)
    return render(request, "support/help_article.html", {"article": article})


# --- console: writing articles ------------------------------------------------------------------


@console_view
def console_help(request: HttpRequest) -> HttpResponse:
    """Every article, drafts included, and a form for a new category."""
    form = HelpCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = actions.do_create_help_category(
                actor=request.user, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Category “{category.name}” is ready.")
            return redirect("support:console_help")
    return render(
        request,
        "support/console_help.html",
        {"articles": queries.articles_for_staff(), "form": form},
    )


@console_view
def console_help_article(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    """Write a new article or change one; the Markdown is rendered on save."""
    article = None
    if article_id is not None:
        article = HelpArticle.objects.filter(pk=article_id).first()
        if article is None:
            raise NotFound("There is no such help article.")
    initial = (
        {
            "category": article.category_id,
            "title": article.title,
            "summary": article.summary,
            "body": article.body,
            "published": article.published,
        }
        if article
        else {"published": True}
    )
    form = HelpArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_help_article(actor=request.user, article=article, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Saved “{saved.title}”.")
            return redirect("support:console_help")
    return render(request, "support/console_help_article.html", {"form": form, "article": article})


# --- tickets: the requester's side --------------------------------------------------------------


@login_required
@require_GET
def tickets(request: HttpRequest) -> HttpResponse:
    return render(request, "support/tickets.html", {"tickets": queries.tickets_of(request.user)})


@login_required
@handle_refusals
def ticket_new(request: HttpRequest) -> HttpResponse:
    """Ask support: while the subject is typed, articles that may answer it are suggested."""
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = actions.do_open_ticket(
                actor=request.user,
                subject=data["subject"],
                body=data["body"],
                category=data["category"],
                attachment=data.get("attachment"),
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you: your ticket is open and a person will answer it.")
            return redirect("support:ticket", ticket.pk)
    return render(request, "support/ticket_new.html", {"form": form})


@login_required
@handle_refusals
def ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The requester's view of one ticket: the thread and a reply box."""
    found = queries.access_ticket_by_id(request.user, ticket_id)
    if found.requester_id != request.user.pk:  # staff work tickets in the console
        return redirect("support:console_ticket", found.pk)
    form = TicketReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reply_to_ticket(
                actor=request.user, ticket=found, body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("support:ticket", found.pk)
    return render(
        request,
        "support/ticket.html",
        {"ticket": found, "thread": queries.ticket_thread(found), "form": form},
    )


@login_required
@require_POST
@handle_refusals
def ticket_close(request: HttpRequest, ticket_id: int) -> HttpResponse:
    found = queries.access_ticket_by_id(request.user, ticket_id)
    actions.do_close_ticket(actor=request.user, ticket=found)
    messages.success(request, "The ticket is closed. Reply to it any time to open it again.")
    if found.requester_id != request.user.pk:
        return redirect("support:console_queue")
    return redirect("support:ticket", found.pk)


@login_required
@handle_refusals  # type: ignore[arg-type]  # a streamed file is not an HttpResponse
def ticket_attachment(request: HttpRequest, ticket_id: int, message_id: int) -> HttpResponseBase:
    """A file attached to a ticket, for its requester and staff only."""
    found = queries.access_ticket_by_id(request.user, ticket_id)
    message = found.messages.filter(pk=message_id).exclude(attachment="").first()
    if message is None:
        raise NotFound("There is no such file.")
    extension = message.attachment_name.rsplit(".", 1)[-1].lower()
    return private_file_response(
        message.attachment,
        filename=message.attachment_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


# --- tickets: the console -------------------------------------------------------------------------


@console_view
def console_queue(request: HttpRequest) -> HttpResponse:
    """Tickets waiting for support, the oldest deadline first, with the time left on the clock."""
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "support/console_queue.html",
        {
            "rows": queries.ticket_queue(mine_only_for=request.user if mine else None),
            "mine": mine,
            "figures": queries.sla_figures(),
            "hours": first_response_hours(),
        },
    )


@console_view
def console_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """One ticket for staff: the thread, canned replies, answer, assign, close."""
    found = queries.access_ticket_by_id(request.user, ticket_id)
    form = TicketReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        do = request.POST.get("do", "reply")
        if do == "assign_me":
            actions.do_assign_ticket(actor=request.user, ticket=found, assignee=request.user)
            return redirect("support:console_ticket", found.pk)
        if do == "unassign":
            actions.do_assign_ticket(actor=request.user, ticket=found, assignee=None)
            return redirect("support:console_ticket", found.pk)
        if do == "close":
            actions.do_close_ticket(actor=request.user, ticket=found)
            messages.success(request, f"Ticket #{found.pk} is closed.")
            return redirect("support:console_queue")
        if form.is_valid():
            try:
                actions.do_reply_to_ticket(
                    actor=request.user, ticket=found, body=form.cleaned_data["body"],
                    attachment=form.cleaned_data.get("attachment"),
                )  # fmt: skip
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Answer sent to {found.requester.email}.")
                return redirect("support:console_ticket", found.pk)
    return render(
        request,
        "support/console_ticket.html",
        {
            "ticket": found,
            "thread": queries.ticket_thread(found),
            "form": form,
            "canned": queries.canned_replies(),
        },
    )


# --- live chat ------------------------------------------------------------------------------------


@login_required
@require_POST
def chat_start(request: HttpRequest) -> JsonResponse:
    """Start a chat (or add to the open one) with a first message; the page then opens the chat's
    socket. JSON: {session_id, status} or {detail} with a 4xx."""
    try:
        session = actions.do_start_chat(
            actor=request.user, body=request.POST.get("body", ""), client_id=request.POST.get("client_id", "")
        )
    except WorkfairError as exc:
        return JsonResponse({"detail": exc.message, "code": exc.code}, status=exc.status_code)
    return JsonResponse({"session_id": session.pk, "status": session.status})


@console_view
def console_chat(request: HttpRequest) -> HttpResponse:
    """The agent workspace: on or off shift with a capacity, and every chat the agent has now,
    each with the person's context beside it."""
    if request.method == "POST" and request.POST.get("do") == "transfer":
        session = queries.access_chat_by_id(request.user, _int(request.POST.get("session_id")))
        to_agent = queries.agent_on_shift(_int(request.POST.get("to")))
        actions.do_transfer_chat(actor=request.user, session=session, to_agent=to_agent)
        messages.success(request, f"Chat handed to {to_agent.public_name}.")
        return redirect("support:console_chat")
    if request.method == "POST":
        capacity = request.POST.get("capacity", "")
        actions.do_set_agent_availability(
            actor=request.user,
            available=request.POST.get("available") == "on",
            capacity=int(capacity) if capacity.isdigit() and len(capacity) < 4 else 0,
        )
        return redirect("support:console_chat")
    workspace = queries.agent_workspace(request.user)
    workspace["colleagues"] = [a for a in queries.agents_on_shift() if a.pk != request.user.pk]
    return render(request, "support/console_chat.html", {**workspace, "canned": queries.canned_replies()})


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else 0
