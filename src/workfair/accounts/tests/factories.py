"""Factories for people. Tests build their world with these, never with raw `objects.create`."""

from __future__ import annotations

import time

import factory
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client, RequestFactory

from workfair.accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class ClientFactory(UserFactory):
    """A client with a verified payment card on file (offers need one); `payment_method=False`
    for a client who has not added one yet."""

    is_client = True

    @factory.post_generation
    def payment_method(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            from workfair.payments.tests.factories import verified_card

            verified_card(obj)


class FreelancerFactory(UserFactory):
    is_freelancer = True


# --- two-factor -------------------------------------------------------------------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # stored as is: the default MFA adapter does not encrypt


def with_totp(user: User) -> User:
    """Activate a TOTP authenticator (with `TOTP_SECRET`) for the person."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    return user


def totp_code(offset: int = 0) -> str:
    """The code an authenticator app with `TOTP_SECRET` shows now (`offset` steps of 30 s away)."""
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30 + offset))


def log_in_with_two_factor(client: Client, user: User) -> None:
    """Sign the test client in as someone who passed the two-factor step in this session: the same
    record allauth writes when a code is accepted (at log-in or on re-authentication)."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    record_authentication(request, user, "mfa", id=authenticator.pk if authenticator else None, type="totp")
    request.session.save()
