from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "workfair.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from workfair.core import files  # noqa: F401 - registers the private files' system check

        user_logged_out.connect(_close_sockets_on_logout, dispatch_uid="workfair.core.close_sockets_on_logout")


def _close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Log-out ends the session: its live sockets close too (core.realtime.SessionBoundSocket).
    Sent before the session is flushed, so its key is still known here."""
    if user is None or not getattr(user, "pk", None):
        return
    from workfair.core.realtime import close_sockets_of_session

    session = getattr(request, "session", None)
    close_sockets_of_session(user.pk, getattr(session, "session_key", None))
