"""Staff console pages for identity: review queue, images side by side, video checks, linked accounts."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
