/**
 * Evaluation of a classifier over several classes on its test rows:
 * accuracy, balanced accuracy (mean recall over the classes), log loss, and
 * precision, recall and f1 per class (one class against the rest, as
 * scikit-learn's classification_report) and macro-averaged; a verdict per
 * need with a seeded bootstrap interval, every row its own cell.
 */
import type { EvaluatedOn, Verdict } from "./evaluate";
import { rowVerdicts } from "./row-verdicts";
import type { NeedSetSpec, OperationalMetric } from "../plan/plan";
import { NeedlabError } from "./errors";
import { endWithSuggestion } from "../plan/suggest";
import { CLASS_GAPS, type ClassGapName } from "../plan/catalogue";
import { classGapReport, gapFromCells, groupClassCells, type ClassGapReport, type GapOptions } from "./class-gaps";
import { DEFAULT_MIN_POSITIVES, intersect } from "./fairness";

export interface ClassScores {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface MulticlassMetrics {
  accuracy: number;
  balanced_accuracy: number;
  log_loss: number;
  /** Macro averages over the classes. */
  precision: number;
  recall: number;
  f1: number;
}

export interface MulticlassEvaluation {
  task: "multiclass";
  model: string;
  dataset: string;
  split: EvaluatedOn;
  rows: number;
  classNames: string[];
  metrics: MulticlassMetrics;
  perClass: ClassScores[];
  /** confusion[true][predicted], counts. */
  confusion: number[][];
  /**
   * By-group accuracy and macro recall for each sensitive column, and the
   * report of each fairness need (keyed by its text), groups sorted by name.
   */
  groups: Record<string, ClassGapReport>;
  verdicts: Verdict[];
}

const EPS = 1e-15; // scikit-learn's log_loss clipping for float64 (its eps="auto" for float32 is larger)

/**
 * The metrics with row i counted weights[i] times (a bootstrap resample;
 * all ones for the plain metrics). Undefined ratios (a class never
 * predicted) are NaN, as everywhere in needlab.
 */
/** One row's cross-entropy: −log of the probability of its true class, clipped as scikit-learn does. */
const rowLogLoss = (probs: ArrayLike<number>, k: number, row: number, label: number) =>
  -Math.log(Math.min(1 - EPS, Math.max(EPS, probs[row * k + label])));

export function weightedMulticlass(
  yTrue: ArrayLike<number>,
  probs: ArrayLike<number>,
  k: number,
  weights: ArrayLike<number>,
): { metrics: MulticlassMetrics; perClass: Omit<ClassScores, "class">[]; confusion: number[][] } {
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let n = 0,
    loss = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    confusion[yTrue[i]][best] += w;
    n += w;
    loss += w * rowLogLoss(probs, k, i, yTrue[i]);
  }
  const fromCells = fromConfusion(confusion);
  return { metrics: { ...fromCells.metrics, log_loss: n ? loss / n : NaN }, perClass: fromCells.perClass, confusion };
}

/** Every metric but log loss, from a confusion matrix of (weighted) counts, confusion[true][predicted]. */
export function fromConfusion(confusion: number[][]): {
  metrics: Omit<MulticlassMetrics, "log_loss">;
  perClass: Omit<ClassScores, "class">[];
} {
  const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);
  const perClass = confusion.map((row, c) => {
    const predicted = confusion.reduce((a, r) => a + r[c], 0),
      support = row.reduce((a, b) => a + b, 0);
    return {
      precision: ratio(row[c], predicted),
      recall: ratio(row[c], support),
      f1: ratio(2 * row[c], predicted + support),
      support,
    };
  });
  const present = perClass.filter((p) => p.support > 0);
  const mean = (key: "precision" | "recall" | "f1") =>
    present.reduce((a, p) => a + p[key], 0) / Math.max(1, present.length);
  const n = perClass.reduce((a, p) => a + p.support, 0);
  const correct = confusion.reduce((a, row, c) => a + row[c], 0);
  return {
    metrics: {
      accuracy: ratio(correct, n),
      balanced_accuracy: mean("recall"),
      precision: mean("precision"),
      recall: mean("recall"),
      f1: mean("f1"),
    },
    perClass,
  };
}

/**
 * Which rows have their true class among the k most probable, ranked as
 * scikit-learn's top_k_accuracy_score ranks them (a stable sort, reversed:
 * of classes with equal probability the higher index ranks first).
 */
export function topKHits(yTrue: ArrayLike<number>, probs: ArrayLike<number>, k: number, top: number): Uint8Array {
  return Uint8Array.from({ length: yTrue.length }, (_, i) => {
    const label = yTrue[i],
      own = probs[i * k + label];
    let above = 0;
    for (let c = 0; c < k; c++) {
      const p = probs[i * k + c];
      if (p > own || (p === own && c > label)) above++;
    }
    return above < top ? 1 : 0;
  });
}

/** A share of the rows measured from two cells (in, out): resampling them multinomially is resampling the rows. */
const shareOfRows = (inside: number, rows: number) => ({
  cells: [inside, rows - inside],
  value: (c: ArrayLike<number>) => (c[0] + c[1] ? c[0] / (c[0] + c[1]) : NaN),
});

export interface MulticlassSplit {
  model: string;
  dataset: string;
  classNames: string[];
  yTrue: ArrayLike<number>;
  /** Flattened rows × classes probabilities. */
  probs: ArrayLike<number>;
  /** Each sensitive column's group of every row. */
  sensitive?: Record<string, ArrayLike<string>>;
  operational?: Partial<Record<OperationalMetric, number>>;
}

