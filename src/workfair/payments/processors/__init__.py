"""Payment processors behind one interface (`base.Processor`): `sandbox` (default, no network)
and `stripe`. `get_processor()` returns the configured one."""

from __future__ import annotations

from workfair.payments.config import setting
from workfair.payments.processors.base import Processor


def get_processor(name: str | None = None) -> Processor:
    name = name or str(setting("PROCESSOR"))
    if name == "sandbox":
        from workfair.payments.processors.sandbox import SandboxProcessor

        return SandboxProcessor()
    if name == "stripe":
        from workfair.payments.processors.stripe_adapter import StripeProcessor

        return StripeProcessor(
            secret_key=str(setting("STRIPE_SECRET_KEY")), webhook_secret=str(setting("STRIPE_WEBHOOK_SECRET"))
        )
    raise ValueError(f"unknown payment processor {name!r} (sandbox or stripe)")
