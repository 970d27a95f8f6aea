"""Message attachments are private files (issue 10, item 6): outside MEDIA_ROOT, no public URL,
read only through the participants' download view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from workfair.accounts.tests.factories import ClientFactory
from workfair.messaging.actions import do_send_message

pytestmark = pytest.mark.django_db


def test_a_message_attachment_lives_in_the_private_folder(
    conversation: Any, client_user: Any, freelancer_user: Any, settings: Any
) -> None:
    message = do_send_message(
        actor=client_user, conversation=conversation, body="The brief",
        attachments=[SimpleUploadedFile("Acme brief.pdf", b"%PDF-1.4 brief")],
    )  # fmt: skip
    attachment = message.attachments.get()

    assert "Acme" not in attachment.file.name
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert (Path(settings.PRIVATE_FILES_ROOT) / attachment.file.name).read_bytes() == b"%PDF-1.4 brief"
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018
    reader = Client()
    reader.force_login(freelancer_user)
    download = reader.get(f"/messages/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="Acme brief.pdf"'
    stranger = Client()
    stranger.force_login(ClientFactory())
    assert stranger.get(f"/messages/attachments/{attachment.pk}/").status_code == 404
