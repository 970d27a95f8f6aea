"""The JSON API under /api/v1/: one router per domain app, token or session authentication."""

from workfair.accounts.api import router as accounts_router
from workfair.accounts.api_auth import api_auth
from workfair.contracts.api import router as contracts_router
from workfair.core.api_errors import NulRefusingParser, WorkfairNinjaAPI, install_error_handlers
from workfair.feedback.api import router as feedback_router
from workfair.identity.api import router as identity_router
from workfair.jobs.api import router as jobs_router
from workfair.messaging.api import router as messaging_router
from workfair.notifications.api import router as notifications_router
from workfair.payments.api import router as payments_router
from workfair.profiles.api import router as profiles_router
from workfair.proposals.api import router as proposals_router
from workfair.support.api import router as support_router
from workfair.trust.api import router as trust_router

api = WorkfairNinjaAPI(
    title="Workfair API",
    version="1",
    description="The Workfair marketplace: jobs, proposals, offers, contracts, messages, payments.",
    auth=api_auth,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=NulRefusingParser(),
)
install_error_handlers(api)
api.add_router("/auth", accounts_router)
api.add_router("/profiles", profiles_router)
api.add_router("/jobs", jobs_router)
api.add_router("/proposals", proposals_router)
api.add_router("/contracts", contracts_router)
api.add_router("/feedback", feedback_router)
api.add_router("/conversations", messaging_router)
api.add_router("/notifications", notifications_router)
api.add_router("/identity", identity_router)
api.add_router("/payments", payments_router)
api.add_router("/trust", trust_router)
api.add_router("/support", support_router)
