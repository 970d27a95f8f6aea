from django.urls import URLPattern, URLResolver

from workfair.identity import console_views, phone_views, stepup_views, views

app_name = "identity"

urlpatterns: list[URLPattern | URLResolver] = [
    *phone_views.urlpatterns,
    *views.urlpatterns,
    *stepup_views.urlpatterns,
    *console_views.urlpatterns,
]
