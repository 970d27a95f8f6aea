"""Cover-letter checks: template detection quality on a generated labelled set, and the time to
score a new letter against N stored letters.

    python -m benchmarks.minding quality              # no database
    python -m benchmarks.minding speed --sizes 10000,100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workfair_bench_minding python -m benchmarks.minding speed

quality: the set of `benchmarks/minding/letters.py` (its docstring says how it is made), sent in
order; each letter is scored as `minding.actions.score_letter` does (the freelancer's earlier
letters compared one by one, other accounts' letters through the same 25x5 LSH bands) and called a
template at `TEMPLATE_THRESHOLD`; beside it, the TF-IDF cosine baseline (the most similar earlier
letter by TF-IDF cosine of word unigrams and bigrams, fitted on the whole set) at its best
threshold on this very set (an optimistic baseline).

speed: builds N stored letters (prints and bands, generated text) in the database once, then
times `score_letter` (the whole check: specificity, own letters, LSH read, exact comparison of the
candidates) for new letters, and the write of a print with its bands.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from typing import Any

from benchmarks.minding.letters import TOPICS, Letter, generate, job_post, light_edit, specific


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def _prf(predicted: list[bool], truth: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def minhash_scores(letters: list[Letter]) -> list[float]:
    from workfair.minding import policy, scoring

    own: dict[int, list[Any]] = defaultdict(list)
    buckets: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    out = []
    for letter in letters:
        sig = scoring.signature(letter.text)
        best = max((scoring.similarity(sig, other) for other in own[letter.author]), default=0.0)
        keys = scoring.band_keys(sig)
        for key in keys:
            for author, other in buckets[key]:
                if author != letter.author:
                    best = max(best, scoring.similarity(sig, other))
        out.append(policy.counted_similarity(best, len(scoring.shingles(letter.text))))
        own[letter.author].append(sig)
        for key in keys:
            buckets[key].append((letter.author, sig))
    return out


def tfidf_scores(letters: list[Letter]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform([x.text for x in letters])
    sims = (matrix @ matrix.T).toarray()
    return [float(max(sims[i, :i], default=0.0)) if i else 0.0 for i in range(len(letters))]


def quality(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")  # the thresholds; no database
    from workfair.minding.policy import DEFAULTS

    threshold = float(DEFAULTS["TEMPLATE_THRESHOLD"])
    _, letters = generate(seed=args.seed)
    truth = [x.is_template for x in letters]
    kinds = defaultdict(int)
    for x in letters:
        kinds[x.kind] += 1
    print(
        f"Set (seed {args.seed}): {len(letters)} letters, {sum(truth)} templates or copies; "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
    start = time.perf_counter()
    ours = minhash_scores(letters)
    ours_ms = (time.perf_counter() - start) * 1000 / len(letters)
    print("\n| detector | threshold | precision | recall | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    for t in sorted({0.25, threshold, 0.4, 0.5}):
        p, r, tp, fp, fn = _prf([s >= t for s in ours], truth)
        mark = " (default)" if t == threshold else ""
        print(f"| MinHash 3-shingles + LSH{mark} | {t:.2f} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    base = tfidf_scores(letters)
    best = max((_prf([s >= t / 100 for s in base], truth), t / 100) for t in range(30, 100, 2))
    (p, r, tp, fp, fn), t = best
    print(f"| TF-IDF cosine baseline (best F1 threshold) | {t:.2f} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    for t in (0.5, 0.7):
        p, r, tp, fp, fn = _prf([s >= t for s in base], truth)
        print(f"| TF-IDF cosine baseline | {t:.2f} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")
    print("\nRecall by kind at the default threshold:")
    for kind in ("template_light", "template_heavy", "copy", "template_first"):
        idx = [i for i, x in enumerate(letters) if x.kind == kind and x.is_template]
        if idx:
            print(f"  {kind}: {sum(ours[i] >= threshold for i in idx)}/{len(idx)}")
    false = [letters[i].kind for i in range(len(letters)) if ours[i] >= threshold and not truth[i]]
    print(f"  false positives by kind: { {k: false.count(k) for k in set(false)} or 'none' }")
    print(f"\nMinHash scoring in memory: {ours_ms:.3f} ms per letter (signature + comparisons).")


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def speed(args: argparse.Namespace) -> None:
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/workfair-bench-minding.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        _ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from workfair.core import clock
    from workfair.jobs.models import Category, Job
    from workfair.minding import actions, index, scoring
    from workfair.minding.models import TextBand, TextPrint
    from workfair.minding.states import TextKind

    rng = random.Random(args.seed)
    users = get_user_model()
    owners = [
        users.objects.get_or_create(email=f"bench-minding-{n}@example.com", defaults={"is_freelancer": True})[0]
        for n in range(50)
    ]
    client = users.objects.get_or_create(email="bench-minding-client@example.com", defaults={"is_client": True})[0]
    category = Category.objects.first() or Category.objects.create(name="Bench", slug="bench")
    title, description = job_post(TOPICS[0])
    job = Job.objects.filter(client=client, title=title).first() or Job.objects.create(
        client=client, title=title, description=description, category=category, budget_type="fixed",
        budget_min=1000, budget_max=1000, currency="USD", created_at=clock.now(), updated_at=clock.now(),
    )  # fmt: skip
    _, pool = generate(seed=args.seed)
    for size in sorted(int(s) for s in args.sizes.split(",")):
        have = TextPrint.objects.filter(kind=TextKind.COVER_LETTER).count()
        if have < size:
            start = time.perf_counter()
            next_id = (TextPrint.objects.order_by("-object_id").values_list("object_id", flat=True).first() or 0) + 1
            for chunk in range(have, size, 2000):
                prints, bands = [], []
                for n in range(chunk, min(size, chunk + 2000)):
                    base = pool[rng.randrange(len(pool))].text
                    text = light_edit(rng, base, TOPICS[rng.randrange(len(TOPICS))][0]) + f" Ref {n}."
                    if rng.random() < 0.7:  # most stored letters are specific, not templates
                        text = specific(rng, TOPICS[rng.randrange(len(TOPICS))], 5) + f" Ref {n}."
                    sig = scoring.signature(text)
                    prints.append(
                        TextPrint(
                            kind=TextKind.COVER_LETTER,
                            object_id=next_id + n,
                            owner=owners[n % len(owners)],
                            signature=scoring.signature_bytes(sig),
                            created_at=clock.now(),
                        )
                    )
                    bands.append(scoring.band_keys(sig))
                with transaction.atomic():
                    made = TextPrint.objects.bulk_create(prints)
                    TextBand.objects.bulk_create(
                        [TextBand(print_id=p.pk, bucket=k) for p, keys in zip(made, bands, strict=True) for k in keys]
                        if all(p.pk for p in made)
                        else []
                    )
                    if not all(p.pk for p in made):  # a backend that does not return ids
                        for p, keys in zip(
                            TextPrint.objects.filter(object_id__in=[x.object_id for x in prints]), bands, strict=False
                        ):
                            TextBand.objects.bulk_create(TextBand(print_id=p.pk, bucket=k) for k in keys)
            print(f"built {size - have:,} letters in {time.perf_counter() - start:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE minding_textprint; ANALYZE minding_textband")
        samples, writes, candidates = [], [], []
        for n in range(args.runs):
            kind = n % 3
            if kind == 0:
                letter = specific(rng, TOPICS[0], 5)
            else:  # a template or a copy of a stored letter: the index finds candidates
                letter = light_edit(rng, pool[rng.randrange(len(pool))].text, title)
            freelancer = owners[rng.randrange(len(owners))].pk
            start = time.perf_counter()
            actions.score_letter(letter=letter, job=job, freelancer_id=freelancer)
            samples.append((time.perf_counter() - start) * 1000)
            candidates.append(len(index.near(scoring.signature(letter), kind=TextKind.COVER_LETTER)))
            start = time.perf_counter()
            with transaction.atomic():
                index.add_print(kind="bench", object_id=n, owner_id=freelancer, sig=scoring.signature(letter))
                transaction.set_rollback(True)
            writes.append((time.perf_counter() - start) * 1000)
        total = TextPrint.objects.filter(kind=TextKind.COVER_LETTER).count()
        print(
            f"| {total:,} | {connection.vendor} | {statistics.median(samples):.2f} | {percentile(samples, 95):.2f} | "
            f"{percentile(samples, 99):.2f} | {statistics.median(writes):.2f} | {statistics.median(candidates):.0f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["quality", "speed"])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    if args.part == "quality":
        quality(args)
    else:
        print("| stored letters | database | score p50 ms | p95 ms | p99 ms | write p50 ms | candidates p50 |")
        print("|---|---|---|---|---|---|---|")
        speed(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
