"""Every write about notifications. Other apps call `do_notify` to tell a person something.

`do_notify` keeps floods down (docs/subsystems/notifications.md): a repeat of an event the person
has not read yet, or another event of the same kind within the grouping window, joins the unread
notice already there instead of making a new one and sends no second e-mail; each category goes to
the channels the person chose (in the app; e-mail right away, in the daily digest, or never)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import InvalidInput, NotFound
from workfair.core.realtime import send_now, user_group
from workfair.notifications.models import (
    GROUPED_KEEP,
    NEVER_GROUPED,
    REQUIRED_EMAIL_NOW,
    REQUIRED_IN_APP,
    EmailFrequency,
    Notification,
    NotificationCategory,
    NotificationPreference,
    category_of,
)
from workfair.notifications.queries import channel_choice, unread_notification_count_for_user_id

logger = logging.getLogger(__name__)


def group_window() -> dt.timedelta:
    """How close together events of one kind must come to share one notice (default 15 minutes)."""
    minutes = str(settings.WORKFAIR.get("NOTIFICATION_GROUP_MINUTES", 15))
    return dt.timedelta(minutes=int(minutes))


def do_notify(
    recipient: Any,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification:
    """Tell `recipient` about one event of `kind`, on the channels they chose for its category.

    - The same event again (same kind and link) while its notice is unread: that notice counts one
      more and shows the newest text; no new notice, no second e-mail.
    - Another event of the same kind within `group_window()` of the last one, still unread: it joins
      that notice (the earlier titles and links are kept in `grouped`); no second e-mail.
    - Otherwise a new notice; after the surrounding transaction commits, an e-mail copy if the person
      wants e-mail right away (and `email` is true), or a place in the next daily digest.
    The unread count pushed to the person's open pages counts a group once."""
    now = clock.now()
    title, body, url = title[:200], body[:2000], url[:300]
    in_app, frequency = channel_choice(recipient.pk, category_of(kind))
    wants_digest = email and frequency == EmailFrequency.DAILY
    with transaction.atomic():
        existing = _unread_notice_to_join(recipient.pk, kind=kind, url=url, now=now)
        if existing is not None:
            if existing.url != url and existing.url:
                earlier = {"title": existing.title, "url": existing.url}
                existing.grouped = [earlier, *existing.grouped][:GROUPED_KEEP]
            existing.title, existing.body, existing.url = title, body, url
            existing.count += 1
            existing.last_at = now
            existing.digest_pending = existing.digest_pending or wants_digest
            existing.save(update_fields=["title", "body", "url", "count", "last_at", "grouped", "digest_pending"])
            if existing.in_app:
                _publish_unread_count_on_commit(recipient.pk)
            return existing
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            title=title,
            body=body,
            url=url,
            created_at=now,
            last_at=now,
            in_app=in_app,
            digest_pending=wants_digest,
        )
    if email and frequency == EmailFrequency.NOW and recipient.email:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        transaction.on_commit(lambda: _send_email_copy(recipient.email, title, f"{body}\n\n{link}".strip()))
    if in_app:
        _publish_unread_count_on_commit(recipient.pk)
    return notification


def _unread_notice_to_join(recipient_id: int, *, kind: str, url: str, now: dt.datetime) -> Notification | None:
    """The unread notice a new event of `kind` joins: one about the same event (same link), else the
    newest of that kind within the grouping window. Locked so two events at once count twice."""
    unread = Notification.objects.select_for_update().filter(recipient_id=recipient_id, kind=kind, read_at__isnull=True)
    # A notice hidden from the app is never read there, so it joins repeats only within the window.
    same_event = unread.filter(url=url, in_app=True).order_by("-id").first()
    if same_event is not None or category_of(kind) in NEVER_GROUPED:
        return same_event
    return unread.filter(last_at__gte=now - group_window()).order_by("-id").first()


