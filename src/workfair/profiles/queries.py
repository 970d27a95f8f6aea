"""Every read of profiles that depends on who is asking.

The visibility rule lives in one place: `can_view_profile` for one profile and
`visible_to_q` for lists; both are built from `relationship_q`, so a page, a list and the API
can never disagree about who sees what. A refused profile reads as missing (NotFound).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from workfair.contracts.models import Contract, Offer
from workfair.core.errors import NotFound
from workfair.core.pagination import PageRequest
from workfair.jobs.models import Job
from workfair.jobs.states import JobStatus
from workfair.messaging.models import Conversation
from workfair.profiles.models import ClientProfile, EmploymentItem, FreelancerProfile, PortfolioItem
from workfair.profiles.screening import mark_hidden_text
from workfair.profiles.states import Visibility
from workfair.proposals.models import Invitation, Proposal

User = get_user_model()

OwnerRef = int | OuterRef


def _pair_q(viewer_id: int, owner: OwnerRef, client_field: str, freelancer_field: str) -> Q:
    """The viewer and the owner on either side of a client/freelancer pair."""
    return Q(**{client_field: viewer_id, freelancer_field: owner}) | Q(
        **{client_field: owner, freelancer_field: viewer_id}
    )


def relationship_q(viewer_id: int, owner: OwnerRef) -> Q:
    """True where the viewer and the owner (an id, or OuterRef to a user id) have an invitation,
    a proposal, an offer, a contract or a conversation between them, in either direction."""
    return (
        Q(Exists(Invitation.objects.filter(_pair_q(viewer_id, owner, "client_id", "freelancer_id"))))
        | Q(Exists(Proposal.objects.filter(_pair_q(viewer_id, owner, "job__client_id", "freelancer_id"))))
        | Q(Exists(Offer.objects.filter(_pair_q(viewer_id, owner, "client_id", "freelancer_id"))))
        | Q(Exists(Contract.objects.filter(_pair_q(viewer_id, owner, "client_id", "freelancer_id"))))
        | Q(Exists(Conversation.objects.filter(_pair_q(viewer_id, owner, "client_id", "freelancer_id"))))
    )


def has_relationship(viewer: Any, owner: Any) -> bool:
    """Whether the two people have worked or talked together (see `relationship_q`)."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    return User.objects.filter(pk=owner.pk).filter(relationship_q(viewer.pk, owner.pk)).exists()


def can_view_profile(viewer: Any, owner: Any, visibility: str) -> bool:
    """THE visibility rule. public: anyone; members: anyone signed in; private: the owner, staff,
    and people with a relationship to the owner (invitation, proposal, offer, contract,
    conversation). An inactive owner's profile is seen only by the owner and staff."""
    signed_in = bool(getattr(viewer, "is_authenticated", False))
    if signed_in and (viewer.pk == owner.pk or viewer.is_staff):
        return True
    if not owner.is_active:
        return False
    if visibility == Visibility.PUBLIC:
        return True
    if not signed_in:
        return False
    if visibility == Visibility.MEMBERS:
        return True
    return has_relationship(viewer, owner)


def visible_to_q(viewer: Any, *, user_field: str = "user") -> Q:
    """The list form of `can_view_profile`: a filter on a profile queryset (field `visibility`
    and a user foreign key named `user_field`)."""
    signed_in = bool(getattr(viewer, "is_authenticated", False))
    if signed_in and viewer.is_staff:
        return Q()
    active = Q(**{f"{user_field}__is_active": True})
    if not signed_in:
        return active & Q(visibility=Visibility.PUBLIC)
    own = Q(**{f"{user_field}_id": viewer.pk})
    related = Q(visibility=Visibility.PRIVATE) & relationship_q(viewer.pk, OuterRef(f"{user_field}_id"))
    return own | (active & (Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]) | related))


# --- Freelancers ---------------------------------------------------------------------------


def _freelancer_base() -> QuerySet[FreelancerProfile]:
    return FreelancerProfile.objects.select_related("user").filter(user__is_freelancer=True)


def search_freelancers(
    viewer: Any, *, q: str = "", skill: str = "", page: PageRequest | None = None
) -> tuple[list[FreelancerProfile], int]:
    """Freelancer profiles the viewer may see, matching `q` (title, overview or a skill name) and
    `skill` (a skill slug); newest first. Returns (the page, the total count). Skills are
    prefetched: the list costs a fixed number of queries whatever its length."""
    page = page or PageRequest()
    qs = _freelancer_base().filter(visible_to_q(viewer))
    words = q.split()[:8]
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(overview__icontains=word)
            | Q(
                Exists(
                    FreelancerProfile.skills.through.objects.filter(
                        freelancerprofile_id=OuterRef("pk"), skill__name__icontains=word
                    )
                )
            )
        )
    if skill:
        qs = qs.filter(
            Exists(
                FreelancerProfile.skills.through.objects.filter(
                    freelancerprofile_id=OuterRef("pk"), skill__slug=skill.strip().lower()
                )
            )
        )
    total = qs.count()
    items = list(qs.order_by("-updated_at", "-id").prefetch_related("skills")[page.offset : page.offset + page.size])
    mark_hidden_text(items)
    return items, total