/** The most probable class of each row (the first of equals, as the confusion matrix counts it). */
function predictedClasses(probs: ArrayLike<number>, rows: number, k: number): Uint8Array | Uint16Array {
  const out = k < 256 ? new Uint8Array(rows) : new Uint16Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Each row's group for a need's `by` columns (several: their intersection). */
function groupsOf(s: MulticlassSplit, by: string[], what: string): ArrayLike<string> {
  const missing = by.find((b) => !s.sensitive?.[b]);
  if (missing)
    throw new NeedlabError(
      `${what} compares groups of '${missing}', which dataset '${s.dataset}' does not declare sensitive: add \`sensitive ${missing}\` to it`,
    );
  return by.length === 1 ? s.sensitive![by[0]] : intersect(by.map((b) => Array.from(s.sensitive![b])));
}

export function evaluateMulticlass(
  s: MulticlassSplit,
  needs: NeedSetSpec,
  options: { seed?: number; samples?: number; split?: EvaluatedOn } = {},
): MulticlassEvaluation {
  const k = s.classNames.length;
  const classIndex = (name: string) => {
    const c = s.classNames.indexOf(name);
    if (c < 0)
      throw new NeedlabError(
        `a need is about class "${name}", which is not a class of '${s.dataset}'${endWithSuggestion(name, s.classNames)}Its classes are: ${s.classNames.join(", ")}.`,
      );
    return c;
  };
  const all = weightedMulticlass(s.yTrue, s.probs, k, new Float64Array(s.yTrue.length).fill(1));
  const predicted = predictedClasses(s.probs, s.yTrue.length, k);
  const groups: Record<string, ClassGapReport> = {};
  for (const col of Object.keys(s.sensitive ?? {})) {
    const { groups: names, cells } = groupClassCells(s.yTrue, predicted, s.sensitive![col], k);
    groups[col] = classGapReport(col, names, cells, k, {
      metric: "accuracy_difference",
      minGroupSize: 30,
      minPositives: DEFAULT_MIN_POSITIVES,
    });
  }
  const verdicts = rowVerdicts(
    s.model,
    s.yTrue.length,
    needs,
    (need) => {
      const metric = need.metric as keyof MulticlassMetrics;
      if (need.by?.length && (CLASS_GAPS as readonly string[]).includes(need.metric)) {
        const gap = need.metric as ClassGapName;
        const cls = gap === "recall_difference" ? classIndex(need.onClass ?? "") : undefined;
        const o: GapOptions = {
          metric: gap,
          ...(cls !== undefined && { cls, className: s.classNames[cls] }),
          minGroupSize: need.minGroupSize ?? 30,
          minPositives: need.minPositives ?? DEFAULT_MIN_POSITIVES,
        };
        const by = need.by.join(" & ");
        const { groups: names, cells } = groupClassCells(
          s.yTrue,
          predicted,
          groupsOf(s, need.by, `need '${need.text}'`),
          k,
        );
        groups[need.text] = classGapReport(by, names, cells, k, o);
        return { cells, value: (c) => gapFromCells(names, c, k, o) };
      }
      if (need.metric === "top_k_accuracy") {
        const hits = topKHits(s.yTrue, s.probs, k, need.k ?? 1);
        return shareOfRows(
          hits.reduce((a, b) => a + b, 0),
          hits.length,
        );
      }
      if (need.metric === "share") {
        const c = classIndex(need.onClass ?? "");
        return shareOfRows(
          all.confusion.reduce((a, row) => a + row[c], 0),
          s.yTrue.length,
        );
      }
      if (!(metric in all.metrics))
        throw new NeedlabError(
          `${need.metric} is not measured for a multiclass target (need ${need.id}): use accuracy, balanced_accuracy, log_loss, top_k_accuracy, share, or precision, recall, f1 (optionally \`on class "C"\`); between groups, ${CLASS_GAPS.join(", ")} with \`by COLUMN\`.`,
        );
      const cls = need.onClass !== undefined ? classIndex(need.onClass) : -1;
      // Log loss needs every row's probability; the rest only the confusion matrix, resampled cell by cell.
      if (metric === "log_loss") {
        // Each row's loss is fixed: a resample only reweighs them.
        const losses = Float64Array.from(s.yTrue, (label, i) => rowLogLoss(s.probs, k, i, label));
        return (w) => {
          let n = 0,
            sum = 0;
          for (let i = 0; i < losses.length; i++) {
            n += w[i];
            sum += w[i] * losses[i];
          }
          return n ? sum / n : NaN;
        };
      }
      const reshape = (counts: ArrayLike<number>) =>
        Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, p) => counts[t * k + p]));
      return {
        cells: all.confusion.flat(),
        // One class: its own precision/recall/f1; none named: the macro average.
        value: (counts) => {
          const r = fromConfusion(reshape(counts));
          return cls >= 0 && (metric === "precision" || metric === "recall" || metric === "f1")
            ? r.perClass[cls][metric]
            : r.metrics[metric];
        },
      };
    },
    s.operational,
    options,
  );
  return {
    task: "multiclass",
    model: s.model,
    dataset: s.dataset,
    split: options.split ?? "test",
    rows: s.yTrue.length,
    classNames: s.classNames,
    metrics: all.metrics,
    perClass: all.perClass.map((p, c) => ({ class: s.classNames[c], ...p })),
    confusion: all.confusion,
    groups,
    verdicts,
  };
}
