"""Web pages of identity verification: the hub, documents and selfie, video check booking."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
