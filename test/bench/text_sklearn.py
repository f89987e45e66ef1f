"""scikit-learn's side of test/bench/text.ts, timed inside Python (reading the
CSV files and importing scikit-learn are not counted, as needlab's side does
not count them either).

  text_sklearn.py vectorise TRAIN TEST  → {"seconds", "cpu_s", "features"}
  text_sklearn.py baseline TRAIN TEST   → {"vectorise_s", "train_s", "seconds", "cpu_s", "macro_f1", …}

"seconds" is wall time, "cpu_s" this process's CPU time over the same span
(the machine is shared: CPU time shows the work when the wall clock waits).

Vectoriser: TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
fitted on the training messages; classifier: LogisticRegression (lbfgs, C=1,
multinomial, max_iter=1000 so that it converges).
"""
import csv
import json
import sys
import time
import warnings

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

warnings.simplefilter("ignore")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["category"] for r in rows]


mode, train_path, test_path = sys.argv[1:4]
x_train, y_train = read(train_path)
x_test, y_test = read(test_path)
t0 = time.perf_counter()
c0 = time.process_time()
v = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
X_train = v.fit_transform(x_train)
X_test = v.transform(x_test)
t1 = time.perf_counter()
if mode == "vectorise":
    json.dump({"seconds": t1 - t0, "cpu_s": time.process_time() - c0, "features": X_train.shape[1]}, sys.stdout)
    sys.exit(0)
clf = LogisticRegression(C=1.0, max_iter=1000)
clf.fit(X_train, y_train)
t2 = time.perf_counter()
c2 = time.process_time()
pred = clf.predict(X_test)
json.dump(
    {
        "vectorise_s": t1 - t0,
        "train_s": t2 - t1,
        "seconds": t2 - t0,
        "cpu_s": c2 - c0,
        "macro_f1": f1_score(y_test, pred, average="macro"),
        "features": X_train.shape[1],
        "iterations": int(clf.n_iter_[0]),
    },
    sys.stdout,
)
