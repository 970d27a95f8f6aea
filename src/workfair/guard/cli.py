"""`workfair screen`: batch screening of JSON Lines (docs/rules.md, stable interfaces, a stable interface).

Input, one object per line: {"id": any, "text": str, "surface": "message"|"job_post"|"proposal"|
"profile"|"review", "context": {"contract_active": bool}, "conversation": str|int, "sender": str|int}
(`surface` defaults to "message", `contract_active` to false, the last two are optional).
Output, one line per input line, in order: {"id", "decision", "findings": [{"category", "kind",
"start", "end", "score", "text", "value"}], "masked_text"}; a line that cannot be read gives
{"id": ... or null, "error": "..."} and the run goes on. Blank lines are skipped.

Conversation memory: lines with the same `conversation` and `sender` are screened in order together
with that sender's previous lines there (the last few), so a number split over messages is found.
Decisions are the trust engine's: the same rule language and, by default, the shipped default rules
(`workfair.guard.rules.DEFAULT_RULES`); a line with `"surface": "job_post"` gets the decision job-post
review gives (block = refused at once, hold = queued for a person, allow = opened; a post the
policy would mask is queued for a person too, so it says hold). Needs no Django
settings and no database; `workfair screen` passes the operator's active policy when the configured
database holds one.
"""

from __future__ import annotations

import json
from collections import deque
from typing import IO, Any

from workfair.guard.decisions import screen_text
from workfair.guard.findings import SURFACES
from workfair.guard.rules import CompiledPolicy
from workfair.guard.screening import HISTORY_MESSAGES, warm_up

MAX_LINE_CHARS = 1_000_000  # a line longer than this is refused, not parsed
MAX_CONVERSATIONS = 10_000  # memory kept for this many conversation/sender pairs (oldest dropped)
# A job post is never shown masked: job-post review queues a post its policy would mask for a
# person (`jobs.actions.do_review_job_post`), so the command says "hold" for it.
_JOB_POST_DECISION = {"mask": "hold"}


class _BadLine(Exception):
    def __init__(self, message: str, line_id: Any = None) -> None:
        super().__init__(message)
        self.line_id = line_id


def _key_part(value: Any, field: str, line_id: Any) -> str | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _BadLine(f"'{field}' must be a string or an integer", line_id)
    return value


def _parse(line: str) -> tuple[Any, str, str, bool, tuple[Any, Any] | None]:
    if len(line) > MAX_LINE_CHARS:
        raise _BadLine(f"line longer than {MAX_LINE_CHARS} characters")
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _BadLine(f"invalid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise _BadLine("each line must be a JSON object")
    line_id = obj.get("id")
    if "text" not in obj:
        raise _BadLine("missing 'text'", line_id)
    text = obj["text"]
    if not isinstance(text, str):
        raise _BadLine("'text' must be a string", line_id)
    surface = obj.get("surface", "message")
    if surface is None:
        surface = "message"
    if surface not in SURFACES:
        raise _BadLine(f"'surface' must be one of {', '.join(SURFACES)}", line_id)
    context = obj.get("context", {})
    if context is None:
        context = {}
    if not isinstance(context, dict):
        raise _BadLine("'context' must be an object", line_id)
    contract_active = context.get("contract_active", False)
    if contract_active is None:
        contract_active = False
    if not isinstance(contract_active, bool):
        raise _BadLine("'context.contract_active' must be true or false", line_id)
    conversation = _key_part(obj.get("conversation"), "conversation", line_id)
    sender = _key_part(obj.get("sender"), "sender", line_id)
    key = (conversation, sender) if conversation is not None else None
    return line_id, text, surface, contract_active, key


def _safe_id(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return None


def run_screen(stdin: IO[str], stdout: IO[str], policy: CompiledPolicy | None = None) -> int:
    """Screen every line of `stdin` with `policy` (the shipped default rules unless given) and write
    one JSON line per input line to `stdout`; returns 0."""
    memory: dict[tuple[Any, Any], deque[str]] = {}
    warm_up()
    for raw in stdin:
        line = raw.strip()
        if not line:
            continue
        try:
            line_id, text, surface, contract_active, key = _parse(line)
        except _BadLine as bad:
            out: dict[str, Any] = {"id": _safe_id(bad.line_id), "error": str(bad)}
        else:
            history: tuple[str, ...] = ()
            if key is not None:
                history = tuple(memory.get(key, ()))
            result = screen_text(text, surface=surface, contract_active=contract_active, history=history, policy=policy)
            decision = result.decision
            if surface == "job_post":
                decision = _JOB_POST_DECISION.get(decision, decision)
            out = {
                "id": line_id,
                "decision": decision,
                "findings": [f.as_dict() for f in result.findings],
                "masked_text": result.masked_text,
            }
            if result.notes:
                out["notes"] = list(result.notes)
            if key is not None:
                if key not in memory and len(memory) >= MAX_CONVERSATIONS:
                    memory.pop(next(iter(memory)))
                memory.setdefault(key, deque(maxlen=HISTORY_MESSAGES)).append(text)
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
