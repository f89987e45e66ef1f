/**
 * Semantic checks, run before anything executes. Every problem in the cell is
 * reported at once; names declared in earlier cells come from `env`.
 */
import type * as A from "./ast";
import { Diagnostic, didYouMean, error, warning } from "./diagnostics";
import { DERIVE_FUNCTIONS, OPERATIONAL_METRICS, SHOW_VIEWS, ACTIVATIONS, FAIRNESS_METRICS, metricRange, MODEL_FAMILIES, NEED_METRICS, OPTIMIZERS, PRIVILEGED_METRICS } from "./plan";

/** What the session already knows, and how to peek at a CSV header. */
export interface CheckEnv {
  datasets: ReadonlySet<string>;
  models: ReadonlySet<string>;
  needs: ReadonlySet<string>;
  /** model name → dataset it was trained on, in earlier cells. */
  trained: ReadonlyMap<string, string>;
  /** dataset name → its sensitive columns, for datasets of earlier cells. */
  sensitive?: ReadonlyMap<string, readonly string[]>;
  /** Columns of a CSV file, or a reason it cannot be read. */
  readHeader(path: string): { columns: string[] } | { problem: string };
}

export const emptyEnv = (readHeader: CheckEnv["readHeader"] = () => ({ problem: "no file access" })): CheckEnv => ({
  datasets: new Set(),
  models: new Set(),
  needs: new Set(),
  trained: new Map(),
  readHeader,
});

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** evaluate statement → the dataset it evaluates on (explicit or from `train`). */
  evaluationDataset: Map<A.EvaluateStmt, string>;
}

const IS_FAIRNESS = new Set<string>(FAIRNESS_METRICS);

/** Declared names become TypeScript variables, so they cannot be reserved words. */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await lab").split(" "),
);

export function check(program: A.Program, env: CheckEnv): CheckResult {
  const diags: Diagnostic[] = [];
  const evaluationDataset = new Map<A.EvaluateStmt, string>();
  const declared = new Map<string, A.Name>();
  const datasets = new Set(env.datasets);
  const models = new Set(env.models);
  const needs = new Set(env.needs);
  const trained = new Map(env.trained);
  const sensitiveOf = new Map(env.sensitive ?? []);
  const needsDecls = new Map<string, A.NeedsDecl>();

  const declare = (n: A.Name, kinds: Set<string>) => {
    if (RESERVED.has(n.text)) diags.push(error(n.span, `'${n.text}' is ${n.text === "lab" ? "the name of the study object" : "a reserved word"} in TypeScript cells, where every declared name becomes a variable: choose another name`));
    const prev = declared.get(n.text);
    if (prev) diags.push(error(n.span, `'${n.text}' is already declared in this cell at line ${prev.span.line}; give it another name`));
    else declared.set(n.text, n);
    kinds.add(n.text);
  };
  const resolve = (n: A.Name, kinds: Set<string>, what: string, hint: string) => {
    if (kinds.has(n.text)) return true;
    const other = [...datasets, ...models, ...needs].includes(n.text) ? ` ('${n.text}' is not a ${what})` : "";
    diags.push(error(n.span, `unknown ${what} '${n.text}'${other}${didYouMean(n.text, kinds) || `; ${hint}`}`));
    return false;
  };

  for (const st of program.statements) {
    switch (st.kind) {
      case "needs":
        declare(st.name, needs);
        needsDecls.set(st.name.text, st);
        st.items.forEach((item) => checkNeed(item, diags));
        break;
      case "dataset":
        declare(st.name, datasets);
        sensitiveOf.set(st.name.text, st.sensitive.map((s) => s.text));
        checkDataset(st, env, diags);
        break;
      case "model":
        declare(st.name, models);
        checkModel(st, diags);
        break;
      case "train": {
        const dsOk = resolve(st.dataset, datasets, "dataset", "declare it with `dataset NAME { ... }` first");
        for (const m of st.models) {
          if (resolve(m, models, "model", "declare it with `model NAME: dense { ... }` first") && dsOk) trained.set(m.text, st.dataset.text);
        }
        break;
      }
      case "explain":
        for (const m of st.models) {
          if (resolve(m, models, "model", "declare it with `model NAME: dense { ... }` first") && !trained.has(m.text))
            diags.push(error(m.span, `model '${m.text}' is not trained yet: add \`train ${m.text} on <dataset>\` before explaining it`));
        }
        break;
      case "later":
        for (const m of st.models) resolve(m, models, "model", "declare it with `model NAME: dense { ... }` first");
        if (st.dataset) resolve(st.dataset, datasets, "dataset", "declare it with `dataset NAME { ... }` first");
        if (st.needs) resolve(st.needs, needs, "needs block", "declare it with `needs NAME { ... }` first");
        break;
      case "show":
        for (const v of st.views) if (!(SHOW_VIEWS as readonly string[]).includes(v.text)) diags.push(error(v.span, `unknown view '${v.text}'${didYouMean(v.text, SHOW_VIEWS) || `; views: ${SHOW_VIEWS.join(", ")}`}`));
        for (const m of st.models) resolve(m, models, "model", "declare it with `model NAME: dense { ... }` first");
        break;
      case "evaluate": {
        resolve(st.needs, needs, "needs block", "declare it with `needs NAME { ... }` first");
        const explicit = st.dataset && resolve(st.dataset, datasets, "dataset", "declare it with `dataset NAME { ... }` first");
        for (const m of st.models) {
          if (!resolve(m, models, "model", "declare it with `model NAME: dense { ... }` first")) continue;
          const on = trained.get(m.text);
          if (!on) diags.push(error(m.span, `model '${m.text}' is not trained yet: add \`train ${m.text} on <dataset>\` before evaluating it`));
          else if (st.dataset && explicit && on !== st.dataset.text)
            diags.push(error(m.span, `model '${m.text}' was trained on '${on}', not '${st.dataset.text}': evaluate it on the dataset it was trained on`));
        }
        const ds = st.dataset?.text ?? st.models.map((m) => trained.get(m.text)).find((d) => d);
        const all = new Set(st.models.map((m) => trained.get(m.text)).filter(Boolean));
        if (!st.dataset && all.size > 1) diags.push(error(st.span, `these models were trained on different datasets (${[...all].join(", ")}): evaluate them in separate statements`));
        if (ds) evaluationDataset.set(st, ds);
        const decl = needsDecls.get(st.needs.text);
        const declared = ds ? sensitiveOf.get(ds) : undefined;
        if (decl && ds && declared) {
          for (const item of decl.items) {
            for (const col of item.by) {
              if (!declared.includes(col.text))
                diags.push(error(col.span, `'${item.metric.text}' is measured between groups of '${col.text}', but dataset '${ds}' does not name it as sensitive: add \`sensitive ${col.text}\` to the dataset`));
            }
          }
        }
        break;
      }
    }
  }
  return { diagnostics: diags, evaluationDataset };
}

