"""Authentication endpoints: exchange e-mail and password for an API token."""

from ninja import Router

router = Router()
