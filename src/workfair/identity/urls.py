"""Identity's pages: each area keeps its own URLconf; all names live in the "identity" namespace."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "identity"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("workfair.identity.phone.urls")),
    path("", include("workfair.identity.verification.urls")),
    path("", include("workfair.identity.stepup.urls")),
    path("", include("workfair.identity.staff.urls")),
]
