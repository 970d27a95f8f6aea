"""The staff console's door is the trust engine's (`workfair.trust.interface.console_view`)."""

from workfair.trust.interface import console_view, require_console_role

__all__ = ["console_view", "require_console_role"]
