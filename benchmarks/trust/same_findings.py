"""Check that a faster engine finds exactly what an earlier one found.

    python -m benchmarks.trust.same_findings --baseline /tmp/trust-before   # its src/ = the earlier workfair

Evaluates the same texts with both versions (each in its own process) and compares every verdict:
outcome, masked text, rule hits and every finding (category, kind, span, score to 12 digits, value,
evidence). The texts: the trust benchmark's corpus (with history), the screening benchmark's
obfuscation set and data sets (Davidson, SMS and YouTube spam, the Presidio synthetic set, the
Jigsaw sample) as messages and as job posts, and upper-case and non-ASCII variants. Exit status 1
and the first differences when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def _texts() -> list[tuple[str, str, str, tuple[str, ...]]]:
    from benchmarks.screening.data import davidson, jigsaw_sample, presidio_synth, spam_rows
    from benchmarks.screening.obfuscation import build
    from benchmarks.trust.corpus import corpus

    items = [(a.kind, a.surface, a.text, a.history) for acts in corpus().values() for a in acts]
    positives, benign = build()
    items += [("message.sent", "message", c.messages[-1], tuple(c.messages[:-1])) for c in positives + benign]
    plain = [t for t, _, _ in davidson()] + [t for t, _, _ in spam_rows()] + [t for t, _ in jigsaw_sample()]
    plain += [str(r.get("full_text") or r.get("text") or "") for r in presidio_synth()]
    for text in plain:
        items.append(("message.sent", "message", text, ()))
        items.append(("job.submitted", "job_post", text, ()))
    for kind, surface, text, history in list(items[:3000]):
        items.append((kind, surface, text.upper(), history))
        items.append(("job.submitted", "job_post", text + " Ünïcode İstanbul", ()))
    return items


def evaluate_all() -> list[Any]:
    os.environ["WORKFAIR_VAR_DIR"] = tempfile.mkdtemp(prefix="workfair-same-findings-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    try:
        from workfair.guard.rules import SignalFacts, default_policy
    except ImportError:  # a baseline from before the guard was its own package
        from workfair.trust.rules import SignalFacts, default_policy  # type: ignore[no-redef]
    from workfair.trust.engine import evaluate_facts

    policy = default_policy()
    out = []
    for fresh in (False, True):  # an established account, then a new one with an unverified e-mail
        context = {"contract_active": fresh, "account_age_days": 1 if fresh else 100, "email_verified": not fresh}
        for kind, surface, text, history in _texts():
            v = evaluate_facts(SignalFacts(kind=kind, surface=surface, text=text, context=context),
                               history=history, policy=policy)  # fmt: skip
            out.append([v.outcome, v.masked_text, [h.rule.key for h in v.hits], [h.rule.key for h in v.shadow_hits],
                        [[f.category, f.kind, f.start, f.end, round(f.score, 12), f.value, f.evidence, f.severity]
                         for f in v.findings]])  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="a directory whose src/ holds the earlier workfair package")
    parser.add_argument("--json", action="store_true", help="print this version's verdicts as JSON")
    args = parser.parse_args()
    if args.json or args.baseline is None:
        print(json.dumps(evaluate_all()))
        return 0
    env = {**os.environ, "PYTHONPATH": str((args.baseline / "src").resolve())}
    cmd = [sys.executable, "-m", "benchmarks.trust.same_findings", "--json"]
    before = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)
    after = evaluate_all()
    differing = [k for k, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    print(f"{len(after):,} verdicts compared, {len(differing)} differ")
    for k in differing[:10]:
        print(f"#{k}\n  before: {before[k]}\n  after:  {after[k]}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
