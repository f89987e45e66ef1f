"""The peer for `npm run bench` (test/bench/data.ts): pandas reads a CSV and
scikit-learn prepares it as needlab does (median imputation and standard
scaling for numbers, mode imputation and one-hot encoding for text), fitted
on a seeded 80% of the rows. Prints one JSON line: seconds and peak RSS.

usage: data_pandas.py FILE TARGET [--na MARKER] [DROP ...]
"""
import json
import resource
import sys
import time

t0 = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

path, target, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
na = [rest[1]] if rest[:1] == ["--na"] else []
drop = rest[2:] if na else rest
df = pd.read_csv(path, skipinitialspace=True, na_values=na)
t_read = time.perf_counter()
y = df.pop(target)
df = df.drop(columns=drop)
df = df[y.notna()]
numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
text = [c for c in df.columns if c not in numeric]
prep = ColumnTransformer(
    [
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), text),
    ]
)
rng = np.random.default_rng(42)
train = rng.random(len(df)) < 0.8
x_train = prep.fit_transform(df[train])
x_test = prep.transform(df[~train])
t_end = time.perf_counter()
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": t_end - t0, "read": t_read - t0, "peak_mb": peak_kb / 1024, "features": x_train.shape[1]}))
