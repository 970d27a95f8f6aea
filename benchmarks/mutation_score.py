"""The mutation score of the money code from `mutmut results --all true` on standard input.

    .venv/bin/mutmut results --all true | .venv/bin/python -m benchmarks.mutation_score

Prints, per module and in all: mutants killed, survived, equivalent (survivors listed in
`EQUIVALENT` below, each with why no test can tell it apart), and the score: killed out of the
non-equivalent mutants. `make mutation` runs mutmut and then this."""

from __future__ import annotations

import sys
from collections import Counter

# Survivors no test can kill: the mutant behaves exactly as the original on every input the code
# can receive. Keyed by mutmut's name; the figure in docs/benchmarks.md excludes them.
EQUIVALENT: dict[str, str] = {
    "workfair.core.money.x_format_money__mutmut_14": "rounding=None: quantizing an exact integer never rounds",
    "workfair.core.money.x_format_money__mutmut_16": "no rounding argument: the same, an exact value never rounds",
    "workfair.core.money.x_format_money__mutmut_22": "Decimal(2) for Decimal(1): quantize uses only the exponent",
    "workfair.payments.config.x_setting__mutmut_5": "getattr default None for {}: `or {}` makes both {}",
}

KILLED = {"killed"}
SURVIVED = {"survived"}


def main() -> int:
    per_module: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for raw in sys.stdin:
        name, _, status = raw.strip().rpartition(": ")
        if not name:
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]
        counts = per_module.setdefault(module, Counter())
        if status in KILLED:
            counts["killed"] += 1
        elif status in SURVIVED and name in EQUIVALENT:
            counts["equivalent"] += 1
        elif status in SURVIVED:
            counts["survived"] += 1
            survivors.append(name)
        else:
            counts[status.replace(" ", "_")] += 1
    total: Counter[str] = Counter()
    print(f"{'module':40} {'killed':>7} {'survived':>9} {'equivalent':>11} {'other':>6} {'score':>7}")
    for module, counts in sorted(per_module.items()):
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    for name in survivors:
        print(f"survived: {name}")
    return 0


def _row(label: str, counts: Counter[str]) -> str:
    killed, survived = counts["killed"], counts["survived"]
    other = sum(v for k, v in counts.items() if k not in {"killed", "survived", "equivalent"})
    scored = killed + survived
    score = f"{100 * killed / scored:.1f}%" if scored else "-"
    return f"{label:40} {killed:>7} {survived:>9} {counts['equivalent']:>11} {other:>6} {score:>7}"


if __name__ == "__main__":
    raise SystemExit(main())
