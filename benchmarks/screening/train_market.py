"""Train the guard's learned layer, `workfair/guard/data/market_model.json` (needs the `bench` extra).

    python -m benchmarks.screening.train_market

Character 3-5-gram TF-IDF (the analyzer is `workfair.guard.detectors.learned.grams`, the same
function that scores at run time) and one logistic regression per head, on the examples of
`benchmarks/screening/market_corpus.py` whose group is not in the validation split. Heads:
`abuse` (abusive messages against honest ones), `prohibited` (prohibited job posts against honest
posts and messages) and one `kind:<category>` head per prohibited category (among prohibited posts
only: which category a post is, for the finding's evidence). The thresholds are chosen on the
validation split (phrasings the model never saw) and written into the model; the figures are
printed, with what the rules alone catch of the same validation rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.screening.market_corpus import Example, build, is_validation
from workfair.guard.detectors.learned import CharModel, grams

OUT = Path(__file__).resolve().parents[2] / "src" / "workfair" / "guard" / "data" / "market_model.json"
MAX_FEATURES = 24000


def _threshold(neg_scores: list[float], max_fp: float, floor: float) -> float:
    """The lowest threshold that flags at most `max_fp` of the negatives, and never below `floor`
    (the validation negatives are close to the training ones: real honest text scores higher)."""
    s = sorted(neg_scores, reverse=True)
    k = int(max_fp * len(s))
    return max(floor, s[k] + 1e-4 if k < len(s) else floor)


def main() -> None:
    examples = build()
    train = [e for e in examples if not is_validation(e)]
    valid = [e for e in examples if is_validation(e)]
    vec = TfidfVectorizer(analyzer=grams, sublinear_tf=True, min_df=2, max_features=MAX_FEATURES)
    x = vec.fit_transform([e.text for e in train])

    def fit(rows: list[int], labels: list[int], c: float = 8.0) -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=4000, class_weight="balanced").fit(x[rows], np.array(labels))

    honest = ("honest_message", "honest_post")
    heads: list[tuple[str, LogisticRegression]] = []
    rows = [i for i, e in enumerate(train) if e.head in ("abuse", *honest)]
    heads.append(("abuse", fit(rows, [int(train[i].head == "abuse") for i in rows])))
    for head in ("scam", "pay_outside"):
        rows = [i for i, e in enumerate(train) if e.head in (head, "honest_message")]
        heads.append((head, fit(rows, [int(train[i].head == head) for i in rows])))
    rows = [i for i, e in enumerate(train) if e.head in ("prohibited", *honest)]
    heads.append(("prohibited", fit(rows, [int(train[i].head == "prohibited") for i in rows])))
    kinds = sorted({e.kind for e in train if e.head == "prohibited"})
    rows = [i for i, e in enumerate(train) if e.head == "prohibited"]
    for kind in kinds:
        heads.append((f"kind:{kind}", fit(rows, [int(train[i].kind == kind) for i in rows], c=4.0)))

    idf = vec.idf_
    feats = {}
    for g, k in vec.vocabulary_.items():
        feats[g] = [round(float(idf[k]), 4)] + [round(float(clf.coef_[0][k]), 4) for _, clf in heads]
    model = {
        "heads": [h for h, _ in heads],
        "bias": [round(float(clf.intercept_[0]), 5) for _, clf in heads],
        "kinds": kinds,
        "thresholds": {},
        "features": feats,
    }
    m = CharModel(model)
    scored = [(e, m.scores(e.text, 4)) for e in valid]
    abuse_neg = [s["abuse"] for e, s in scored if e.head == "honest_message"]
    post_neg = [s["prohibited"] for e, s in scored if e.head in honest]
    th = {
        "abuse_hold": _threshold(abuse_neg, 0.01, 0.85),
        "abuse_flag": _threshold(abuse_neg, 0.03, 0.7),
        "prohibited_hold": _threshold(post_neg, 0.02, 0.85),
        # a message held on a model's word alone: at most one honest message in 200 of the validation
        "scam_hold": _threshold([s["scam"] for e, s in scored if e.head == "honest_message"], 0.005, 0.9),
        "pay_outside_hold": _threshold([s["pay_outside"] for e, s in scored if e.head == "honest_message"], 0.005, 0.9),
    }
    model["thresholds"] = {k: round(v, 4) for k, v in th.items()}
    OUT.write_text(json.dumps(model, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(
        f"{len(train)} training and {len(valid)} validation examples; {len(feats)} features; "
        f"{OUT.stat().st_size:,} bytes"
    )
    print("thresholds", model["thresholds"])
    _report(scored, th)


def _report(scored: list[tuple[Example, dict[str, float]]], th: dict[str, float]) -> None:
    """Validation figures: the model, the rules (every detector, the default policy), and both."""
    from workfair.guard.decisions import screen_text
    from workfair.guard.detectors import learned

    learned.ENABLED = False  # the rules alone
    try:
        rules = {id(e): screen_text(e.text, surface="job_post" if e.head in ("prohibited", "honest_post")
                                    else "message")
                 for e, _ in scored}  # fmt: skip
    finally:
        learned.ENABLED = True

    def rule_hit(e: Example) -> bool:
        r = rules[id(e)]
        if e.head == "abuse":
            return any(f.category == "abuse" for f in r.findings) or r.decision in ("hold", "block")
        if e.head == "honest_message":
            return r.decision != "allow"
        return r.decision != "allow"

    for head, pos, neg, key, surface_th in (
        ("abuse", "abuse", ("honest_message",), "abuse", th["abuse_flag"]),
        ("prohibited", "prohibited", ("honest_message", "honest_post"), "prohibited", th["prohibited_hold"]),
        ("scam", "scam", ("honest_message",), "scam", th["scam_hold"]),
        ("pay_outside", "pay_outside", ("honest_message",), "pay_outside", th["pay_outside_hold"]),
    ):
        p = [(e, s) for e, s in scored if e.head == pos]
        n = [(e, s) for e, s in scored if e.head in neg]
        model_r = sum(s[key] >= surface_th for _, s in p) / len(p)
        model_fp = sum(s[key] >= surface_th for _, s in n) / len(n)
        rules_r = sum(rule_hit(e) for e, _ in p) / len(p)
        rules_fp = sum(rule_hit(e) for e, _ in n) / len(n)
        both_r = sum(rule_hit(e) or s[key] >= surface_th for e, s in p) / len(p)
        both_fp = sum(rule_hit(e) or s[key] >= surface_th for e, s in n) / len(n)
        print(f"{head}: validation {len(p)} positive, {len(n)} honest")
        print(f"  model alone  recall {model_r:.3f}  false positives {model_fp:.3f}")
        print(f"  rules alone  recall {rules_r:.3f}  false positives {rules_fp:.3f}")
        print(f"  both         recall {both_r:.3f}  false positives {both_fp:.3f}")


if __name__ == "__main__":
    main()
