"""Reference TF-IDF from scikit-learn for test/stdlib/text/tfidf.test.ts.

Reads JSON cases on stdin ({fit, transform, options}), writes per case the
vocabulary in column order, the idf weights and both matrices in CSR form.
Options use needlab's names; NFKC is Python's own unicodedata, independent of
JavaScript's String.prototype.normalize. A requested max_features is lowered
to the nearest cutoff without a tie in term counts, because scikit-learn breaks
such ties with an unstable argsort; the case reports the one it used.
"""
import json
import sys
import unicodedata

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer


def kwargs(o):
    k = dict(
        analyzer=o["analyzer"],
        ngram_range=tuple(o["ngramRange"]),
        min_df=int(o["minDf"]),
        max_df=float(o["maxDf"]),
        binary=o["binary"],
        lowercase=o["lowercase"],
    )
    if o["unicode"] == "nfkc":
        lower = o["lowercase"]
        # A preprocessor replaces scikit-learn's lower-casing, so it lower-cases itself.
        k["preprocessor"] = lambda s: (unicodedata.normalize("NFKC", s).lower() if lower else unicodedata.normalize("NFKC", s))
    return k


def tie_free(k, texts, wanted):
    # Counts (ones under binary) of the terms min_df and max_df keep, as scikit-learn ranks them.
    X = CountVectorizer(**k).fit_transform(texts)
    counts = np.asarray(X.sum(axis=0)).ravel()
    tfs = np.sort(counts)[::-1]
    if wanted >= len(tfs):
        return wanted
    m = wanted
    while m > 1 and tfs[m - 1] == tfs[m]:
        m -= 1
    return m


def csr(X):
    X = X.tocsr()
    X.sort_indices()
    return {"indptr": X.indptr.tolist(), "indices": X.indices.tolist(), "data": X.data.tolist()}


out = []
for case in json.load(sys.stdin):
    o = case["options"]
    k = kwargs(o)
    max_features = o.get("maxFeatures")
    if max_features is not None:
        max_features = tie_free(k, case["fit"], max_features)
    v = TfidfVectorizer(
        **k,
        max_features=max_features,
        use_idf=o["useIdf"],
        smooth_idf=o["smoothIdf"],
        sublinear_tf=o["sublinearTf"],
        norm=None if o["norm"] == "none" else o["norm"],
    )
    Xfit = v.fit_transform(case["fit"])
    Xnew = v.transform(case["transform"])
    out.append(
        {
            "maxFeatures": max_features,
            "vocabulary": v.get_feature_names_out().tolist(),
            "idf": v.idf_.tolist() if o["useIdf"] else None,
            "fit": csr(Xfit),
            "transform": csr(Xnew),
        }
    )
json.dump(out, sys.stdout)