@transaction.atomic
def do_set_notification_preferences(
    *, actor: Any, choices: dict[str, tuple[bool, str]]
) -> list[NotificationPreference]:
    """Save the actor's choice per category: `{category: (in_app, email_frequency)}`. An unknown
    category or frequency, or switching off what cannot be switched off (security notices in the
    app and by e-mail right away, trust decisions in the app): InvalidInput, nothing saved.
    Categories left out keep what they had."""
    valid_categories = set(NotificationCategory.values)
    valid_frequencies = set(EmailFrequency.values)
    for category, (in_app, frequency) in choices.items():
        if category not in valid_categories:
            raise InvalidInput(f"Unknown notification category: {category}.")
        if frequency not in valid_frequencies:
            raise InvalidInput(f"Unknown e-mail choice: {frequency}.")
        label = NotificationCategory(category).label
        if category in REQUIRED_IN_APP and not in_app:
            raise InvalidInput(f"{label} are always shown in the app.")
        if category in REQUIRED_EMAIL_NOW and frequency != EmailFrequency.NOW:
            raise InvalidInput(f"{label} are always e-mailed right away.")
    now = clock.now()
    saved = []
    for category, (in_app, frequency) in choices.items():
        preference, _ = NotificationPreference.objects.update_or_create(
            user=actor, category=category, defaults={"in_app": in_app, "email": frequency, "updated_at": now}
        )
        saved.append(preference)
    if saved:
        record_audit(
            actor=actor,
            action="notification.preferences",
            target=actor,
            data={c: {"in_app": a, "email": f} for c, (a, f) in choices.items()},
        )
    return saved


def do_send_daily_digests() -> int:
    """E-mail each person one digest of the notices waiting for it (their categories set to
    "daily"), then mark them sent; returns how many e-mails went out. Run by the daily beat task;
    running it twice sends nothing the second time. One transaction per person, e-mail after commit."""
    pending: dict[int, list[int]] = defaultdict(list)
    for recipient_id, notification_id in Notification.objects.filter(digest_pending=True).values_list(
        "recipient_id", "id"
    ):
        pending[recipient_id].append(notification_id)
    sent = 0
    for ids in pending.values():
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update()
                .filter(pk__in=ids, digest_pending=True)
                .select_related("recipient")
                .order_by("-id")
            )
            if not rows:
                continue  # another run sent them
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(digest_pending=False)
            recipient = rows[0].recipient
            if not recipient.email:
                continue
            subject, text = _digest_text(rows)
            address = recipient.email
            transaction.on_commit(functools.partial(_send_email_copy, address, subject, text))
            sent += 1
    return sent


def _digest_text(rows: list[Notification]) -> tuple[str, str]:
    events = sum(row.count for row in rows)
    subject = f"Your daily digest: {events} update{'s' if events != 1 else ''}"
    lines = [f"Here is what happened on {getattr(settings, 'SITE_NAME', 'Workfair')} since your last digest.", ""]
    for row in rows:
        more = f" (and {row.count - 1} more like it)" if row.count > 1 else ""
        lines.append(f"- {row.title}{more}")
        if row.url:
            lines.append(f"  {settings.SITE_URL}{row.url}")
    lines += ["", f"Change what you receive: {settings.SITE_URL}/notifications/settings/"]
    return subject, "\n".join(lines)


@transaction.atomic
def do_mark_notification_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read. Someone else's notification: NotFound.
    Marking an already read notification changes nothing."""
    if notification.recipient_id != actor.pk:
        raise NotFound("Notification not found.")
    now = clock.now()
    # The filter on read_at makes a double click (or a retry) a no-op instead of a second write.
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if changed:
        notification.read_at = now
        record_audit(actor=actor, action="notification.read", target=notification)
        _publish_unread_count_on_commit(actor.pk)
    return notification


@transaction.atomic
def do_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    changed = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=clock.now())
    if changed:
        record_audit(actor=actor, action="notification.read_all", target=actor, data={"count": changed})
        _publish_unread_count_on_commit(actor.pk)
    return changed


@transaction.atomic
def do_mark_notifications_read_for_url(*, actor: Any, url: str) -> int:
    """Mark read the actor's unread notifications that point at `url` (e.g. a conversation the
    person just opened); returns how many changed."""
    changed = Notification.objects.filter(recipient=actor, read_at__isnull=True, url=url).update(read_at=clock.now())
    if changed:
        record_audit(actor=actor, action="notification.read_for_url", target=actor, data={"url": url})
        _publish_unread_count_on_commit(actor.pk)
    return changed


def _publish_unread_count_on_commit(user_id: int) -> None:
    # Counted after commit so the number is what the person will see when the page reloads.
    def publish() -> None:
        total = unread_notification_count_for_user_id(user_id)
        send_now(user_group(user_id), {"type": "unread.notifications", "total": total})

    transaction.on_commit(publish)


def _send_email_copy(address: str, subject: str, text: str) -> None:
    try:
        send_mail(f"[Workfair] {subject}"[:200], text, None, [address])
    except Exception:  # an e-mail outage must not undo or fail the committed change
        logger.exception("notification e-mail to %s failed", address)
