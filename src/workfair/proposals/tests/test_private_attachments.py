"""Proposal attachments are private files (issue 10, item 6): stored under a random name outside
MEDIA_ROOT, never given a public URL, and read only through the permission-checked download view,
which hands the file to the web server (X-Accel-Redirect / X-Sendfile) when the settings say so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from workfair.accounts.tests.factories import ClientFactory, FreelancerFactory
from workfair.core import clock
from workfair.core.files import check_private_files, move_to_private_storage
from workfair.proposals.models import Proposal, ProposalAttachment
from workfair.proposals.tests.conftest import logged_in
from workfair.proposals.tests.factories import COVER_LETTER, ProposalFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _apply_with(freelancer: Any, job: Any, filename: str) -> ProposalAttachment:
    response = logged_in(freelancer).post(
        f"/jobs/{job.pk}/apply/",
        {
            "cover_letter": COVER_LETTER,
            "amount": "350",
            "estimated_duration": "lt1m",
            "attachments": [SimpleUploadedFile(filename, PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    return Proposal.objects.get().attachments.get()


def _files_under(root: Any) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def test_an_attachment_is_stored_under_a_random_name_outside_the_media_folder(
    freelancer_user: Any, client_user: Any, job: Any, settings: Any
) -> None:
    attachment = _apply_with(freelancer_user, job, "Acme tender plan.pdf")

    assert attachment.name == "Acme tender plan.pdf"  # kept only as the download name
    stored = attachment.file.name
    assert "Acme" not in stored
    assert "plan" not in stored
    assert stored.startswith("proposal-attachments/")
    assert stored.endswith(".pdf")
    assert len(Path(stored).stem) == 32  # a random hex name, not guessable
    assert _files_under(settings.MEDIA_ROOT) == []
    assert [p.read_bytes() for p in _files_under(settings.PRIVATE_FILES_ROOT)] == [PDF]
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018
    download = logged_in(client_user).get(f"/proposals/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="Acme tender plan.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_x_accel_redirect_hands_the_file_to_nginx_after_the_check(
    freelancer_user: Any, client_user: Any, job: Any, settings: Any
) -> None:
    attachment = _apply_with(freelancer_user, job, "plan.pdf")
    settings.PRIVATE_FILES_SERVE = "x-accel-redirect"

    download = logged_in(client_user).get(f"/proposals/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["X-Accel-Redirect"] == f"/_private/{attachment.file.name}"
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert download.content == b""  # the web server sends the bytes
    for stranger in (FreelancerFactory(), ClientFactory()):
        refused = logged_in(stranger).get(f"/proposals/attachments/{attachment.pk}/")
        assert refused.status_code == 404
        assert "X-Accel-Redirect" not in refused


def test_x_sendfile_names_the_absolute_path(freelancer_user: Any, client_user: Any, job: Any, settings: Any) -> None:
    attachment = _apply_with(freelancer_user, job, "plan.pdf")
    settings.PRIVATE_FILES_SERVE = "x-sendfile"

    download = logged_in(client_user).get(f"/proposals/attachments/{attachment.pk}/")
    assert download.status_code == 200
    sent = Path(download["X-Sendfile"])
    assert sent.is_absolute()
    assert sent.read_bytes() == PDF
    assert Path(settings.PRIVATE_FILES_ROOT).resolve() in sent.parents


def test_the_data_migration_moves_old_public_files_to_private_random_names(settings: Any) -> None:
    proposal = ProposalFactory()
    old_name = default_storage.save("proposal-attachments/2026/11/Acme tender plan.pdf", ContentFile(PDF))
    row = ProposalAttachment.objects.create(
        proposal=proposal, file=old_name, name="Acme tender plan.pdf", size=len(PDF),
        content_type="application/pdf", created_at=clock.now(),
    )  # fmt: skip

    assert move_to_private_storage(ProposalAttachment, "file", "proposal-attachments") == 1

    row.refresh_from_db()
    assert row.file.name != old_name
    assert "Acme" not in row.file.name
    assert not default_storage.exists(old_name)
    assert _files_under(settings.MEDIA_ROOT) == []
    assert row.file.read() == PDF
    assert move_to_private_storage(ProposalAttachment, "file", "proposal-attachments") == 0  # idempotent


def test_the_private_folder_may_not_overlap_a_served_one(settings: Any, tmp_path: Path) -> None:
    assert check_private_files() == []
    settings.PRIVATE_FILES_ROOT = Path(settings.MEDIA_ROOT) / "private"
    assert [e.id for e in check_private_files()] == ["core.E011"]
    settings.PRIVATE_FILES_ROOT = tmp_path / "elsewhere"
    settings.PRIVATE_FILES_SERVE = "nginx"
    assert [e.id for e in check_private_files()] == ["core.E010"]
