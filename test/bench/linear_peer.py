"""The scikit-learn side of test/bench/linear.ts: loads the prepared matrix
once, then fits LogisticRegression(solver="lbfgs") each time a line "fit"
arrives on stdin and answers with the fit's seconds, its iterations, and its
coefficients (JSON, one line), so only fit() is timed, never Python's start.

argv: X.f32 (row-major float32) n d y.u8 C
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression

path, n, d, ypath, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
x = np.fromfile(path, dtype=np.float32).astype(np.float64).reshape(n, d)
y = np.fromfile(ypath, dtype=np.uint8)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    if line.strip() != "fit":
        break
    model = LogisticRegression(solver="lbfgs", C=c, max_iter=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - started
    out = {"seconds": seconds, "n_iter": int(model.n_iter_[0]), "coef": model.coef_[0].tolist() + [float(model.intercept_[0])]}
    print(json.dumps(out), flush=True)
