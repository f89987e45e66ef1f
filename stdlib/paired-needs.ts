/**
 * Is model A really better than model B on a need? Both are scored on the
 * same test rows, so the difference of their values on the need's metric is
 * bootstrapped in pairs (significance.ts): one resample of rows for both.
 * Count metrics are computed from each model's decisions at its own cut-off;
 * score metrics from the scores; fairness needs from the per-group counts of
 * the resampled rows. For accuracy-type needs McNemar's test is added: on all
 * rows for accuracy, on the actual positives for recall (the paired test of
 * two recalls), on the actual negatives for specificity.
 */
import type { NeedSpec } from "../plan/plan";
import { METRICS } from "../plan/catalogue";
import { averagePrecision, brier, COUNT_METRICS, logLoss, rocAuc, type ConfusionCounts } from "./metrics";
import { countByGroup, DEFAULT_MIN_POSITIVES, intersect, reportFromCounts, type DisparityName } from "./fairness";
import { mcnemar, pairedIndexBootstrap, type McNemar, type PairedDifference } from "./significance";
import type { BootstrapOptions } from "./bootstrap";
import { costGroups, decisionValueByGroup } from "./decisions";
import type { ScoredSplit } from "./evaluate";

export interface PairedModel extends Pick<ScoredSplit, "model" | "yTrue" | "yScore" | "sensitive" | "negative"> {
  /** The model's cut-off: a row is positive when its score is at least this. */
  threshold: number;
}

export interface PairedNeed {
  need: NeedSpec;
  a: string;
  b: string;
  /** A's value minus B's, with its paired interval. */
  difference: PairedDifference;
  /** Which model the interval shows better on this need, or "neither" when it includes zero. */
  better: string | "neither";
  mcnemar?: McNemar;
  text: string;
}

const SCORE_METRICS: Record<string, (y: ArrayLike<number>, s: ArrayLike<number>) => number> = {
  roc_auc: (y, s) => rocAuc(y, s),
  average_precision: (y, s) => averagePrecision(y, s),
  log_loss: logLoss,
  brier,
};

const MCNEMAR_ROWS: Record<string, ((y: number) => boolean) | undefined> = {
  accuracy: () => true,
  recall: (y) => y === 1,
  specificity: (y) => y === 0,
};

/**
 * Where the metric is best: signed gaps (direction "zero") and ratios ("one")
 * are compared by their distance from 0 or 1, so the difference is of
 * distances and lower is better.
 */
function target(need: NeedSpec): number | undefined {
  const direction = METRICS[need.metric].direction;
  return direction === "zero" ? 0 : direction === "one" ? 1 : undefined;
}

/** A positive number when the difference A − B favours A. */
function improvement(need: NeedSpec, d: number): number {
  return METRICS[need.metric].direction === "higher" ? d : -d;
}

