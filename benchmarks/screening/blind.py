"""The blind report: the guard (and its peers) on a frozen blind set in benchmarks/data/<set>.

    python -m benchmarks.screening --blind                  # the first set, benchmarks/data/blind
    python -m benchmarks.screening --blind --set blind2     # the second set, written later

The blind sets were written by people who never saw the detectors; nobody working on the
detectors reads their rows. This module therefore prints ONLY aggregate figures (counts and
rates per category, kind and language), never a row's text or id, and refuses to run on a file
whose SHA-256 differs from `SHA256SUMS` (the sets are frozen). Rows listed in `read-rows.txt`
(rows someone has read since, no longer blind) are reported apart: the figures are given for all
rows and for the rows still unread.

- messages.jsonl: each row screened as a message before a contract (`screen_text`, surface
  message, contract_active false); flagged = the decision is not "allow". Presidio and scrubadub
  run on the same rows: flagged = they find any contact- or payment-like entity.
- job_posts.jsonl: title + "\\n\\n" + text screened on surface job_post; stopped = the decision is
  not "allow" (hold = queued for a person, block = refused).
- abuse.jsonl: screened as a message; flagged = a finding of category abuse or a decision of
  hold or block. alt-profanity-check (probability >= 0.5) beside it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.screening.data import DATA

BLIND = DATA / "blind"
SET_NAMES = ("blind", "blind2")
SETS = ("messages.jsonl", "job_posts.jsonl", "abuse.jsonl")


class BlindSetChanged(Exception):
    """A blind file's hash differs from SHA256SUMS: its figures would not be blind figures."""


def verify(folder: Path = BLIND) -> None:
    """Check every blind file against SHA256SUMS; raise `BlindSetChanged` on any difference."""
    sums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*")] = digest
    for name in SETS:
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if sums.get(name) != digest:
            raise BlindSetChanged(f"{name}: SHA-256 differs from SHA256SUMS; refusing to report blind figures")


def read_ids(folder: Path = BLIND) -> frozenset[str]:
    """Ids of rows someone has read (no longer blind), from read-rows.txt if it exists."""
    path = folder / "read-rows.txt"
    if not path.exists():
        return frozenset()
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ids.add(line)
    return frozenset(ids)


def _rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Tally:
    pos: int = 0
    pos_hit: int = 0
    neg: int = 0
    neg_hit: int = 0

    def add(self, positive: bool, hit: bool) -> None:
        if positive:
            self.pos += 1
            self.pos_hit += int(hit)
        else:
            self.neg += 1
            self.neg_hit += int(hit)

    def cells(self) -> str:
        rec = f"{self.pos_hit / self.pos:.3f} ({self.pos_hit}/{self.pos})" if self.pos else "-"
        fpr = f"{self.neg_hit / self.neg:.3f} ({self.neg_hit}/{self.neg})" if self.neg else "-"
        return f"{rec} | {fpr}"


Judge = Callable[[dict], bool]


def _table(title: str, rows: list[dict], positive: Callable[[dict], bool], tools: dict[str, Judge],
           groups: Iterable[str], read: frozenset[str]) -> None:  # fmt: skip
    """Run each tool once per row, then print overall / per-group tallies (aggregates only)."""
    verdicts: dict[str, list[bool]] = {}
    speed: dict[str, float] = {}
    for name, judge in tools.items():
        t0 = time.perf_counter()
        verdicts[name] = [judge(r) for r in rows]
        speed[name] = len(rows) / max(1e-9, time.perf_counter() - t0)
    unread = [i for i, r in enumerate(rows) if str(r.get("id")) not in read]
    print(f"\n### {title} ({len(rows)} rows: {sum(map(positive, rows))} to catch; {len(rows) - len(unread)} read)\n")
    names = list(tools)
    header = " | ".join(f"{n} recall | {n} FP rate" for n in names)
    print(f"| group | n | {header} |")
    print("|---|---|" + "---|---|" * len(names))

    def line(label: str, idx: list[int]) -> None:
        cells = []
        for n in names:
            t = Tally()
            for i in idx:
                t.add(positive(rows[i]), verdicts[n][i])
            cells.append(t.cells())
        print(f"| {label} | {len(idx)} | " + " | ".join(cells) + " |")

    everything = list(range(len(rows)))
    line("**all**", everything)
    if len(unread) != len(rows):
        line("**all unread**", unread)
    for key in groups:
        buckets: dict[str, list[int]] = defaultdict(list)
        for i in unread:
            buckets[str(rows[i].get(key, ""))].append(i)
        for value in sorted(buckets):
            line(f"{key}={value}", buckets[value])
    print("\n| tool | rows per second |\n|---|---|")
    for n in names:
        print(f"| {n} | {speed[n]:,.0f} |")