function checkNeed(item: A.MetricNeed, diags: Diagnostic[]): void {
  const metric = item.metric.text;
  if (!NEED_METRICS.includes(metric)) {
    diags.push(error(item.metric.span, `unknown metric '${metric}'${didYouMean(metric, NEED_METRICS) || `; known metrics: ${NEED_METRICS.join(", ")}`}`));
    return;
  }
  const unit = (OPERATIONAL_METRICS as Record<string, string>)[metric];
  if (unit && item.threshold.unit !== unit) {
    diags.push(error(item.threshold.span, `${metric} is a ${unit === "duration" ? "duration: write it with a unit such as `5 ms` or `30 s`" : "size: write it with a unit such as `500 KB` or `2 MB`"}`));
    return;
  }
  if (!unit && item.threshold.unit) {
    diags.push(error(item.threshold.span, `${metric} has no unit: remove '${item.threshold.raw.replace(/^[-\d.eE+]+[ \t]*/, "")}'`));
    return;
  }
  const [lo, hi] = metricRange(metric);
  if (item.threshold.value < lo || item.threshold.value > hi) {
    const range = hi === Infinity ? `is at least ${lo}` : `lies between ${lo} and ${hi}`;
    diags.push(error(item.threshold.span, `${metric} ${range}, so ${item.threshold.raw} can never be ${item.comparator === ">=" || item.comparator === ">" ? "reached" : "missed"}${hi === 1 && lo === 0 ? "; write it as a fraction (0.8) or a percentage (80%)" : ""}`));
  }
  if (IS_FAIRNESS.has(metric)) {
    if (item.by.length === 0) diags.push(error(item.metric.span, `${metric} compares groups: add \`by COLUMN\` (a sensitive column of the dataset)`));
    if (PRIVILEGED_METRICS.includes(metric) && !item.privileged) diags.push(error(item.metric.span, `${metric} compares the other groups with a privileged one: add \`privileged "VALUE"\` after \`by\``));
    if (!PRIVILEGED_METRICS.includes(metric) && item.privileged) diags.push(warning(item.privileged.span, `${metric} compares all groups with each other, so 'privileged' changes nothing; it matters for ${PRIVILEGED_METRICS.join(", ")}`));
    if (item.onClass) diags.push(error(item.onClass.span, `${metric} is about the positive class; 'on class' does not apply to it`));
  } else if (item.by.length > 0) {
    diags.push(error(item.by[0].span, `${metric} is measured over everyone; to compare groups use a fairness metric such as equal_opportunity_difference`));
  }
  if (item.minGroupSize && (!item.minGroupSize.isInteger || item.minGroupSize.value < 1)) diags.push(error(item.minGroupSize.span, `min_group_size must be a whole number of at least 1, not ${item.minGroupSize.raw}`));
  if (item.onClass && metric === "accuracy") {
    diags.push(warning(item.onClass.span, `accuracy counts every class, so 'on class "${item.onClass.value}"' changes nothing; remove it`));
  }
}

