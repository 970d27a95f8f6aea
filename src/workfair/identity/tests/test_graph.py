"""The identity graph: identifiers are stored hashed, shared ones link accounts, the trust engine
decides on the links (block a banned person's new account, hold a duplicate, warn on a device)."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workfair.accounts.models import User
from workfair.accounts.tests.factories import UserFactory
from workfair.identity.graph.actions import check_identifiers
from workfair.identity.graph.drawing import render_graph_svg
from workfair.identity.graph.hashing import identifier_hash
from workfair.identity.graph.links import client_ip, near_limit
from workfair.identity.graph.queries import linked_accounts, mask_email
from workfair.identity.models import Identifier
from workfair.trust.models import AccountStanding, Case, Signal
from workfair.trust.tests.factories import set_standing

pytestmark = pytest.mark.django_db

PHONE = "+447700900123"
DOC = "UTO:L898902C3"


def _user(**kwargs: Any) -> User:
    return cast(User, UserFactory(**kwargs))


def _banned_with(*identifiers: tuple[str, str]) -> Any:
    banned = _user(is_freelancer=True)
    check_identifiers(banned, list(identifiers), signal_kind="phone.verified")
    set_standing(banned, "banned", reason="Scams")
    return banned


def test_identifiers_are_stored_hashed_and_seen_again() -> None:
    user = _user()
    check_identifiers(user, [("phone", "+44 7700 900123"), ("email", "Jane.Doe@gmail.com")], signal_kind="signup")
    rows = {r.kind: r for r in Identifier.objects.filter(user=user)}
    assert rows["phone"].value == identifier_hash("phone", PHONE)
    assert rows["email"].value == identifier_hash("email", "janedoe@gmail.com")
    assert PHONE not in rows["phone"].value
    first_seen = rows["phone"].first_seen
    check_identifiers(user, [("phone", PHONE)], signal_kind="login")
    again = Identifier.objects.get(user=user, kind="phone")
    assert Identifier.objects.filter(user=user).count() == 2
    assert again.first_seen == first_seen
    assert again.last_seen >= first_seen


def test_nothing_shared_is_allowed_and_the_signal_says_so() -> None:
    _user(is_freelancer=True)
    user = _user()
    result = check_identifiers(user, [("phone", PHONE)], signal_kind="signup")
    assert result.outcome == "allow"
    signal = Signal.objects.get(pk=result.signal.pk)
    assert signal.kind == "signup"
    assert signal.surface == "account"
    assert signal.context["identity_links"] == []
    assert signal.context["banned_strong_links"] == 0


def test_strong_link_to_a_banned_account_blocks_suspends_and_opens_an_identity_case() -> None:
    banned = _banned_with(("phone", PHONE), ("document", DOC))
    newcomer = _user()
    result = check_identifiers(newcomer, [("phone", "+44 7700 900 123")], signal_kind="phone.verified")
    assert result.outcome == "block"
    context = Signal.objects.get(pk=result.signal.pk).context
    assert context["banned_strong_links"] == 1
    assert {"account_id": banned.pk, "kind": "phone", "strength": "strong", "standing": "banned"} in context[
        "identity_links"
    ]
    assert AccountStanding.objects.get(user=newcomer).level == "suspended"
    assert Case.objects.filter(queue="identity", subject_id=newcomer.pk).exists()


def test_weak_link_to_a_banned_account_only_warns() -> None:
    _banned_with(("device", "device-abc"))
    newcomer = _user()
    result = check_identifiers(newcomer, [("device", "device-abc")], signal_kind="signup")
    assert result.outcome == "warn"
    assert Signal.objects.get(pk=result.signal.pk).context["banned_weak_links"] == 1
    assert not AccountStanding.objects.filter(user=newcomer, level__in=["suspended", "banned"]).exists()


def test_strong_link_to_a_live_account_is_held_as_a_duplicate() -> None:
    other = _user()
    check_identifiers(other, [("document", DOC)], signal_kind="identity.submitted")
    newcomer = _user()
    result = check_identifiers(newcomer, [("document", "uto:l898 902 c3")], signal_kind="identity.submitted")
    assert result.outcome == "hold"
    assert Signal.objects.get(pk=result.signal.pk).context["existing_strong_links"] == 1


def test_login_links_are_recorded_but_decide_nothing() -> None:
    _banned_with(("phone", PHONE))
    user = _user()
    result = check_identifiers(user, [("phone", PHONE)], signal_kind="login")
    assert result.outcome == "allow"
    assert Signal.objects.get(pk=result.signal.pk).context["banned_strong_links"] == 1


def test_near_copies_of_a_picture_link_but_distant_ones_do_not() -> None:
    banned = _banned_with(("face", "abcd0000000000ff"))
    near = _user()
    result = check_identifiers(near, [("face", "abcd0000000000f0")], signal_kind="identity.submitted")  # 4 bits
    links = Signal.objects.get(pk=result.signal.pk).context["identity_links"]
    assert links == [{"account_id": banned.pk, "kind": "face", "strength": "strong", "standing": "banned",
                      "distance": 4}]  # fmt: skip
    far = _user()
    result = check_identifiers(far, [("face", "abcd00000000ff00")], signal_kind="identity.submitted")  # 16 bits
    assert not [
        x for x in Signal.objects.get(pk=result.signal.pk).context["identity_links"] if x["account_id"] == banned.pk
    ]
    assert near_limit(16) == 6
    assert near_limit(64) == 24


def test_one_query_finds_every_link(django_assert_max_num_queries: Any) -> None:
    from workfair.identity.graph.links import find_links, hashed_identifiers

    _banned_with(("phone", PHONE), ("device", "d1"), ("email", "x@example.com"))
    user = _user()
    pairs = hashed_identifiers([("phone", PHONE), ("device", "d1"), ("email", "x@example.com"), ("ip", "10.0.0.1")])
    with CaptureQueriesContext(connection) as queries:
        links = find_links(user.pk, pairs)
    assert len(queries) == 2  # the links, then the standings
    assert {x.kind for x in links} == {"phone", "device", "email"}


def test_request_adds_device_ip_and_network(rf: Any, settings: Any) -> None:
    user = _user()
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    request.device_id = "dev-1"
    check_identifiers(user, [], signal_kind="signup", request=request)
    kinds = dict(Identifier.objects.filter(user=user).values_list("kind", "value"))
    assert kinds == {"device": identifier_hash("device", "dev-1"), "ip": identifier_hash("ip", "203.0.113.5"),
                     "network": identifier_hash("network", "203.0.113.0/24")}  # fmt: skip
    assert client_ip(request) == "203.0.113.5"  # the header is ignored unless trusted
    settings.WORKFAIR_IDENTITY = {**settings.WORKFAIR_IDENTITY, "TRUSTED_PROXY_HEADER": "HTTP_X_FORWARDED_FOR"}
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert client_ip(request) == "198.51.100.1"


def test_linked_accounts_walks_two_hops_and_masks_emails() -> None:
    centre = _user(email="centre@example.com")
    a = _user(email="alice@example.com")
    b = _user(email="bob@example.com")
    stranger = _user()
    check_identifiers(centre, [("phone", PHONE), ("ip", "10.0.0.1")], signal_kind="login")
    check_identifiers(a, [("phone", PHONE), ("device", "shared-device")], signal_kind="login")
    check_identifiers(b, [("device", "shared-device")], signal_kind="login")
    check_identifiers(stranger, [("ip", "10.0.0.9")], signal_kind="login")
    set_standing(a, "banned")
    graph = linked_accounts(centre.pk)
    assert [n.user_id for n in graph.nodes] == [centre.pk, a.pk, b.pk]
    node = graph.node(a.pk)
    assert node is not None
    assert node.standing == "banned"
    assert node.email == "a***@example.com"
    edges = {(e.source, e.target): e for e in graph.edges}
    assert edges[(min(centre.pk, a.pk), max(centre.pk, a.pk))].kinds == ("phone",)
    assert edges[(min(a.pk, b.pk), max(a.pk, b.pk))].strong is False
    assert [n.user_id for n in linked_accounts(centre.pk, depth=1).nodes] == [centre.pk, a.pk]
    limited = linked_accounts(centre.pk, limit=2)
    assert len(limited.nodes) == 2
    assert limited.truncated


def test_graph_svg_escapes_and_labels_edges() -> None:
    from workfair.identity.graph.queries import GraphEdge, GraphNode, LinkedGraph

    graph = LinkedGraph(
        centre=1,
        nodes=[GraphNode(1, "<script>@x", "none", 0), GraphNode(2, "b***@example.com", "banned", 1)],
        edges=[GraphEdge(1, 2, ("document", "phone"))],
    )
    svg = render_graph_svg(graph)
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "document, phone" in svg
    assert "banned" in svg
    assert "b***@example.com" in svg
    assert mask_email("jane@example.com") == "j***@example.com"


def test_accounts_sharing_one_identifier_are_drawn_as_a_star_not_a_clique() -> None:
    centre = _user()
    others = [_user() for _ in range(5)]
    for account in [centre, *others]:
        check_identifiers(account, [("device", "one-device")], signal_kind="login")
    graph = linked_accounts(centre.pk)
    assert len(graph.nodes) == 6
    assert {(e.source, e.target) for e in graph.edges} == {(centre.pk, o.pk) for o in others}
