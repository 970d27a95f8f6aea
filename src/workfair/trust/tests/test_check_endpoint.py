"""Warn as you type: /trust/check/ (htmx fragment) and POST /api/v1/trust/check (JSON)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.contracts.tests.factories import proposal_for, started_contract
from workfair.core import clock
from workfair.messaging.tests.factories import ConversationFactory
from workfair.trust import checking
from workfair.trust.models import Decision, Signal

pytestmark = pytest.mark.django_db

PHONE = "Call me on nine two two six six four one zero eight two"
PHONE_WARNING = (
    "This looks like a phone number. Sharing contact details before a contract starts is not allowed; "
    "it will be hidden."
)


@pytest.fixture(autouse=True)
def _clean_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def conversation(client_user: Any, freelancer_user: Any) -> Any:
    for user in (client_user, freelancer_user):
        user.date_joined = clock.now() - dt.timedelta(days=30)
        user.save(update_fields=["date_joined"])
    return ConversationFactory(client=client_user, freelancer=freelancer_user)


def _api(user: Any, payload: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(user)
    return client.post("/api/v1/trust/check", payload, content_type="application/json")


def test_message_box_warns_about_a_phone_number_before_a_contract(
    client: Client, conversation: Any, freelancer_user: Any
) -> None:
    client.force_login(freelancer_user)
    response = client.post(
        "/trust/check/", {"body": PHONE, "field": "body", "surface": "message", "conversation_id": conversation.pk}
    )
    assert response.status_code == 200
    assert PHONE_WARNING in response.content.decode()
    assert not Signal.objects.exists()  # a check writes nothing
    assert not Decision.objects.exists()


def test_api_check_returns_decision_findings_and_masked_text(conversation: Any, freelancer_user: Any) -> None:
    response = _api(freelancer_user, {"text": PHONE, "surface": "message", "conversation_id": conversation.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "mask"
    assert body["masked_text"] == "Call me on [contact details hidden]"
    assert [(f["category"], f["kind"], PHONE[f["start"] : f["end"]] == f["text"]) for f in body["findings"]] == [
        ("contact", "phone", True)
    ]
    assert body["warnings"] == [PHONE_WARNING]


def test_after_the_contract_starts_the_phone_number_is_fine(conversation: Any, freelancer_user: Any) -> None:
    started_contract(proposal_for(client=conversation.client, freelancer=freelancer_user))
    body = _api(freelancer_user, {"text": PHONE, "surface": "message", "conversation_id": conversation.pk}).json()
    assert (body["decision"], body["findings"], body["warnings"]) == ("allow", [], [])


def test_honest_text_gets_no_warning(client: Client, conversation: Any, freelancer_user: Any) -> None:
    client.force_login(freelancer_user)
    response = client.post("/trust/check/", {"text": "I'm free 0900-1200 eastern", "surface": "message",
                                             "conversation_id": conversation.pk})  # fmt: skip
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_proposal_and_job_post_surfaces_are_checked(conversation: Any, client_user: Any, freelancer_user: Any) -> None:
    proposal = _api(freelancer_user, {"text": "Email me at jane.smith@gmail.com", "surface": "proposal"}).json()
    assert proposal["decision"] == "mask"
    assert (
        "This looks like an e-mail address. Job posts, proposals and profiles may not contain contact details; "
        "it will be hidden." in proposal["warnings"]
    )
    job = _api(client_user, {"text": "Write fake 5-star reviews for our app", "surface": "job_post"}).json()
    assert job["decision"] == "block"
    assert job["warnings"][0].endswith("the post would be refused.")


def test_someone_elses_conversation_is_not_found(conversation: Any) -> None:
    stranger = ClientFactory()
    response = _api(stranger, {"text": PHONE, "surface": "message", "conversation_id": conversation.pk})
    assert response.status_code == 404


def test_bad_requests_are_refused_clearly(conversation: Any, freelancer_user: Any) -> None:
    assert _api(freelancer_user, {"text": PHONE, "surface": "diary"}).status_code == 400
    assert _api(freelancer_user, {"text": PHONE, "surface": "message"}).status_code == 400
    assert _api(freelancer_user, {"text": "x" * 20_001, "surface": "proposal"}).status_code == 422


def test_visitors_cannot_check() -> None:
    assert Client().post("/api/v1/trust/check", {"text": PHONE, "surface": "proposal"},
                         content_type="application/json").status_code == 401  # fmt: skip
    assert Client().post("/trust/check/", {"text": PHONE, "surface": "proposal"}).status_code == 302


def test_checks_are_rate_limited_per_account(client: Client, freelancer_user: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(checking, "CHECKS_PER_MINUTE", 3)
    client.force_login(freelancer_user)
    codes = [client.post("/trust/check/", {"text": "hello", "surface": "proposal"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert _api(freelancer_user, {"text": "hello", "surface": "proposal"}).status_code == 429
    assert _api(ClientFactory(), {"text": "hello", "surface": "proposal"}).status_code == 200


def test_the_check_limit_counts_in_the_shared_cache(client: Client, freelancer_user: Any) -> None:
    """The counter lives in Django's cache (Redis when REDIS_URL is set), so every web process and
    the API count against the same limit."""
    from django.core.cache import cache

    from workfair.core import clock

    cache.clear()
    client.force_login(freelancer_user)
    with clock.frozen_at(clock.now().replace(second=0)):  # one window, whatever the time of the run
        for _ in range(2):
            assert client.post("/trust/check/", {"text": "hello", "surface": "proposal"}).status_code == 200
        assert _api(freelancer_user, {"text": "hello", "surface": "proposal"}).status_code == 200
        assert cache.get(f"trust:check:{freelancer_user.pk}:{clock.now():%Y%m%d%H%M}") == 3


def test_the_box_says_one_clear_sentence_per_problem(conversation: Any, freelancer_user: Any) -> None:
    # Issue 13 item 6: a PayPal offer with the account showed four lines, one saying "held for
    # review" and the others "hidden"; the e-mail was the PayPal account itself.
    text = "Can I pay you with PayPal instead? My paypal is jane.doe@gmail.com, we save the fee"
    body = _api(freelancer_user, {"text": text, "surface": "message", "conversation_id": conversation.pk}).json()
    assert body["decision"] == "hold"
    assert body["warnings"] == [
        "This looks like an offer to pay outside Workfair. Payments happen only through Workfair, even during "
        "a contract; it will be held for review.",
        "This looks like payment details. Payments happen only through Workfair, even during a contract; "
        "it will be held for review.",
    ]
    assert "jane.doe@gmail.com" not in body["masked_text"]
    assert body["masked_text"].startswith("Can I [payment details hidden]")  # the offer is hidden too


def test_an_invitation_with_its_address_is_one_problem_and_keeps_its_verb(
    conversation: Any, freelancer_user: Any
) -> None:
    text = "Can you email me at mike.r@yahoo.com"
    body = _api(freelancer_user, {"text": text, "surface": "message", "conversation_id": conversation.pk}).json()
    assert body["warnings"] == [
        "This looks like an e-mail address. Sharing contact details before a contract starts is not allowed; "
        "it will be hidden."
    ]
    assert body["masked_text"] == "Can you email me at [contact details hidden]"
