"""scikit-learn's side of the text baseline tests (test/kernel/text.test.ts).

  text_sklearn.py CSV TEXT LABEL SPLIT_JSON OPTIONS_JSON
    SPLIT_JSON: {"train": [row, ...], "test": [row, ...]} (0-based data rows, as needlab split them)
    OPTIONS_JSON: {"ngram_range": [1, 2], "min_df": 1, "sublinear_tf": true, "C": 1.0}
  → {"classes": [...], "proba": [[...], ...] (test rows × classes), "macro_f1": F}

TfidfVectorizer with those options fitted on the training rows; LogisticRegression
(lbfgs, multinomial, max_iter=1000) as needlab's baseline is documented to equal.
"""
import csv
import json
import sys
import warnings

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

warnings.simplefilter("ignore")
path, text_col, label_col, split_json, options_json = sys.argv[1:6]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
split = json.loads(split_json)
o = json.loads(options_json)
texts = [r[text_col] for r in rows]
labels = [r[label_col] for r in rows]
train, test = split["train"], split["test"]
v = TfidfVectorizer(ngram_range=tuple(o.get("ngram_range", [1, 1])), min_df=o.get("min_df", 1),
                    sublinear_tf=o.get("sublinear_tf", False))
X_train = v.fit_transform([texts[i] for i in train])
X_test = v.transform([texts[i] for i in test])
clf = LogisticRegression(C=o.get("C", 1.0), max_iter=1000)
clf.fit(X_train, [labels[i] for i in train])
pred = clf.predict(X_test)
json.dump({
    "classes": list(clf.classes_),
    "proba": clf.predict_proba(X_test).tolist(),
    "macro_f1": f1_score([labels[i] for i in test], pred, average="macro"),
    "features": X_train.shape[1],
}, sys.stdout)
