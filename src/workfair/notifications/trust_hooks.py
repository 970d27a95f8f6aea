"""The trust engine tells people about decisions, appeals and escalations through in-app
notifications and their e-mail copies. Registered from `NotificationsConfig.ready`."""

from __future__ import annotations

from workfair.notifications.actions import do_notify
from workfair.trust import interface as trust


def register() -> None:
    trust.register_notifier(do_notify)