def report(peers: dict[str, Callable[[str], bool]] | None = None,
           abuse_peer: Callable[[str], bool] | None = None, folder: Path = BLIND) -> None:  # fmt: skip
    """Verify the hashes, then print the blind figures (aggregates only)."""
    from workfair.guard.decisions import screen_text

    verify(folder)
    read = read_ids(folder)
    print(f"\n## Blind sets (benchmarks/data/{folder.name}, hashes verified)\n")
    print(f"Rows read by people working on the detectors (read-rows.txt): {len(read)}")

    msgs = _rows(folder, "messages.jsonl")

    def wf_msg(r: dict) -> bool:
        return screen_text(r["text"], surface="message", contract_active=False).decision != "allow"

    tools: dict[str, Judge] = {"Workfair": wf_msg}
    for name, fn in (peers or {}).items():
        tools[name] = (lambda f: lambda r: f(r["text"]))(fn)
    _table("Messages before a contract: recall on flag rows, FP rate on allow rows", msgs,
           lambda r: r["expect"] == "flag", tools, ("category", "kind", "lang"), read)  # fmt: skip

    jobs = _rows(folder, "job_posts.jsonl")

    def wf_job(r: dict) -> bool:
        # the first set gives a title apart; the second writes it as the text's first line
        text = f"{r['title']}\n\n{r['text']}" if r.get("title") else r["text"]
        return screen_text(text, surface="job_post", contract_active=False).decision != "allow"

    _table("Job posts: share stopped (hold or block) of prohibited posts | of honest posts", jobs,
           lambda r: r["expect"] == "stop", {"Workfair": wf_job}, ("category", "lang"), read)  # fmt: skip

    abuse = _rows(folder, "abuse.jsonl")

    def wf_abuse(r: dict) -> bool:
        res = screen_text(r["text"], surface="message", contract_active=False)
        return res.decision in ("hold", "block") or any(f.category == "abuse" for f in res.findings)

    atools: dict[str, Judge] = {"Workfair": wf_abuse}
    if abuse_peer is not None:
        atools["alt-profanity-check"] = (lambda f: lambda r: f(r["text"]))(abuse_peer)
    _table("Abuse: flagged (abuse finding, or hold/block) of abusive | of honest messages", abuse,
           lambda r: r["expect"] == "flag", atools, ("kind", "lang"), read)  # fmt: skip


def main(set_name: str = "blind") -> int:
    if set_name not in SET_NAMES:
        raise SystemExit(f"error: unknown blind set {set_name!r}; known: {', '.join(SET_NAMES)}")
    from benchmarks.screening.tools import _offline, presidio_tool, scrubadub_tool

    _offline()
    from workfair.guard.screening import warm_up

    warm_up()
    presidio = presidio_tool()
    scrub = scrubadub_tool()
    wanted = {"PHONE", "EMAIL", "URL", "IBAN", "CARD", "CRYPTO", "HANDLE"}

    def pr(text: str) -> bool:
        return any(e in wanted for e, _, _ in presidio(text, ()))

    def sc(text: str) -> bool:
        return any(e in wanted for e, _, _ in scrub(text, ()))

    pr("warm up 555 0123 4567")
    sc("warm up 555 0123 4567")
    abuse_peer = None
    try:
        from profanity_check import predict_prob

        def abuse_peer(text: str) -> bool:
            return float(predict_prob([text])[0]) >= 0.5
    except ImportError:  # pragma: no cover - the bench extra brings it
        pass
    report({"Presidio": pr, "scrubadub": sc}, abuse_peer, DATA / set_name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
