"""scikit-learn's transformers on the rows needlab chose (test/stdlib/data-sklearn.test.ts).

usage: data-sklearn.py CSV TARGET SPLIT.json OUT.bin
SPLIT.json: {"train": [row, ...], "test": [row, ...], "missing": ["?"]}
Writes the transformed test rows as float64, row-major, features in column
order: numbers median-imputed and standard-scaled, text mode-imputed and
one-hot encoded (unseen categories all zeros).
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler

path, target, split_file, out = sys.argv[1:5]
split = json.load(open(split_file))
df = pd.read_csv(path, na_values=split["missing"], skipinitialspace=True)
df = df.drop(columns=[target])
train, test = df.iloc[split["train"]], df.iloc[split["test"]]
parts = []
for col in df.columns:
    if pd.api.types.is_numeric_dtype(df[col]):
        imp = SimpleImputer(strategy="median").fit(train[[col]])
        sc = StandardScaler().fit(imp.transform(train[[col]]))
        parts.append(sc.transform(imp.transform(test[[col]])))
    else:
        imp = SimpleImputer(strategy="most_frequent").fit(train[[col]])
        enc = OneHotEncoder(handle_unknown="ignore").fit(imp.transform(train[[col]]))
        parts.append(enc.transform(imp.transform(test[[col]])).toarray())
np.hstack(parts).astype(np.float64).tofile(out)
