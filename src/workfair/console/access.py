"""The one door to the staff console: signed in, a staff role, and two-factor passed in this very
session. The decorator is the trust engine's (`workfair.trust.interface.console_view`, used by the
staff pages of other apps too); the two-factor step is the accounts app's, registered with the
engine, and the Django admin takes the same step (`console.admin_site`)."""

from workfair.accounts.two_factor import staff_two_factor_step
from workfair.trust.interface import console_view, require_console_role

__all__ = ["console_view", "require_console_role", "staff_two_factor_step"]
