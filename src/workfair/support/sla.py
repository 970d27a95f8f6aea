"""The first-response clock of support tickets (docs/rules.md, "Support"): the first staff answer is
due FIRST_RESPONSE_HOURS after a ticket is opened, counted around the clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def first_response_hours() -> int:
    return int(getattr(settings, "WORKFAIR_SUPPORT", {}).get("FIRST_RESPONSE_HOURS", 4))


def first_response_due(opened_at: dt.datetime) -> dt.datetime:
    return opened_at + dt.timedelta(hours=first_response_hours())
