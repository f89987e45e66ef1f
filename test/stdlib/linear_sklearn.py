"""scikit-learn's fits of the problems test/stdlib/linear*.test.ts and the
benchmark hand it, for comparison with needlab's exact linear models.

stdin: JSON {"cases": [{"kind": "logistic" | "ridge", "x": PATH (float32, row-major),
"n", "d", "y": [...], "weights": [...] | null, "l2": X, "classes": K,
"softmax": bool (multinomial even for two classes), "test": PATH | null, "n_test": N, "y_test": [...] | null, "sklearn_defaults": bool}]}.
stdout: JSON {"results": [{"coef": [[...]], "intercept": [...], "proba" | "predict": [...],
"test_proba": [...], "test_auc": A, "n_iter": I}]}.
LogisticRegression gets C = 1 / l2 (solver newton-cg to tol 1e-8 for two classes, lbfgs to tol 1e-10
for more, or lbfgs with its defaults when "sklearn_defaults") (penalty none when l2 is 0); Ridge gets alpha = l2
(LinearRegression when l2 is 0). Both get the rows' weights as sample_weight.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import roc_auc_score


def matrix(path, n, d):
    return np.fromfile(path, dtype=np.float32).astype(np.float64).reshape(n, d)


def fit(case):
    x = matrix(case["x"], case["n"], case["d"])
    y = np.asarray(case["y"])
    w = None if case.get("weights") is None else np.asarray(case["weights"], dtype=np.float64)
    l2 = case["l2"]
    out = {}
    if case["kind"] == "ridge":
        model = LinearRegression() if l2 == 0 else Ridge(alpha=l2, solver="auto")
        model.fit(x, y, sample_weight=w)
        out["coef"] = [np.ravel(model.coef_).tolist()]
        out["intercept"] = [float(model.intercept_)]
        out["predict"] = model.predict(x).tolist()
        return out
    k = case.get("classes", 2)
    softmax = k > 2 or case.get("softmax", False)
    if case.get("sklearn_defaults"):
        # What a user gets from LogisticRegression() (with room to converge).
        settings = dict(solver="lbfgs", max_iter=1000)
    else:
        # L-BFGS stops on its relative-decrease test (ftol = 64 eps), a little short of the optimum on
        # ill-conditioned data; newton-cg minimises the same objective to tol, a reference to compare coefficients.
        # (Several classes: newton-cg takes tens of seconds, so L-BFGS with tol 1e-10, and the test allows for it.)
        settings = dict(solver="newton-cg", tol=1e-8, max_iter=10000) if not softmax else dict(tol=1e-10, max_iter=10000)
    if softmax:
        settings["multi_class"] = "multinomial"
    model = LogisticRegression(penalty="none", **settings) if l2 == 0 else LogisticRegression(C=1.0 / l2, **settings)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y, sample_weight=w)
    out["coef"] = model.coef_.tolist()
    out["intercept"] = model.intercept_.tolist()
    proba = model.predict_proba(x)
    out["proba"] = (proba.ravel() if softmax else proba[:, 1]).tolist()
    out["n_iter"] = int(np.max(model.n_iter_))
    if case.get("test"):
        xt = matrix(case["test"], case["n_test"], case["d"])
        pt = model.predict_proba(xt)[:, 1]
        out["test_proba"] = pt.tolist()
        out["test_auc"] = float(roc_auc_score(case["y_test"], pt))
    return out


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"results": [fit(c) for c in cases]}, sys.stdout)


main()
