from django.urls import path

app_name = "notifications"

urlpatterns: list[path] = []  # type: ignore[valid-type]
