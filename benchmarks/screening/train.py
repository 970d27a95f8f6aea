"""Train the abuse and spam models shipped in workfair/guard/data (needs the `bench` extra).

    python -m benchmarks.screening.train

Word and character n-gram TF-IDF, NB-weighted (the analyzer is `workfair.guard.detectors.textmodel.features`, the
same function that scores at run time) and logistic regression, on the rows that `held_out()` leaves
for training. The result is written as plain JSON weights: no scikit-learn at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from benchmarks.screening.data import davidson_votes, held_out, spam_rows
from workfair.guard.detectors.textmodel import features

OUT = Path(__file__).resolve().parents[2] / "src" / "workfair" / "guard" / "data"


def _nb_ratio(x, y: np.ndarray) -> np.ndarray:
    """Log-count ratio of each feature between the positive and negative rows (NB-LR, Wang and Manning 2012)."""
    xb = (x > 0).astype(float)
    p = 1.0 + np.asarray(xb[y == 1].sum(0)).ravel()
    q = 1.0 + np.asarray(xb[y == 0].sum(0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


def _fit(texts: list[str], targets: dict[str, tuple[list[int], list[float] | None]], max_features: int, c: float):
    """TF-IDF + one NB-weighted logistic regression per head; each target is (hard labels, soft labels or None).

    The NB ratio r scales the normalised TF-IDF vector before the regression, so the shipped weight of a
    feature is r * w: scoring stays one linear pass (see textmodel)."""
    vec = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=3, max_features=max_features)
    x = vec.fit_transform(texts)
    heads, biases, weights = [], [], []
    for name, (hard, soft) in targets.items():
        y = np.array(hard)
        r = _nb_ratio(x, y)
        xr = x @ sp.diags(r)
        if soft is None:
            clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(xr, y)
        else:
            # each row once as positive and once as negative, weighted by the annotators' votes
            frac = np.array(soft)
            clf = LogisticRegression(C=c, max_iter=3000).fit(
                sp.vstack([xr, xr]), np.r_[np.ones(len(y)), np.zeros(len(y))], sample_weight=np.r_[frac, 1 - frac]
            )
            # prior shift: the data set is 83% abuse, a marketplace is not; moving the intercept by the
            # log prior odds makes 0.5 mean "as likely as not" with balanced classes (ranking unchanged)
            clf.intercept_ -= np.log(frac.sum() / (1 - frac).sum())
        heads.append(name)
        biases.append(round(float(clf.intercept_[0]), 5))
        weights.append(clf.coef_[0] * r)
    idf = vec.idf_
    feats = {}
    for f, k in vec.vocabulary_.items():
        row = [round(float(idf[k]), 4)] + [round(float(w[k]), 4) for w in weights]
        if any(abs(v) >= 0.0005 for v in row[1:]):
            feats[f] = row
    return {"heads": heads, "bias": biases, "sublinear_tf": True, "features": feats}


def main() -> None:
    rows = davidson_votes()
    train = [r for r in rows if not held_out("davidson", r[0])]
    test = [(r[1], r[2]) for r in rows if held_out("davidson", r[0])]
    texts = [r[1] for r in train]
    model = _fit(
        texts,
        {
            "abusive": ([int(r[2] in (0, 1)) for r in train], [r[3] for r in train]),
            "hate": ([int(r[2] == 0) for r in train], None),
        },
        max_features=40000,
        c=4.0,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "abuse_model.json").write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    from workfair.guard.detectors.textmodel import LinearTextModel

    m = LinearTextModel(model)
    scores = [m.scores(t)["abusive"] for t, _ in test]
    print("abuse held-out AUC", roc_auc_score([int(c in (0, 1)) for _, c in test], scores), len(model["features"]))

    srows = spam_rows()
    strain = [(t, y) for rid, t, y in srows if not held_out("spam", rid)]
    stest = [(t, y) for rid, t, y in srows if held_out("spam", rid)]
    smodel = _fit([t for t, _ in strain], {"spam": ([y for _, y in strain], None)}, max_features=20000, c=4.0)
    (OUT / "spam_model.json").write_text(json.dumps(smodel, separators=(",", ":")), encoding="utf-8")
    sm = LinearTextModel(smodel)
    print("spam held-out AUC", roc_auc_score([y for _, y in stest], [sm.scores(t)["spam"] for t, _ in stest]))


if __name__ == "__main__":
    main()
