"""Every write about notifications. Other apps call `do_notify` to tell a person something."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.errors import NotFound
from workfair.core.realtime import send_now, user_group
from workfair.notifications.models import Notification
from workfair.notifications.queries import unread_notification_count_for_user_id

logger = logging.getLogger(__name__)


def do_notify(
    recipient: Any,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification:
    """Create an in-app notification for `recipient`; after the surrounding transaction commits,
    e-mail a copy (unless `email=False`) and push the new unread count to the recipient's open pages."""
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=title[:200],
        body=body[:2000],
        url=url[:300],
        created_at=clock.now(),
    )
    if email and recipient.email:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        transaction.on_commit(lambda: _send_email_copy(recipient.email, title, f"{body}\n\n{link}".strip()))
    _publish_unread_count_on_commit(recipient.pk)
    return notification


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
