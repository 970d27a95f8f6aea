# ruff: noqa: RUF001 - full-width digits are input under test
"""`workfair screen`: JSON Lines in, one JSON line out per input line, in order (docs/rules.md, stable interfaces)."""

import io
import json
import subprocess
import sys

from workfair.guard.cli import run_screen


def run(*lines: str) -> list[dict]:
    out = io.StringIO()
    assert run_screen(io.StringIO("\n".join(lines) + "\n"), out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_good_line_gets_decision_findings_and_masked_text():
    (res,) = run(json.dumps({"id": 1, "text": "call me on five five five 0 one 2 3 4 5 6 7"}))
    assert res == {
        "id": 1,
        "decision": "mask",
        "findings": [
            {
                "category": "contact",
                "kind": "phone",
                "start": 11,
                "end": 43,
                "score": res["findings"][0]["score"],
                "text": "five five five 0 one 2 3 4 5 6 7",
                "value": res["findings"][0]["value"],
            }
        ],
        "masked_text": "call me on [contact details hidden]",
    }
    assert 0.6 <= res["findings"][0]["score"] <= 1


def test_bad_lines_are_reported_on_their_own_line_and_the_run_goes_on():
    out = run(
        "not json",
        json.dumps({"id": "a"}),
        json.dumps({"id": "b", "text": 5}),
        json.dumps([1, 2]),
        json.dumps({"id": "c", "text": "hi", "surface": "billboard"}),
        json.dumps({"id": "d", "text": "hi", "context": {"contract_active": "yes"}}),
        json.dumps({"id": "e", "text": "hi", "context": []}),
        json.dumps({"id": "f", "text": "hi", "conversation": {"x": 1}}),
        json.dumps({"id": "g", "text": "email jane@example.com"}),
    )
    assert [o["id"] for o in out] == [None, "a", "b", None, "c", "d", "e", "f", "g"]
    assert out[0]["error"].startswith("invalid JSON")
    assert out[1]["error"] == "missing 'text'"
    assert out[2]["error"] == "'text' must be a string"
    assert out[3]["error"] == "each line must be a JSON object"
    assert "'surface' must be one of" in out[4]["error"]
    assert out[5]["error"] == "'context.contract_active' must be true or false"
    assert out[6]["error"] == "'context' must be an object"
    assert out[7]["error"] == "'conversation' must be a string or an integer"
    assert out[8]["decision"] == "mask"


def test_order_is_kept_and_blank_lines_are_skipped():
    lines = [json.dumps({"id": k, "text": f"message {k}"}) for k in range(20)]
    lines.insert(5, "")
    assert [o["id"] for o in run(*lines)] == list(range(20))


def test_surface_and_contract_context_are_honoured():
    out = run(
        json.dumps({"id": 1, "text": "jane@example.com", "context": {"contract_active": True}}),
        json.dumps({"id": 2, "text": "jane@example.com", "surface": "profile", "context": {"contract_active": True}}),
    )
    assert [o["decision"] for o in out] == ["allow", "mask"]


def test_lines_of_one_conversation_and_sender_are_screened_with_memory():
    out = run(
        json.dumps({"id": 1, "text": "my number is 555", "conversation": "c1", "sender": "u1"}),
        json.dumps({"id": 2, "text": "0123 4567", "conversation": "c1", "sender": "u2"}),
        json.dumps({"id": 3, "text": "0123 4567", "conversation": "c2", "sender": "u1"}),
        json.dumps({"id": 4, "text": "0123 4567", "conversation": "c1", "sender": "u1"}),
    )
    assert [o["decision"] for o in out] == ["allow", "allow", "allow", "mask"]
    assert out[3]["findings"][0]["start"] == 0


def test_unicode_stays_readable_in_the_output():
    (res,) = run(json.dumps({"id": "ü", "text": "grüße, ５５５"}, ensure_ascii=False))
    assert res["masked_text"] == "grüße, ５５５"


def test_the_command_runs_without_django_settings():
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from workfair.cli import main; sys.exit(main(['screen']))"],
        input='{"id":1,"text":"call me on five five five 0 one 2 3 4 5 6 7"}\n{"id":2,"text":"hello"}\n',
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["decision"] for o in out] == ["mask", "allow"]


def test_a_job_post_the_policy_would_mask_is_held_as_job_post_review_holds_it():
    # job-post review queues a post whose outcome is mask for a person: the command says "hold"
    from workfair.guard.rules import compile_policy

    rule = {"key": "mask-contact-in-posts", "title": "Mask contact details in job posts", "mode": "enforce",
            "when": {"surfaces": ["job_post", "message"], "finding": {"category": "contact", "min_score": 0.6}},
            "outcome": "mask", "effects": [], "reason": "Contact details are hidden."}  # fmt: skip
    policy = compile_policy(7, [rule])
    lines = [
        json.dumps({"id": 1, "surface": "job_post", "text": "Logo design, call me on +44 7700 900123"}),
        json.dumps({"id": 2, "surface": "message", "text": "call me on +44 7700 900123"}),
        json.dumps({"id": 3, "surface": "job_post", "text": "Logo design for a bakery, three concepts"}),
    ]
    out = io.StringIO()
    run_screen(io.StringIO("\n".join(lines) + "\n"), out, policy)
    post, message, honest = (json.loads(line) for line in out.getvalue().splitlines())
    assert post["decision"] == "hold"
    assert message["decision"] == "mask"  # a message is still delivered masked
    assert honest["decision"] == "allow"


def test_job_posts_get_only_the_decisions_job_post_review_gives():
    texts = [
        "Need forty 5-star Yelp reviews for our salon, $2 each",
        "Logo design. Pay outside the platform, WhatsApp me at +1 202 555 0143",
        "Build a landing page for our bakery: three sections and a contact form",
        "Web app, payment: paypal jane.doe",
        "Take my online exam for me this Friday",
    ]
    out = run(*(json.dumps({"id": i, "surface": "job_post", "text": t}) for i, t in enumerate(texts)))
    assert [o["decision"] for o in out] == ["block", "block", "allow", "block", "block"]
    assert {f["category"] for f in out[0]["findings"]} == {"prohibited"}  # the job-content detectors ran
