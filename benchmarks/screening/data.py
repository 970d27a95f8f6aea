"""Loaders for the copied evaluation data (benchmarks/data) and the fixed train/held-out split."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def held_out(source: str, key: str) -> bool:
    """True for the ~20% of rows that no model in the comparison we train may see (a fixed hash split)."""
    return int(hashlib.sha256(f"{source}:{key}".encode()).hexdigest()[:8], 16) % 5 == 0


def davidson() -> list[tuple[str, str, int]]:
    """(row id, tweet, class) with class 0 hate, 1 offensive, 2 neither."""
    rows = []
    with (DATA / "toxic" / "davidson" / "labeled_data.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows.append((row[""], row["tweet"], int(row["class"])))
    return rows


def davidson_votes() -> list[tuple[str, str, int, float]]:
    """(row id, tweet, class, share of annotators who found it hateful or offensive)."""
    rows = []
    with (DATA / "toxic" / "davidson" / "labeled_data.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            share = (int(row["hate_speech"]) + int(row["offensive_language"])) / max(1, int(row["count"]))
            rows.append((row[""], row["tweet"], int(row["class"]), share))
    return rows


def jigsaw_sample() -> list[tuple[str, int]]:
    """(comment, 1 if any toxicity label) from the 101-comment Jigsaw test sample."""
    with (DATA / "toxic" / "jigsaw_ibm_sample" / "test_examples.csv").open(encoding="utf-8") as fh:
        return [(row["comment_text"], int(any(row[k] == "1" for k in list(row)[1:]))) for row in csv.DictReader(fh)]


def spam_rows() -> list[tuple[str, str, int]]:
    """(row id, text, 1 spam / 0 ham) from the SMS and YouTube spam collections."""
    rows: list[tuple[str, str, int]] = []
    with (DATA / "spam" / "sms_spam_collection" / "SMSSpamCollection").open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            label, _, text = line.rstrip("\n").partition("\t")
            rows.append((f"sms:{k}", text, int(label == "spam")))
    for path in sorted((DATA / "spam" / "youtube_spam").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows.append((f"yt:{row['COMMENT_ID']}", row["CONTENT"], int(row["label"])))
    return rows


def presidio_synth() -> list[dict]:
    """The Presidio evaluator synthetic set: dicts with full_text and spans (entity_type, start/end)."""
    return json.loads((DATA / "pii" / "synth_dataset_v2.json").read_text(encoding="utf-8"))
