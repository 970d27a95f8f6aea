"""The project's URLs plus the trust and console pages (until the lead mounts them in config.urls)."""

from django.urls import include, path
from ninja import NinjaAPI

from config.urls import urlpatterns as project_urlpatterns
from workfair.accounts.api_auth import api_auth
from workfair.core.api_errors import install_error_handlers
from workfair.trust.api import router as trust_router

trust_api = NinjaAPI(auth=api_auth, urls_namespace="trust-test-api", docs_url=None, openapi_url=None)
install_error_handlers(trust_api)
trust_api.add_router("/trust", trust_router)

urlpatterns = [
    path("api/v1/", trust_api.urls),
    path("", include("workfair.trust.urls")),
    path("", include("workfair.console.urls")),
    *project_urlpatterns,
]
