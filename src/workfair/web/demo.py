"""The demo marketplace built by `workfair seed` (filled in by the seed work)."""

from __future__ import annotations

DEMO_PASSWORD = "workfair-demo"  # noqa: S105 - published demo login, dev data only
DEMO_CLIENT_EMAIL = "client@demo.workfair.local"
DEMO_FREELANCER_EMAIL = "freelancer@demo.workfair.local"


def demo_exists() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email=DEMO_CLIENT_EMAIL).exists()


def print_demo_logins(*, port: int) -> None:
    print(
        f"\nWorkfair is running at http://127.0.0.1:{port}\n"
        f"Demo logins (password: {DEMO_PASSWORD}):\n"
        f"  client:     {DEMO_CLIENT_EMAIL}\n  freelancer: {DEMO_FREELANCER_EMAIL}\n",
        flush=True,
    )