function checkRepeated(repeated: A.Name[], diags: Diagnostic[]): void {
  for (const r of repeated) diags.push(error(r.span, `'${r.text}' is given twice in this block; keep one`));
}

function checkDataset(ds: A.DatasetDecl, env: CheckEnv, diags: Diagnostic[]): void {
  checkRepeated(ds.repeated, diags);
  if (!ds.source) diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no source: add \`source "path/to/file.csv"\``));
  if (!ds.target) diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no target: add \`target COLUMN positive "CLASS"\``));
  if (ds.seed && (!ds.seed.value.isInteger || ds.seed.value.value > 2 ** 31 - 1)) diags.push(error(ds.seed.value.span, `seed must be a whole number from 0 to 2147483647, not ${ds.seed.value.raw}`));
  if (ds.split) checkSplit(ds.split.value, ds.split.span, diags);

  if (!ds.source) return;
  const header = env.readHeader(ds.source.value.value);
  if ("problem" in header) {
    diags.push(error(ds.source.value.span, header.problem));
    return;
  }
  // Derived columns join the header, in order, for every check after them.
  const columns = [...header.columns];
  for (const d of ds.derived) {
    if (!(DERIVE_FUNCTIONS as readonly string[]).includes(d.fn.text)) diags.push(error(d.fn.span, `unknown function '${d.fn.text}'${didYouMean(d.fn.text, DERIVE_FUNCTIONS) || `; derive knows: ${DERIVE_FUNCTIONS.join(", ")}`}`));
    if (!columns.includes(d.column.text)) diags.push(error(d.column.span, `column '${d.column.text}' is not in ${ds.source.value.value}${didYouMean(d.column.text, columns) || ""}`));
    if (columns.includes(d.name.text)) diags.push(error(d.name.span, `'${d.name.text}' is already a column: give the derived column another name`));
    d.edges.forEach((e, i) => {
      if (i > 0 && e.value <= d.edges[i - 1].value) diags.push(error(e.span, `bucket edges must increase: ${e.raw} comes after ${d.edges[i - 1].raw}`));
    });
    columns.push(d.name.text);
  }
  const checkColumn = (n: A.Name) => {
    if (!columns.includes(n.text))
      diags.push(error(n.span, `column '${n.text}' is not in ${ds.source!.value.value}${didYouMean(n.text, columns) || `; its columns are: ${columns.join(", ")}`}`));
  };
  if (ds.target) checkColumn(ds.target.value.column);
  ds.drop.forEach(checkColumn);
  ds.sensitive.forEach(checkColumn);
  ds.pii.forEach(checkColumn);
  for (const p of ds.pii) {
    if (ds.target && p.text === ds.target.value.column.text) diags.push(error(p.span, `'${p.text}' is the target, so it cannot be personal data that is never used`));
    if (ds.sensitive.some((s) => s.text === p.text)) diags.push(error(p.span, `'${p.text}' is personal data (pii), so it cannot also be a sensitive attribute: PII is never used, and fairness checks use it`));
  }
  for (const s of ds.sensitive) {
    if (ds.target && s.text === ds.target.value.column.text) diags.push(error(s.span, `'${s.text}' is the target, so it cannot also be a sensitive attribute`));
    if (ds.drop.some((d) => d.text === s.text)) diags.push(warning(s.span, `'${s.text}' is sensitive, so it is already kept out of the features: no need to drop it`));
  }
  if (ds.target && ds.drop.some((d) => d.text === ds.target!.value.column.text)) {
    const d = ds.drop.find((x) => x.text === ds.target!.value.column.text)!;
    diags.push(error(d.span, `'${d.text}' is the target, so it cannot be dropped`));
  }
}

