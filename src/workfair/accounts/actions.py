"""Every write about accounts and organisations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from workfair.core.audit import record_audit


@transaction.atomic
def do_complete_signup(user: Any, *, first_name: str, last_name: str, is_client: bool, is_freelancer: bool) -> None:
    """Store the names and roles chosen at sign-up."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.is_client = is_client
    user.is_freelancer = is_freelancer
    user.save(update_fields=["first_name", "last_name", "is_client", "is_freelancer"])
    record_audit(actor=user, action="user.signup", target=user, data={"client": is_client, "freelancer": is_freelancer})
