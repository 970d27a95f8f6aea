from __future__ import annotations

import pytest

from workfair.messaging.models import Conversation
from workfair.messaging.tests.factories import ConversationFactory


@pytest.fixture
def conversation(client_user, freelancer_user) -> Conversation:  # type: ignore[no-untyped-def]
    return ConversationFactory(client=client_user, freelancer=freelancer_user, subject="Landing page for Acme")