/** The paired difference between two models on one need, on the same test rows. */
export function pairedNeedDifference(
  a: PairedModel,
  b: PairedModel,
  need: NeedSpec,
  options: BootstrapOptions = {},
): PairedNeed {
  const n = a.yTrue.length;
  if (b.yTrue.length !== n) throw new RangeError(`models '${a.model}' and '${b.model}' were scored on different rows`);
  if (need.unit) throw new RangeError(`need '${need.text}' is measured once per model, not on rows: nothing to pair`);
  const negative = need.onClass !== undefined && need.onClass === a.negative;
  // Labels and decisions seen from the need's class.
  const label = (i: number) => (negative ? 1 - a.yTrue[i] : a.yTrue[i]);
  const decision = (m: PairedModel, i: number) => (m.yScore[i] >= m.threshold !== negative ? 1 : 0);
  const score = (m: PairedModel, i: number) => (negative ? 1 - m.yScore[i] : m.yScore[i]);
  const model = (which: "a" | "b") => (which === "a" ? a : b);
  let value: (which: "a" | "b", rows: Int32Array) => number;

  if (need.by?.length) {
    const groups = need.by.length === 1 ? a.sensitive?.[need.by[0]] : intersect(need.by.map((c) => a.sensitive![c]));
    if (!groups) throw new RangeError(`need '${need.text}' compares groups of columns the split does not carry`);
    value = (which, rows) => {
      const y = new Uint8Array(rows.length),
        p = new Uint8Array(rows.length),
        g = new Array<string>(rows.length);
      rows.forEach((r, j) => {
        y[j] = label(r);
        p[j] = decision(model(which), r);
        g[j] = groups[r];
      });
      return (
        reportFromCounts(need.by!.join(" & "), countByGroup(y, p, g), {
          minGroupSize: need.minGroupSize ?? 30,
          minPositives: need.minPositives ?? DEFAULT_MIN_POSITIVES,
          privileged: need.privileged,
        }).disparities[need.metric as DisparityName] ?? NaN
      );
    };
  } else if (need.metric in SCORE_METRICS) {
    const metric = SCORE_METRICS[need.metric];
    value = (which, rows) => {
      const y = new Float64Array(rows.length),
        s = new Float64Array(rows.length);
      rows.forEach((r, j) => {
        y[j] = label(r);
        s[j] = score(model(which), r);
      });
      return metric(y, s);
    };
  } else if (need.metric in COUNT_METRICS) {
    const metric = COUNT_METRICS[need.metric as keyof typeof COUNT_METRICS];
    value = (which, rows) => {
      const c: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
      for (const r of rows)
        if (label(r) === 1) decision(model(which), r) ? c.tp++ : c.fn++;
        else decision(model(which), r) ? c.fp++ : c.tn++;
      return metric(c);
    };
  } else if (need.metric === "expected_cost" || need.metric === "net_benefit") {
    // net_benefit decides at its threshold probability, expected_cost at each model's cut-off.
    const pt = need.metric === "net_benefit" ? need.thresholdProbability : undefined;
    // Prices that differ by group price each row by its group.
    const priced = costGroups(need, a.sensitive, `the rows '${a.model}' and '${b.model}' are compared on`);
    value = (which, rows) => {
      const m = model(which);
      const counts = new Map<string, ConfusionCounts>();
      for (const r of rows) {
        const g = priced ? priced[r] : "";
        let c = counts.get(g);
        if (!c) counts.set(g, (c = { tp: 0, fp: 0, fn: 0, tn: 0 }));
        const treated = m.yScore[r] >= (pt ?? m.threshold);
        if (label(r) === 1) treated ? c.tp++ : c.fn++;
        else treated ? c.fp++ : c.tn++;
      }
      return decisionValueByGroup(need, counts);
    };
  } else throw new RangeError(`need '${need.text}': ${need.metric} is not a binary classifier's metric`);

  const best = target(need);
  const measure =
    best === undefined ? value : (which: "a" | "b", rows: Int32Array) => Math.abs(value(which, rows) - best);
  const difference = pairedIndexBootstrap(n, measure, { purpose: `paired:${need.id}`, ...options });
  const d = difference.difference;
  const better = !difference.significant ? "neither" : improvement(need, d.low) > 0 ? a.model : b.model;
  const rowsFor = MCNEMAR_ROWS[need.by?.length ? "" : need.metric];
  let test: McNemar | undefined;
  if (rowsFor) {
    const idx = Array.from({ length: n }, (_, i) => i).filter((i) => rowsFor(label(i)));
    const y = idx.map(label);
    test = mcnemar(
      y,
      idx.map((i) => decision(a, i)),
      idx.map((i) => decision(b, i)),
    );
  }
  const pct = Math.round(d.level * 100);
  const of = best === undefined ? "" : `distance from ${best}: `;
  const range = `${of}${a.model} − ${b.model} = ${fmt(d.estimate)} [${fmt(d.low)}, ${fmt(d.high)}]`;
  const text =
    better === "neither"
      ? `${need.text}: no significant difference (${range}, ${pct}% paired interval includes 0)`
      : `${need.text}: ${better} is better (${range}, ${pct}% paired interval)`;
  return {
    need,
    a: a.model,
    b: b.model,
    difference,
    better,
    ...(test && { mcnemar: test }),
    text: test ? `${text}; McNemar exact p = ${fmt(test.exactP)}` : text,
  };
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : "undefined");

/** Whether the leader of a ranking is significantly better than the runner-up on each need, in words. */
export function leaderNote(leader: string, runnerUp: string, paired: PairedNeed[]): string {
  const notBetter = paired.filter((p) => p.better !== leader).map((p) => p.need.text);
  if (!paired.length) return "";
  if (!notBetter.length) return `${leader} is significantly better than ${runnerUp} on every need.`;
  return `${leader} is not significantly better than ${runnerUp} on ${notBetter.join(", ")}: the difference there may be noise.`;
}