def access_freelancer_profile(viewer: Any, user_id: int) -> FreelancerProfile:
    """The freelancer profile of user `user_id`, with skills, portfolio and work history loaded,
    if the viewer may see it; NotFound otherwise (missing and hidden read the same)."""
    profile = (
        _freelancer_base()
        .prefetch_related("skills", "portfolio_items", "employment_items")
        .filter(user_id=user_id)
        .first()
    )
    if profile is None or not can_view_profile(viewer, profile.user, profile.visibility):
        raise NotFound("No such freelancer.")
    mark_hidden_text([profile])
    return profile


def own_freelancer_profile(user: Any) -> FreelancerProfile | None:
    """The person's own freelancer profile (any visibility), or None."""
    profile = (
        FreelancerProfile.objects.select_related("user")
        .prefetch_related("skills", "portfolio_items", "employment_items")
        .filter(user_id=user.pk)
        .first()
    )
    if profile is not None:
        mark_hidden_text([profile])
    return profile


def access_portfolio_item_by_id(actor: Any, item_id: int) -> PortfolioItem:
    """One of the actor's own portfolio items; NotFound for anyone else's."""
    item = PortfolioItem.objects.filter(pk=item_id, profile__user_id=actor.pk).first()
    if item is None:
        raise NotFound("No such portfolio item.")
    return item


def access_employment_item_by_id(actor: Any, item_id: int) -> EmploymentItem:
    """One of the actor's own work-history entries; NotFound for anyone else's."""
    item = EmploymentItem.objects.filter(pk=item_id, profile__user_id=actor.pk).first()
    if item is None:
        raise NotFound("No such work-history entry.")
    return item


# --- Clients -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HiringHistory:
    jobs_posted: int
    hires: int
    member_since: Any  # datetime


def _count_subquery(qs: QuerySet[Any], field: str) -> Coalesce:
    counted = qs.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def with_hiring_history(qs: QuerySet[ClientProfile]) -> QuerySet[ClientProfile]:
    """Annotate client profiles with `jobs_posted` (posts that went past draft) and `hires`
    (contracts started), computed in the same query as the profiles."""
    jobs = Job.objects.filter(client_id=OuterRef("user_id")).exclude(status=JobStatus.DRAFT)
    contracts = Contract.objects.filter(client_id=OuterRef("user_id"))
    return qs.annotate(
        jobs_posted=_count_subquery(jobs, "client_id"),
        hires=_count_subquery(contracts, "client_id"),
    )


def hiring_history(profile: ClientProfile) -> HiringHistory:
    """The hiring history of an annotated profile (see `with_hiring_history`)."""
    return HiringHistory(
        jobs_posted=getattr(profile, "jobs_posted", 0),
        hires=getattr(profile, "hires", 0),
        member_since=profile.user.date_joined,
    )


def access_client_profile(viewer: Any, user_id: int) -> ClientProfile:
    """The client profile of user `user_id` with its hiring history annotated, if the viewer may
    see it; NotFound otherwise."""
    profile = (
        with_hiring_history(ClientProfile.objects.select_related("user", "organization"))
        .filter(user_id=user_id, user__is_client=True)
        .first()
    )
    if profile is None or not can_view_profile(viewer, profile.user, profile.visibility):
        raise NotFound("No such client.")
    mark_hidden_text([profile])
    return profile


def own_client_profile(user: Any) -> ClientProfile | None:
    """The person's own client profile (any visibility), or None."""
    profile = with_hiring_history(ClientProfile.objects.select_related("user")).filter(user_id=user.pk).first()
    if profile is not None:
        mark_hidden_text([profile])
    return profile


def sees_hidden_text(viewer: Any, profile: FreelancerProfile | ClientProfile) -> bool:
    """Public text a trust decision hides (`profile.text_hidden`, see `profiles.screening`) is
    still shown to its owner, who must be able to fix it, and to staff."""
    return bool(getattr(viewer, "is_authenticated", False)) and (viewer.pk == profile.user_id or viewer.is_staff)


def own_photo_url(user: Any) -> str:
    """The URL of the person's profile photo, or "" when they have none (one indexed look-up)."""
    name = FreelancerProfile.objects.filter(user_id=user.pk).values_list("photo", flat=True).first()
    return FreelancerProfile._meta.get_field("photo").storage.url(name) if name else ""
