from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api
from workfair.ops.health import healthz, readyz
from workfair.ops.metrics import metrics

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("workfair.accounts.urls")),
    path("", include("workfair.profiles.urls")),
    path("", include("workfair.jobs.urls")),
    path("", include("workfair.proposals.urls")),
    path("", include("workfair.contracts.urls")),
    path("", include("workfair.feedback.urls")),
    path("", include("workfair.payments.urls")),
    path("", include("workfair.messaging.urls")),
    path("", include("workfair.support.urls")),
    path("", include("workfair.notifications.urls")),
    path("", include("workfair.identity.urls")),
    path("", include("workfair.trust.urls")),
    path("", include("workfair.console.urls")),
    path("", include("workfair.minding.urls")),
    path("", include("workfair.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
