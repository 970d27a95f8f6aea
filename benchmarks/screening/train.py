"""Train the abuse and spam models shipped in workfair/trust/data (needs the `bench` extra).

    python -m benchmarks.screening.train

Word and character n-gram TF-IDF (the analyzer is `workfair.trust.detectors.textmodel.features`, the
same function that scores at run time) and logistic regression, on the rows that `held_out()` leaves
for training. The result is written as plain JSON weights: no scikit-learn at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from benchmarks.screening.data import davidson, held_out, spam_rows
from workfair.trust.detectors.textmodel import features

OUT = Path(__file__).resolve().parents[2] / "src" / "workfair" / "trust" / "data"


def _fit(texts: list[str], targets: dict[str, list[int]], max_features: int, c: float) -> dict:
    vec = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=3, max_features=max_features)
    x = vec.fit_transform(texts)
    heads, biases, weights = [], [], []
    for name, y in targets.items():
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        clf.fit(x, np.array(y))
        heads.append(name)
        biases.append(round(float(clf.intercept_[0]), 5))
        weights.append(clf.coef_[0])
    vocab = vec.vocabulary_
    idf = vec.idf_
    feats = {}
    for f, k in vocab.items():
        row = [round(float(idf[k]), 4)] + [round(float(w[k]), 4) for w in weights]
        if any(abs(v) >= 0.0005 for v in row[1:]):
            feats[f] = row
    return {"heads": heads, "bias": biases, "sublinear_tf": True, "features": feats}, vec, x


def main() -> None:
    rows = davidson()
    train = [(t, c) for rid, t, c in rows if not held_out("davidson", rid)]
    test = [(t, c) for rid, t, c in rows if held_out("davidson", rid)]
    texts = [t for t, _ in train]
    model, _, _ = _fit(
        texts,
        {"abusive": [int(c in (0, 1)) for _, c in train], "hate": [int(c == 0) for _, c in train]},
        max_features=40000,
        c=4.0,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "abuse_model.json").write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    from workfair.trust.detectors.textmodel import LinearTextModel

    m = LinearTextModel(model)
    scores = [m.scores(t)["abusive"] for t, _ in test]
    print("abuse held-out AUC", roc_auc_score([int(c in (0, 1)) for _, c in test], scores), len(model["features"]))

    srows = spam_rows()
    strain = [(t, y) for rid, t, y in srows if not held_out("spam", rid)]
    stest = [(t, y) for rid, t, y in srows if held_out("spam", rid)]
    smodel, _, _ = _fit([t for t, _ in strain], {"spam": [y for _, y in strain]}, max_features=20000, c=4.0)
    (OUT / "spam_model.json").write_text(json.dumps(smodel, separators=(",", ":")), encoding="utf-8")
    sm = LinearTextModel(smodel)
    print("spam held-out AUC", roc_auc_score([y for _, y in stest], [sm.scores(t)["spam"] for t, _ in stest]))


if __name__ == "__main__":
    main()
