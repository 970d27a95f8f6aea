from django.urls import path

app_name = "proposals"

urlpatterns: list[path] = []  # type: ignore[valid-type]
