"""Every write about notifications. Other apps call `do_notify` to tell a person something."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from workfair.core import clock
from workfair.notifications.models import Notification

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
    """Create an in-app notification for `recipient`; e-mail a copy after the transaction commits."""
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
    return notification


def _send_email_copy(address: str, subject: str, text: str) -> None:
    try:
        send_mail(f"[Workfair] {subject}"[:200], text, None, [address])
    except Exception:  # an e-mail outage must not undo or fail the committed change
        logger.exception("notification e-mail to %s failed", address)
