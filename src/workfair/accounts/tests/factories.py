"""Factories for people. Tests build their world with these, never with raw `objects.create`."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

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
