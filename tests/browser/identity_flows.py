"""Steps of identity verification in the browser, for the browser tests: the person's side (phone
code, document photos, booking the video check) and the staff side (signing in with TOTP, the
review in the console, opening slots, recording the video check).

Like `flows.py`, every step drives the real pages. Two things come from the test process itself,
which runs the live server: the phone code from the console provider's outbox (as a phone would
show it), and the current TOTP code (as an authenticator app would)."""

from __future__ import annotations

import io
import re
from typing import Any

from workfair.identity.phone.providers import clear_console_outbox, console_outbox

# Sending the documents runs the automatic checks (faces, sharpness, corners) on three photos.
CHECKS_TIMEOUT_MS = 60_000


# --- staff ---------------------------------------------------------------------------------------


# --- the person ----------------------------------------------------------------------------------


def jpeg(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def verify_phone(page: Any, number: str) -> None:
    """Ask for a code by text message, read it from the console provider's outbox, type it."""
    clear_console_outbox()
    page.goto("/account/phone/")
    page.get_by_role("textbox", name="Phone number").fill(number)
    page.get_by_role("button", name="Send the code").click()
    page.wait_for_url("**/account/phone/confirm/")
    sent = console_outbox()
    assert sent, "no code was sent"
    page.get_by_role("textbox", name="Code").fill(sent[0].code)
    page.get_by_role("button", name="Verify").click()
    page.get_by_text("is verified.").wait_for()


def start_verification(page: Any, *, document: str, country: str) -> None:
    """On /account/verification/, choose the document and its country and press Start."""
    page.goto("/account/verification/")
    page.get_by_label(document).check()
    page.get_by_role("textbox", name="Issuing country").fill(country)
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url(re.compile(r"/account/verification/upload/\w+/$"))


def upload_photo(page: Any, *, label: str, content: bytes, filename: str) -> None:
    """On an upload page, pick the photo for `label` and upload it."""
    page.get_by_role("heading", name=label).wait_for()
    page.locator("input[type=file][name=photo]").set_input_files(
        {"name": filename, "mimeType": "image/jpeg", "buffer": content}
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text(f"{label} uploaded.").wait_for()


def send_documents(page: Any, *, document_number: str, expiry: str) -> None:
    page.get_by_role("textbox", name="Document number").fill(document_number)
    page.get_by_label("Expiry date").fill(expiry)
    page.get_by_role("button", name="Send my documents").click(timeout=CHECKS_TIMEOUT_MS)
    page.get_by_text("Your documents were sent.").wait_for(timeout=CHECKS_TIMEOUT_MS)


def book_first_video_slot(page: Any) -> None:
    page.goto("/account/verification/")
    page.get_by_role("link", name="Choose a time").click()
    page.get_by_role("heading", name="Choose a time (UTC)").wait_for()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Book this time").click()
    page.get_by_text("Your live video check is booked.").wait_for()


# --- the console ---------------------------------------------------------------------------------


def open_review_of(page: Any, subject_email: str) -> None:
    """From the console's identity reviews, open the waiting review of `subject_email`."""
    page.goto("/console/identity/")
    page.get_by_role("heading", name="Identity reviews", level=1).wait_for()
    row = page.get_by_role("row").filter(has_text=subject_email).first
    row.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/console/identity/verifications/\d+/$"))


def open_video_slot(page: Any, *, day: str, start: str, end: str) -> None:
    page.goto("/console/identity/video/")
    page.get_by_label("Day").fill(day)
    page.get_by_label("From").fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Open slots").click()
    page.get_by_text("slot opened.").wait_for()


def record_video_pass(page: Any, subject_email: str) -> None:
    """From the agent's list, open the booked check of `subject_email`, tick every item, pass it."""
    page.goto("/console/identity/video/")
    row = page.get_by_role("row").filter(has_text=subject_email).first
    row.get_by_role("link", name="Checklist and outcome").click()
    page.wait_for_url(re.compile(r"/console/identity/video/\d+/$"))
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Passed").click()
    page.get_by_text("Video check passed: the person is verified.").wait_for()
