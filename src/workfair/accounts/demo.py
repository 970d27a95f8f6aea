"""The demo marketplace's people (steps of `workfair.demo`): signed-up people with a verified
address and phone, the organisations some clients share, and the staff account.

`People` is what the later steps know of them; `person()` and `pick_freelancers()` serve the
profiles step and the stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from workfair.accounts.actions import do_add_member, do_complete_signup, do_create_organization, do_update_name
from workfair.accounts.demo_text import FIRST_NAMES, LAST_NAMES
from workfair.accounts.models import Organization, User
from workfair.accounts.states import NameDisplay, OrganizationRole
from workfair.core import clock
from workfair.core.audit import record_audit
from workfair.core.demo import SeedContext

DEMO_PASSWORD = "workfair-demo"  # noqa: S105 - published demo login, dev data only
DEMO_DOMAIN = "demo.workfair.local"
DEMO_CLIENT_EMAIL = f"client@{DEMO_DOMAIN}"
DEMO_FREELANCER_EMAIL = f"freelancer@{DEMO_DOMAIN}"
DEMO_ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
# The demo staff account's authenticator key, published like its password: staff pages need a
# two-factor code in the session, and a newcomer trying the console has no app set up for a made-up
# account. `workfair demo-code` prints the current code for this key (and for nothing else).
DEMO_STAFF_TOTP_SECRET = "O5XXE23GMFUXEIDEMVWW6IDTORQWMZRB"  # noqa: S105 - published demo key, dev data only


def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


@dataclass
class People:
    """The people built so far and what the later steps need to know about them."""

    # One hash for every demo account: hashing the same published password seventy times would
    # cost most of the seed's time and protect nothing.
    password_hash: str = field(default_factory=_demo_password_hash)
    # What other domains do for every new person, in order (identity: a verified phone); the demo
    # app fills it before the first step, as accounts stands below those domains.
    welcome: list[Callable[[SeedContext, User], None]] = field(default_factory=list)
    admin: User | None = None
    freelancers: list[User] = field(default_factory=list)
    clients: list[User] = field(default_factory=list)
    category_of: dict[int, int] = field(default_factory=dict)  # freelancer id -> main category (profiles step)
    company_of: dict[int, str] = field(default_factory=dict)  # client id -> company name (profiles step)
    organization_of: dict[int, Organization] = field(default_factory=dict)
    # The name lists, shuffled by the seed when the first generated name is asked for.
    firsts: list[str] = field(default_factory=list)
    lasts: list[str] = field(default_factory=list)
    name_index: int = 0
    names_taken: set[tuple[str, str]] = field(default_factory=set)
    emails_taken: set[str] = field(default_factory=set)


def person(
    context: SeedContext, *, first: str, last: str, email: str, client: bool, freelancer: bool, joined_ago: float
) -> User:
    """A signed-up person with a verified e-mail address and the demo password."""
    people = context.built(People)
    with context.at(joined_ago):
        user = User.objects.create(
            email=email, password=people.password_hash, first_name=first, last_name=last, date_joined=clock.now()
        )
        do_complete_signup(user, first_name=first, last_name=last, is_client=client, is_freelancer=freelancer)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        for welcome in people.welcome:
            welcome(context, user)
        if context.rng.random() < 0.15:
            do_update_name(user, first_name=first, last_name=last, name_display=NameDisplay.FULL)
    return user


def generated_person(context: SeedContext, *, client: bool, freelancer: bool) -> User:
    """A person with the next generated name, who joined 160 to 700 days ago."""
    first, last = next_name(context)
    return person(
        context,
        first=first,
        last=last,
        email=email_for(context, first, last),
        client=client,
        freelancer=freelancer,
        joined_ago=context.rng.uniform(160, 700),
    )


def next_name(context: SeedContext) -> tuple[str, str]:
    """A first and a last name: neither repeats until its list runs out, and no pair repeats."""
    people = context.built(People)
    if not people.firsts:
        people.firsts, people.lasts = list(FIRST_NAMES), list(LAST_NAMES)
        context.rng.shuffle(people.firsts)
        context.rng.shuffle(people.lasts)
    firsts, lasts = people.firsts, people.lasts
    while True:
        i = people.name_index
        people.name_index += 1
        pair = (firsts[i % len(firsts)], lasts[(i + i // len(lasts)) % len(lasts)])
        if pair not in people.names_taken:
            people.names_taken.add(pair)
            return pair


def email_for(context: SeedContext, first: str, last: str) -> str:
    taken = context.built(People).emails_taken
    base = f"{slugify(first)}.{slugify(last)}"
    email, number = f"{base}@{DEMO_DOMAIN}", 1
    while email in taken:
        number += 1
        email = f"{base}{number}@{DEMO_DOMAIN}"
    taken.add(email)
    return email


def pick_freelancers(
    context: SeedContext, category_index: int, count: int, *, exclude: Sequence[User] = ()
) -> list[User]:
    """Mostly freelancers of the category, a few from elsewhere."""
    people = context.built(People)
    excluded = {user.pk for user in exclude}
    matching = [f for f in people.freelancers if people.category_of[f.pk] == category_index and f.pk not in excluded]
    others = [f for f in people.freelancers if people.category_of[f.pk] != category_index and f.pk not in excluded]
    context.rng.shuffle(matching)
    context.rng.shuffle(others)
    picked = matching[: max(1, count - 1)]
    return (picked + others)[:count]


def build_organizations(context: SeedContext) -> None:
    """Every fifth client owns an organisation; the next client joins it as admin or member."""
    people = context.built(People)
    clients = people.clients
    for index in range(0, len(clients) - 1, 5):
        owner, member = clients[index], clients[index + 1]
        with context.at(context.rng.uniform(120, 149)):
            org = do_create_organization(owner, people.company_of[owner.pk])
            role = OrganizationRole.ADMIN if index % 2 == 0 else OrganizationRole.MEMBER
            do_add_member(owner, org, member.email, role)
        people.organization_of[owner.pk] = org
        people.organization_of[member.pk] = org


def build_staff(context: SeedContext) -> None:
    """The staff superuser (the identity step opens live video checks with them)."""
    with context.at(720):
        admin = User.objects.create(
            email=DEMO_ADMIN_EMAIL,
            password=context.built(People).password_hash,
            first_name="Alex",
            last_name="Admin",
            is_staff=True,
            is_superuser=True,
            date_joined=clock.now(),
        )
        EmailAddress.objects.create(user=admin, email=DEMO_ADMIN_EMAIL, primary=True, verified=True)
        TOTP.activate(admin, DEMO_STAFF_TOTP_SECRET)
        record_audit(actor=None, action="user.demo_staff_created", target=admin)
    context.built(People).admin = admin


def demo_staff_code() -> str:
    """The current two-factor code of the demo staff account, when its authenticator holds the
    published demo key. Raises `LookupError` with the reason otherwise (no demo, or a real key)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user__email=DEMO_ADMIN_EMAIL, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        raise LookupError(f"There is no demo staff account with an authenticator ({DEMO_ADMIN_EMAIL}).")
    if decrypt(authenticator.data["secret"]) != DEMO_STAFF_TOTP_SECRET:
        raise LookupError("The demo staff account's authenticator is not the published demo key.")
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(DEMO_STAFF_TOTP_SECRET, counters[len(counters) // 2]))
