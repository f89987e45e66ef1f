"""SciPy's values for the cases test/stdlib/significance.test.ts sends on stdin (JSON); prints JSON."""
import json
import math
import sys

from scipy.stats import binomtest, chi2, norm

cases = json.load(sys.stdin)


def trial_size(p1, p2, alpha, power):
    # Fleiss, Levin & Paik (2003), eq. 4.14, without continuity correction.
    za, zb, mean = norm.ppf(1 - alpha / 2), norm.ppf(power), (p1 + p2) / 2
    root = za * math.sqrt(2 * mean * (1 - mean)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(root**2 / (p1 - p2) ** 2)


print(
    json.dumps(
        {
            "quantiles": [float(norm.ppf(p)) for p in cases["quantiles"]],
            "cdf": [float(norm.cdf(x)) for x in cases["cdf"]],
            "mcnemar": [
                {
                    "exactP": float(binomtest(min(b, c), b + c, 0.5).pvalue),
                    "chiSquareP": float(chi2.sf((abs(b - c) - 1) ** 2 / (b + c), 1)),
                }
                for b, c in cases["mcnemar"]
            ],
            "trials": [trial_size(*t) for t in cases["trials"]],
        }
    )
)