function checkSplit(parts: A.SplitPart[], span: A.Setting<unknown>["span"], diags: Diagnostic[]): void {
  const seen = new Set<string>();
  let sum = 0;
  for (const p of parts) {
    if (seen.has(p.part)) diags.push(error(p.span, `'${p.part}' appears twice in the split`));
    seen.add(p.part);
    if (p.fraction.value <= 0 || p.fraction.value >= 1) diags.push(error(p.fraction.span, `a split fraction lies strictly between 0 and 1 (or 0% and 100%), not ${p.fraction.raw}`));
    sum += p.fraction.value;
  }
  if (!seen.has("train")) diags.push(error(span, "the split has no train part: add `train 80%`"));
  if (!seen.has("test")) diags.push(error(span, "the split has no test part: add `test 20%`; needs are checked on the test part"));
  if (Math.abs(sum - 1) > 1e-9) diags.push(error(span, `the split fractions add up to ${+(sum * 100).toFixed(6)}%, not 100%`));
}

function checkModel(m: A.ModelDecl, diags: Diagnostic[]): void {
  checkRepeated(m.repeated, diags);
  const family = m.family.text;
  if (!(MODEL_FAMILIES as readonly string[]).includes(family)) {
    diags.push(error(m.family.span, `unknown model kind '${family}'${didYouMean(family, MODEL_FAMILIES) || `; known kinds: ${MODEL_FAMILIES.join(", ")}`}`));
  } else if (family === "logistic_regression" && m.layers.length > 0) {
    diags.push(error(m.layers[0].span, "a logistic_regression has no hidden layers: remove the `layer` lines or make it `dense`"));
  } else if (family === "dense" && m.layers.length === 0) {
    diags.push(error(m.name.span, `dense model '${m.name.text}' has no layers: add at least one, e.g. \`layer 16 relu\``));
  }
  for (const layer of m.layers) {
    if (!layer.units.isInteger || layer.units.value < 1) diags.push(error(layer.units.span, `a layer needs a whole number of units (1 or more), not ${layer.units.raw}`));
    if (layer.activation && !(ACTIVATIONS as readonly string[]).includes(layer.activation.text))
      diags.push(error(layer.activation.span, `unknown activation '${layer.activation.text}'${didYouMean(layer.activation.text, ACTIVATIONS) || `; known activations: ${ACTIVATIONS.join(", ")}`}`));
    if (layer.l2 && (layer.l2.value < 0 || layer.l2.value > 10)) diags.push(error(layer.l2.span, `l2 is a penalty from 0 to 10 (typically 0.0001 to 0.01), not ${layer.l2.raw}`));
    if (layer.dropout && (layer.dropout.value < 0 || layer.dropout.value >= 1)) diags.push(error(layer.dropout.span, `dropout is a rate from 0 up to (not including) 1, not ${layer.dropout.raw}`));
  }
  if (m.optimizer && !(OPTIMIZERS as readonly string[]).includes(m.optimizer.value.text))
    diags.push(error(m.optimizer.value.span, `unknown optimizer '${m.optimizer.value.text}'${didYouMean(m.optimizer.value.text, OPTIMIZERS) || `; known optimizers: ${OPTIMIZERS.join(", ")}`}`));
  if (m.learningRate && (m.learningRate.value.value <= 0 || m.learningRate.value.value > 10)) diags.push(error(m.learningRate.value.span, `learning_rate must be above 0 and at most 10, not ${m.learningRate.value.raw}`));
  for (const [key, s] of [["epochs", m.epochs], ["batch_size", m.batchSize]] as const) {
    if (s && (!s.value.isInteger || s.value.value < 1)) diags.push(error(s.value.span, `${key} must be a whole number of at least 1, not ${s.value.raw}`));
  }
  if (m.threshold && (m.threshold.value.value <= 0 || m.threshold.value.value >= 1)) diags.push(error(m.threshold.value.span, `threshold is a probability strictly between 0 and 1 (or 0% and 100%), not ${m.threshold.value.raw}`));
  if (m.epochs && m.epochs.value.value > 100000) diags.push(error(m.epochs.value.span, `${m.epochs.value.raw} epochs is beyond what needlab will run; use at most 100000`));
  if (m.patience && (!m.patience.value.isInteger || m.patience.value.value < 1)) diags.push(error(m.patience.value.span, `patience must be a whole number of epochs, at least 1, not ${m.patience.value.raw}`));
  if (m.seed && !m.seed.value.isInteger) diags.push(error(m.seed.value.span, `seed must be a whole number, not ${m.seed.value.raw}`));
}
