from django.urls import path

app_name = "profiles"

urlpatterns: list[path] = []  # type: ignore[valid-type]
