"""Workfair's conversation guard vs Presidio, scrubadub and alt-profanity-check, in one process, on the
same messages. Needs the `bench` extra (pip install -e .[bench], or -r requirements-bench.lock).

    python -m benchmarks.screening            # all three parts, Markdown tables on standard output
    python -m benchmarks.screening --quick    # a smaller sample, for a smoke run
    python -m benchmarks.screening --blind    # only the frozen blind sets (aggregate figures only)

(a) the Presidio evaluator synthetic set: precision/recall per entity (phone, e-mail, URL, IBAN, card);
(b) the obfuscation set (benchmarks/screening/obfuscation.py, fixed seed): recall per trick and the
    false-positive rate on benign marketplace messages; messages/second and latency per tool;
(c) abuse: ROC AUC on the held-out part of the Davidson et al. data (no model we trained saw it);
(d) the multilingual template set (benchmarks/screening/languages.py): recall per language and kind,
    false-positive rate on honest near-misses (order numbers, barcodes, prices) in 15 languages.
The blind sets are reported apart (--blind, benchmarks/screening/blind.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from benchmarks.screening import obfuscation
from benchmarks.screening.data import davidson, held_out, jigsaw_sample, presidio_synth
from benchmarks.screening.tools import (
    _GOLD_ENTITY,
    ENTITIES,
    Tool,
    _offline,
    presidio_tool,
    scrubadub_tool,
    workfair_tool,
)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def part_a(tools: dict[str, Tool], quick: bool) -> None:
    rows = presidio_synth()
    if quick:
        rows = rows[:300]
    print(f"\n### (a) Presidio synthetic set ({len(rows)} texts)\n")
    gold_count: dict[str, int] = defaultdict(int)
    for r in rows:
        for s in r["spans"]:
            if s["entity_type"] in _GOLD_ENTITY:
                gold_count[_GOLD_ENTITY[s["entity_type"]]] += 1
    print("| tool | " + " | ".join(f"{e} P / R" for e in ENTITIES) + " |")
    print("|---|" + "---|" * len(ENTITIES))
    for name, tool in tools.items():
        tp_gold: dict[str, int] = defaultdict(int)
        pred: dict[str, int] = defaultdict(int)
        pred_ok: dict[str, int] = defaultdict(int)
        for r in rows:
            text = r["full_text"]
            gold = [
                (_GOLD_ENTITY[s["entity_type"]], s["start_position"], s["end_position"])
                for s in r["spans"]
                if s["entity_type"] in _GOLD_ENTITY
            ]
            spans = tool(text, ())
            for e, gs, ge in gold:
                if any(pe == e and _overlaps((ps, pend), (gs, ge)) for pe, ps, pend in spans):
                    tp_gold[e] += 1
            for pe, ps, pend in spans:
                if pe not in ENTITIES:
                    continue
                pred[pe] += 1
                if any(ge_ == pe and _overlaps((ps, pend), (gs, ge)) for ge_, gs, ge in gold):
                    pred_ok[pe] += 1
        cells = []
        for e in ENTITIES:
            p = pred_ok[e] / pred[e] if pred[e] else float("nan")
            rc = tp_gold[e] / gold_count[e] if gold_count[e] else float("nan")
            cells.append(f"{p:.2f} / {rc:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nGold spans: " + ", ".join(f"{e} {gold_count[e]}" for e in ENTITIES))


def part_b(tools: dict[str, Tool], quick: bool, apc: Callable[[str], float] | None) -> None:
    pos, ben = obfuscation.build()
    if quick:
        pos, ben = pos[::4], ben[::4]
    print(
        f"\n### (b) Obfuscation set ({len(pos)} hidden details, {len(ben)} benign messages, seed {obfuscation.SEED})\n"
    )
    by_trick: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    summary = {}
    timings: dict[str, list[float]] = {}
    cpu_timings: dict[str, list[float]] = {}
    for name, tool in tools.items():
        lat: list[float] = []
        cpu: list[float] = []
        hits_cat: dict[str, list[int]] = defaultdict(list)
        for case in pos:
            *hist, last = case.messages
            t0, c0 = time.perf_counter(), time.thread_time()
            spans = tool(last, tuple(hist))
            cpu.append(time.thread_time() - c0)
            lat.append(time.perf_counter() - t0)
            hit = int(any(_overlaps((s, e), case.span) for _, s, e in spans))
            by_trick[case.trick][name].append(hit)
            hits_cat[case.category].append(hit)
        fps = 0
        for case in ben:
            t0, c0 = time.perf_counter(), time.thread_time()
            spans = tool(case.messages[-1], ())
            cpu.append(time.thread_time() - c0)
            lat.append(time.perf_counter() - t0)
            fps += int(bool(spans))
        timings[name] = lat
        cpu_timings[name] = cpu
        summary[name] = (
            statistics.mean(hits_cat["contact"]),
            statistics.mean(hits_cat["payment"]),
            statistics.mean(hits_cat["contact"] + hits_cat["payment"]),
            fps / len(ben),
        )
    if apc is not None:
        lat, cpu = [], []
        for case in [*pos, *ben]:
            t0, c0 = time.perf_counter(), time.thread_time()
            apc(case.messages[-1])
            cpu.append(time.thread_time() - c0)
            lat.append(time.perf_counter() - t0)
        timings["alt-profanity-check (abuse only)"] = lat
        cpu_timings["alt-profanity-check (abuse only)"] = cpu
    names = list(tools)
    print("| tool | contact recall | payment recall | contact+payment recall | benign FP rate |")
    print("|---|---|---|---|---|")
    for name in names:
        c, p, cp, fp = summary[name]
        print(f"| {name} | {c:.3f} | {p:.3f} | {cp:.3f} | {fp:.3f} |")
    print("\nRecall per trick:\n")
    print("| trick | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for trick in sorted(by_trick):
        print(f"| {trick} | " + " | ".join(f"{statistics.mean(by_trick[trick][n]):.2f}" for n in names) + " |")
    print("\n### Speed on the obfuscation set (one message per call, after warm-up)\n")
    print("Wall-clock figures include time the process waited for a CPU; CPU figures count only its own work.\n")
    base = timings[names[0]]
    base_rate = len(base) / sum(base)
    print("| tool | messages/s | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | Workfair speed-up |")
    print("|---|---|---|---|---|---|---|")
    for name, lat in timings.items():
        rate = len(lat) / sum(lat)
        cpu = cpu_timings[name]
        print(
            f"| {name} | {rate:,.0f} | {_pct(lat, 0.5) * 1000:.3f} | {_pct(lat, 0.99) * 1000:.3f} | "
            f"{_pct(cpu, 0.5) * 1000:.3f} | {_pct(cpu, 0.99) * 1000:.3f} | {base_rate / rate:.1f}x |"
        )


def part_c(quick: bool, apc_batch: Callable[[list[str]], list[float]] | None) -> None:
    from sklearn.metrics import roc_auc_score

    from workfair.guard.detectors.abuse import AbuseDetector
    from workfair.guard.findings import ScreenContext
    from workfair.guard.normalize import normalize

    rows = [(t, c) for rid, t, c in davidson() if held_out("davidson", rid)]
    if quick:
        rows = rows[:1000]
    texts = [t for t, _ in rows]
    labels = [int(c in (0, 1)) for _, c in rows]
    det = AbuseDetector()
    ctx = ScreenContext()
    from workfair.guard.detectors.textmodel import load_model

    model = load_model(det.model_name)
    wf_model, wf_guard = [], []
    for t in texts:
        norm = normalize(t)
        p = model.scores(norm.clean)["abusive"]
        wf_model.append(p)
        rule = max(
            (f.score for f in det.detect(t, norm, ctx) if f.detector == "abuse" and f.evidence[:6] != "model:"),
            default=0.0,
        )
        wf_guard.append(max(p, rule))
    print(f"\n### (c) Abuse, held-out Davidson et al. split ({len(rows)} tweets, {sum(labels)} abusive)\n")
    print("| model | ROC AUC |")
    print("|---|---|")
    print(f"| Workfair abuse model | {roc_auc_score(labels, wf_model):.4f} |")
    print(f"| Workfair abuse model + rules | {roc_auc_score(labels, wf_guard):.4f} |")
    if apc_batch is not None:
        print(
            f"| alt-profanity-check (trained on all of this data set) | {roc_auc_score(labels, apc_batch(texts)):.4f} |"
        )
    jig = jigsaw_sample()
    jt = [t for t, _ in jig]
    jl = [y for _, y in jig]
    print(f"\nOut-of-domain check: Jigsaw test-set sample ({len(jig)} Wikipedia comments, {sum(jl)} toxic)\n")
    print("| model | ROC AUC |")
    print("|---|---|")
    print(
        f"| Workfair abuse model | {roc_auc_score(jl, [model.scores(normalize(t).clean)['abusive'] for t in jt]):.4f} |"
    )
    if apc_batch is not None:
        print(f"| alt-profanity-check | {roc_auc_score(jl, apc_batch(jt)):.4f} |")


def part_d(tools: dict[str, Tool]) -> None:
    from benchmarks.screening import languages

    cases = languages.build()
    print(f"\n### (d) Multilingual template set ({len(cases)} messages, 15 languages, seed {languages.SEED})\n")
    names = list(tools)
    hits = {n: [bool(tool(c.text, ())) for c in cases] for n, tool in tools.items()}

    def rate(n: str, idx: list[int]) -> str:
        return f"{sum(hits[n][i] for i in idx) / len(idx):.2f}" if idx else "-"

    for key, label in (("kind", "kind"), ("lang", "language")):
        print(f"| {label} | n | " + " | ".join(names) + " |")
        print("|---|---|" + "---|" * len(names))
        for value in sorted({getattr(c, key) for c in cases}):
            idx = [i for i, c in enumerate(cases) if getattr(c, key) == value]
            what = "recall" if cases[idx[0]].positive or key == "lang" else "FP rate"
            if key == "lang":
                pos = [i for i in idx if cases[i].positive]
                neg = [i for i in idx if not cases[i].positive]
                cells = [f"{rate(n, pos)} / {rate(n, neg)}" for n in names]
                print(f"| {value} (recall / FP) | {len(idx)} | " + " | ".join(cells) + " |")
            else:
                print(f"| {value} ({what}) | {len(idx)} | " + " | ".join(rate(n, idx) for n in names) + " |")
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screening")
    parser.add_argument("--quick", action="store_true", help="a smaller sample (smoke run)")
    parser.add_argument("--parts", default="abcd", help="which parts to run, e.g. 'ab'")
    parser.add_argument("--blind", action="store_true", help="only a frozen blind set (aggregate figures only)")
    parser.add_argument("--set", default="blind", help="which blind set with --blind: blind (default) or blind2")
    args = parser.parse_args(argv)
    if args.blind:
        from benchmarks.screening import blind

        return blind.main(args.set)
    _offline()
    t0 = time.perf_counter()
    tools: dict[str, Tool] = {"Workfair": workfair_tool()}
    from workfair.guard.screening import warm_up

    warm_up()
    wf_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    tools["Presidio (contact recognisers)"] = presidio_tool()
    tools["Presidio (contact recognisers)"]("warm up 555 0123 4567", ())
    pr_load = time.perf_counter() - t0
    tools["scrubadub"] = scrubadub_tool()
    tools["scrubadub"]("warm up 555 0123 4567", ())
    try:
        from profanity_check import predict_prob

        def apc(text: str) -> float:
            return float(predict_prob([text])[0])

        def apc_batch(texts: list[str]) -> list[float]:
            return [float(v) for v in predict_prob(texts)]

        apc("warm up")
    except ImportError:  # pragma: no cover - the bench extra brings it
        apc = None  # type: ignore[assignment]
        apc_batch = None  # type: ignore[assignment]
    # collect once and freeze what set-up allocated, so no tool pays for another's garbage in the timings
    gc.collect()
    gc.freeze()
    print("## Screening benchmark\n")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; "
        f"set-up incl. first call: Workfair {wf_load:.2f} s, Presidio {pr_load:.2f} s"
    )
    if "a" in args.parts:
        part_a(tools, args.quick)
    if "b" in args.parts:
        part_b(tools, args.quick, apc)
    if "c" in args.parts:
        part_c(args.quick, apc_batch)
    if "d" in args.parts:
        part_d(tools)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
