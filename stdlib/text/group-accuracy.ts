/**
 * "No group of customers served worse", for a text classifier over several
 * classes: the accuracy of each group of a sensitive column on the test
 * messages, and the gap between the best and the worst group with a 95%
 * seeded bootstrap interval (rows resampled within each group, 1,000 times).
 * The gap is judged as a need is: pass when the whole interval is within the
 * limit, fail when the whole interval is beyond it, else undecided.
 */
import type * as tf from "@tensorflow/tfjs";
import { NeedlabError } from "../errors";
import { createRng } from "../random";
import { predictTexts, textInputOf, textsOf } from "./text-input";

export interface GroupAccuracy {
  column: string;
  groups: { group: string; rows: number; accuracy: number }[];
  /** Best group's accuracy minus the worst's, its 95% interval, and the verdict against `limit`. */
  gap: { worst: string; best: string; value: number; low: number; high: number; limit: number; status: string };
}

interface TestData {
  test: { rows: Int32Array; y: Uint8Array; n: number; texts?: string[] };
  sensitive: Record<string, string[]>;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function textGroupAccuracy(
  model: tf.LayersModel,
  data: TestData,
  column: string,
  options: { limit: number; seed?: number; resamples?: number },
): GroupAccuracy {
  const input = textInputOf(model);
  if (!input) throw new NeedlabError("textGroupAccuracy reads a text model: give a model trained on a text dataset");
  const groupOf = data.sensitive[column];
  if (!groupOf)
    throw new NeedlabError(
      `column '${column}' is not sensitive in this dataset: declare it with \`sensitive ${column}\``,
    );
  const probs = predictTexts(model, input, textsOf(data.test));
  const k = probs.length / data.test.n;
  const hits = new Map<string, number[]>();
  for (let i = 0; i < data.test.n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    const g = groupOf[data.test.rows[i]];
    (hits.get(g) ?? hits.set(g, []).get(g)!).push(best === data.test.y[i] ? 1 : 0);
  }
  return { column, ...groupGap(hits, options.limit, options.seed ?? 42, options.resamples ?? 1000) };
}

/**
 * Each group's accuracy from its rows' hits (1 right, 0 wrong), and the gap
 * between the best and the worst group with its seeded bootstrap interval.
 */
export function groupGap(
  hits: Map<string, number[]>,
  limit: number,
  seed: number,
  resamples: number,
): Omit<GroupAccuracy, "column"> {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const groups = [...hits.keys()]
    .sort()
    .map((group) => ({ group, rows: hits.get(group)!.length, accuracy: mean(hits.get(group)!) }));
  const worst = groups.reduce((a, b) => (b.accuracy < a.accuracy ? b : a));
  const best = groups.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const rng = createRng(`group-accuracy:${seed}`);
  const resampled = (xs: number[]) => {
    let s = 0;
    for (let j = 0; j < xs.length; j++) s += xs[rng.int(xs.length)];
    return s / xs.length;
  };
  const gaps: number[] = [];
  for (let r = 0; r < resamples; r++) gaps.push(resampled(hits.get(best.group)!) - resampled(hits.get(worst.group)!));
  gaps.sort((a, b) => a - b);
  const [low, high] = [percentile(gaps, 0.025), percentile(gaps, 0.975)];
  const status = high <= limit ? "pass" : low > limit ? "fail" : "undecided";
  return {
    groups,
    gap: { worst: worst.group, best: best.group, value: best.accuracy - worst.accuracy, low, high, limit, status },
  };
}

/** One line per model, as the notebook shows it. */
export function describeGroupAccuracy(model: string, g: GroupAccuracy): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const groups = g.groups.map((x) => `${x.group} ${pct(x.accuracy)} (${x.rows})`).join(", ");
  return `${model}: accuracy by ${g.column}: ${groups}; gap ${pct(g.gap.value)} [${pct(g.gap.low)}, ${pct(g.gap.high)}] vs limit ${pct(g.gap.limit)}: ${g.gap.status}`;
}
