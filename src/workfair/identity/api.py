"""The identity API: /api/v1/identity/phone/... and /api/v1/identity/verification/..."""

from __future__ import annotations

from ninja import Router

from workfair.identity.phone.api import router as phone_router
from workfair.identity.verification.api import router as verification_router

router = Router(tags=["identity"])
router.add_router("/phone", phone_router)
router.add_router("/verification", verification_router)
