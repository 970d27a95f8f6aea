from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "Workfair",
        "DEBUG": settings.DEBUG,
        "SUPPORT_EMAIL": getattr(settings, "WORKFAIR_SUPPORT_EMAIL", ""),
    }
