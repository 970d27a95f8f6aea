from django.urls import path

app_name = "contracts"

urlpatterns: list[path] = []  # type: ignore[valid-type]
