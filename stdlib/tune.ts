/**
 * The trials `tune` runs: every combination of the listed values (grid), or
 * `trials` distinct combinations drawn with the seed (random), and the model
 * spec each trial trains.
 */
import type { ModelSpec, TuneSpec } from "../plan/plan";
import { createRng, permutation } from "./random";
import { solvedExactly } from "./linear/exact";

export type TrialSettings = Record<string, number>;

const keyOf = (p: TuneSpec["params"][number]) => (p.layer ? `layer ${p.layer} ${p.name}` : p.name);

/** Every combination, in order: the first setting varies slowest. */
export function gridOf(params: TuneSpec["params"]): TrialSettings[] {
  return params.reduce<TrialSettings[]>(
    (acc, p) => acc.flatMap((s) => p.values.map((v) => ({ ...s, [keyOf(p)]: v }))),
    [{}],
  );
}

export function tuneTrials(spec: TuneSpec): TrialSettings[] {
  const grid = gridOf(spec.params);
  if (spec.search === "grid") return grid;
  // Random search: distinct combinations, as many as asked (at most the whole grid).
  const order = permutation(grid.length, createRng(spec.seed));
  return Array.from(order.slice(0, Math.min(spec.trials, grid.length)), (i) => grid[i]);
}

/** The model spec with a trial's settings. `dropout` and `l2` apply to every hidden layer. */
export function applySettings(base: ModelSpec, settings: TrialSettings): ModelSpec {
  const spec: ModelSpec = { ...base, layers: base.layers.map((l) => ({ ...l })) };
  for (const [key, value] of Object.entries(settings)) {
    const layer = /^layer (\d+) (\w+)$/.exec(key);
    if (layer) {
      const l = spec.layers[Number(layer[1]) - 1];
      if (l && layer[2] === "units") l.units = value;
      if (l && layer[2] === "dropout") l.dropout = value;
      if (l && layer[2] === "l2") l.l2 = value;
      continue;
    }
    if (key === "learning_rate") spec.learningRate = value;
    if (key === "epochs") spec.epochs = value;
    if (key === "batch_size") spec.batchSize = value;
    if (key === "threshold") spec.threshold = value;
    if (key === "dropout") spec.layers.forEach((l) => (l.dropout = value));
    if (key === "l2") spec.layers.forEach((l) => (l.l2 = value));
    if (key === "l2" && solvedExactly(spec)) spec.l2 = value; // a linear model's own penalty (scikit-learn's 1/C)
  }
  return spec;
}

export const settingsText = (s: TrialSettings): string =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
