"""The API's body limit (core.middleware.ApiBodyLimitMiddleware) does not count a multipart form's
files: a message with a file larger than DATA_UPLOAD_MAX_MEMORY_SIZE is still sent; too large a
form or too many fields get JSON answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    api_client = Client()
    api_client.force_login(user)
    return api_client


def test_a_file_larger_than_the_body_limit_still_uploads(conversation: Any, client_user: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    url = f"/api/v1/conversations/{conversation.pk}/messages/upload"
    upload = SimpleUploadedFile("notes.txt", b"plain notes\n" * 20_000)  # 240 kB
    response = _signed_in(client_user).post(url, {"body": "The notes", "files": [upload]})
    assert response.status_code == 201, response.content
    assert [a["name"] for a in response.json()["attachments"]] == ["notes.txt"]
    too_big = _signed_in(client_user).post(url, {"body": "x" * (70 * 1024)})
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "request_too_large"


def test_too_many_form_fields_get_json_400(conversation: Any, client_user: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    fields = {"body": "hi", **{f"f{i}": "x" for i in range(30)}}
    response = _signed_in(client_user).post(f"/api/v1/conversations/{conversation.pk}/messages/upload", fields)
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_fields"
