/**
 * Checked AST → plan. Pure: fills defaults and turns syntax into the plain
 * specs the stdlib runs. Only called on programs without errors.
 */
import type * as A from "./ast";
import type { CheckResult } from "./check";
import { lowerNetwork, lowerText } from "./lower-text";
import {
  DatasetSpec,
  DEFAULTS,
  DeriveFunction,
  ExprSpec,
  LayerSpec,
  METRIC_ALIASES,
  metricOf,
  type AlertPeriod,
  MetricName,
  ModelSpec,
  NeedSetSpec,
  NeedSpec,
  Plan,
  Scaling,
  ShowView,
  TEXT_FAMILIES,
  TextFamily,
  Step,
  Task,
  Tunable,
} from "../plan/plan";

const literalValue = (v: A.NumberLit | A.StringLit): number | string => v.value;

export function lowerExpr(e: A.Expr): ExprSpec {
  switch (e.kind) {
    case "number":
      return { num: e.value.value };
    case "column":
      return { col: e.name.text };
    case "negate":
      return { neg: lowerExpr(e.arg) };
    case "binary":
      return { op: e.op, left: lowerExpr(e.left), right: lowerExpr(e.right) };
    case "call":
      return {
        fn: e.fn.text as DeriveFunction,
        args: e.args.map(lowerExpr),
        ...(e.list ? { list: e.list.map((n) => n.value) } : {}),
      };
  }
}

export function needText(
  n: Pick<
    NeedSpec,
    | "metric"
    | "comparator"
    | "threshold"
    | "onClass"
    | "by"
    | "privileged"
    | "costs"
    | "thresholdProbability"
    | "k"
    | "period"
  >,
  raw?: string,
): string {
  // A class's share names its class right after the metric, as written: `share of "bearish" <= 0.3 per day`.
  if (n.metric === "share")
    return `share of ${JSON.stringify(n.onClass)} ${n.comparator} ${raw ?? n.threshold}${n.period ? ` per ${n.period}` : ""}`;
  const metric = n.metric === "top_k_accuracy" && n.k !== undefined ? `top_${n.k}_accuracy` : n.metric;
  const on = n.onClass !== undefined ? ` on class ${JSON.stringify(n.onClass)}` : "";
  const by = n.by?.length
    ? ` by ${n.by.join(", ")}${n.privileged !== undefined ? ` privileged ${JSON.stringify(n.privileged)}` : ""}`
    : "";
  const at = n.thresholdProbability !== undefined ? ` at ${n.thresholdProbability}` : "";
  const costs = n.costs
    ? ` costs ${Object.entries(n.costs)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`
    : "";
  return `${metric} ${n.comparator} ${raw ?? n.threshold}${at}${costs}${on}${by}`;
}

export function lowerNeeds(decl: A.NeedsDecl): NeedSetSpec {
  return {
    name: decl.name.text,
    needs: decl.items.map((item, i): NeedSpec => {
      const named = metricOf(item.metric.text);
      const spec = {
        id: `${decl.name.text}.${i + 1}`,
        level: item.level,
        metric: named.metric as MetricName,
        comparator: item.comparator,
        threshold: item.threshold.value,
        onClass: (item.onClass ?? item.ofClass)?.value,
        ...(named.metric === "top_k_accuracy" ? { k: named.k ?? item.at?.value } : {}),
        ...(item.per ? { period: item.per.text as AlertPeriod } : {}),
        ...(item.costs
          ? { costs: Object.fromEntries(item.costs.map((c) => [c.name.text, c.value.value])) as NeedSpec["costs"] }
          : {}),
        ...(item.at && named.metric === "net_benefit" ? { thresholdProbability: item.at.value } : {}),
        ...(item.by.length
          ? {
              by: item.by.map((b) => b.text),
              privileged: item.privileged?.value,
              minGroupSize: item.minGroupSize?.value ?? DEFAULTS.minGroupSize,
              // Only when written: the stdlib's DEFAULT_MIN_POSITIVES applies otherwise.
              ...(item.minPositives ? { minPositives: item.minPositives.value } : {}),
            }
          : {}),
        ...(item.threshold.unit ? { unit: item.threshold.unit } : {}),
        because: item.because?.value,
      };
      return { ...spec, text: needText(spec, item.threshold.unit ? item.threshold.raw : undefined) };
    }),
  };
}

/** The reading settings named by a word (missing_values, thousands, decimal, quiet) and `source sql`. */
function lowerReading(decl: A.DatasetDecl): Partial<DatasetSpec> {
  const out: Partial<DatasetSpec> = {};
  for (const r of decl.reading) {
    const values = r.values.map((v) => v.value);
    if (r.key.text === "missing_values" && r.column)
      out.missingByColumn = {
        ...out.missingByColumn,
        [r.column.text]: [...(out.missingByColumn?.[r.column.text] ?? []), ...values],
      };
    else if (r.key.text === "missing_values") out.missingValues = [...(out.missingValues ?? []), ...values];
    else if (r.key.text === "thousands") out.thousands = values[0];
    else if (r.key.text === "decimal") out.decimal = values[0];
    else if (r.key.text === "quiet") out.quiet = [...(out.quiet ?? []), ...r.words.map((w) => w.text)];
  }
  if (decl.sourceKind?.text === "sql") out.sql = decl.source!.value.value;
  return out;
}

export function lowerDataset(decl: A.DatasetDecl): DatasetSpec {
  const split: DatasetSpec["split"] = { ...DEFAULTS.split };
  const s = decl.split?.value;
  if (s?.parts.length) {
    split.validation = 0;
    for (const p of s.parts) split[p.part] = p.fraction.value;
  }
  if (s?.kfold) split.kfold = s.kfold.value;
  if (s?.by) split[s.by.kind.text as "group" | "time"] = s.by.column.text;
  const source = decl.source!.value.value;
  const byColumn = <T>(choices: A.ColumnChoice[], f: (c: A.ColumnChoice) => T): Record<string, T> =>
    Object.fromEntries(choices.map((c) => [c.column.text, f(c)]));
  return {
    name: decl.name.text,
    source,
    format: (decl.format?.value.text as DatasetSpec["format"]) ?? (/\.(jsonl|ndjson)$/i.test(source) ? "jsonl" : "csv"),
    ...(decl.delimiter ? { delimiter: decl.delimiter.value.value } : {}),
    encoding: decl.encoding?.value.value ?? DEFAULTS.encoding,
    types: byColumn(decl.types, (c) => c.choice.text as "number" | "category" | "date"),
    ...lowerReading(decl),
    target: decl.target!.value.column.text,
    task: (decl.target!.value.task?.text as Task | undefined) ?? "binary",
    positive: decl.target!.value.positive?.value,
    drop: decl.drop.map((d) => d.text),
    keep: decl.keep.map((d) => d.text),
    filters: decl.filters.map((f) => ({ column: f.column.text, op: f.op, values: f.values.map(literalValue) })),
    missing: byColumn(decl.missing, (c) => ({
      strategy: c.choice.text as DatasetSpec["missing"][string]["strategy"],
      ...(c.value ? { value: literalValue(c.value) } : {}),
    })),
    encode: byColumn(decl.encode, (c) => ({
      method: c.choice.text as DatasetSpec["encode"][string]["method"],
      ...(c.list ? { order: c.list.map((v) => String(v.value)) } : {}),
    })),
    scale: {
      default: (decl.scale?.value.text as Scaling | undefined) ?? DEFAULTS.scale,
      columns: byColumn(decl.scaleColumns, (c) => c.choice.text as Scaling),
    },
    sensitive: decl.sensitive.map((d) => d.text),
    pii: decl.pii.map((d) => d.text),
    derived: decl.derived.map((d) => ({ name: d.name.text, expr: lowerExpr(d.expr) })),
    split,
    stratify: decl.stratify !== undefined,
    seed: decl.seed?.value.value ?? DEFAULTS.seed,
    ...(decl.text ? { text: lowerText(decl.text.value) } : {}),
  };
}

/**
 * Linear models are solved exactly (scikit-learn's objective) unless they name
 * an optimizer; the solver's defaults are scikit-learn's (LogisticRegression's
 * C = 1, LinearRegression's no penalty).
 */
function linearSolver(decl: A.ModelDecl): Pick<ModelSpec, "solver" | "l2" | "maxIter" | "tol"> {
  if (decl.optimizer) return { solver: "gradient" };
  return {
    solver: "exact",
    l2: decl.l2?.value.value ?? (decl.family.text === "linear_regression" ? DEFAULTS.linearL2 : DEFAULTS.logisticL2),
    maxIter: decl.maxIter?.value.value ?? DEFAULTS.maxIter,
    tol: decl.tol?.value.value ?? DEFAULTS.tol,
  };
}

export function lowerModel(decl: A.ModelDecl): ModelSpec {
  return {
    name: decl.name.text,
    family: decl.family.text as ModelSpec["family"],
    layers: decl.layers.map((l): LayerSpec => ({
      units: l.units.value,
      activation: (l.activation?.text ?? DEFAULTS.activation) as LayerSpec["activation"],
      dropout: l.dropout?.value ?? 0,
      l2: l.l2?.value ?? 0,
      batchNorm: l.batchNorm,
    })),
    optimizer: (decl.optimizer?.value.text ?? DEFAULTS.optimizer) as ModelSpec["optimizer"],
    optimizerOptions: Object.fromEntries(decl.optimizerOptions.map((o) => [o.name.text, o.value.value])),
    learningRate: decl.learningRate?.value.value ?? DEFAULTS.learningRate,
    ...(decl.schedule
      ? {
          schedule: {
            kind: decl.schedule.value.kind.text as NonNullable<ModelSpec["schedule"]>["kind"],
            rate: decl.schedule.value.rate?.value,
            every: decl.schedule.value.every?.value,
          },
        }
      : {}),
    epochs: decl.epochs?.value.value ?? DEFAULTS.epochs,
    batchSize: decl.batchSize?.value.value ?? DEFAULTS.batchSize,
    threshold: decl.threshold?.value.value ?? DEFAULTS.threshold,
    ...(decl.patience ? { patience: decl.patience.value.value } : {}),
    stopMetric: decl.stopMetric ? (METRIC_ALIASES[decl.stopMetric.text] ?? decl.stopMetric.text) : DEFAULTS.stopMetric,
    ...(decl.classWeight
      ? {
          classWeight: decl.classWeight.value.balanced
            ? ("balanced" as const)
            : Object.fromEntries(decl.classWeight.value.weights.map((w) => [w.cls.value, w.weight.value])),
        }
      : {}),
    ...(decl.sampleWeight ? { sampleWeight: decl.sampleWeight.value.text } : {}),
    backend: (decl.backend?.value.text as ModelSpec["backend"] | undefined) ?? DEFAULTS.backend,
    ...(decl.output ? { output: decl.output.value.text as Task } : {}),
    seed: decl.seed?.value.value ?? DEFAULTS.seed,
    ...(decl.family.text === "dense"
      ? {}
      : TEXT_FAMILIES.includes(decl.family.text as TextFamily)
        ? lowerNetwork(decl)
        : linearSolver(decl)),
  };
}

export function lower(program: A.Program, checked: CheckResult): Plan {
  // Includes are resolved before checking (the session runs the included file first).
  const steps = program.statements
    .filter((st): st is Exclude<A.Statement, A.IncludeStmt> => st.kind !== "include")
    .map((st): Step => {
      switch (st.kind) {
        case "needs":
          return { op: "defineNeeds", needs: lowerNeeds(st) };
        case "dataset":
          return { op: "defineDataset", dataset: lowerDataset(st) };
        case "model":
          return { op: "defineModel", model: lowerModel(st) };
        case "train":
          return { op: "train", models: st.models.map((m) => m.text), dataset: st.dataset.text };
        case "explain":
          return { op: "explain", models: st.models.map((m) => m.text) };
        case "compare":
          return {
            op: "compare",
            models: st.models.map((m) => m.text),
            dataset: checked.evaluationDataset.get(st)!,
            needs: st.needs.text,
          };
        case "tune":
          return {
            op: "tune",
            tune: {
              model: st.model.text,
              dataset: st.dataset.text,
              needs: st.needs.text,
              search: (st.search?.text as "grid" | "random" | undefined) ?? "grid",
              trials: st.trials?.value ?? DEFAULTS.tuneTrials,
              seed: st.seed?.value ?? DEFAULTS.seed,
              params: st.params.map((p) => ({
                name: p.name.text as Tunable,
                ...(p.layer ? { layer: p.layer.value } : {}),
                values: p.values.map((v) => v.value),
              })),
            },
          };
        case "mitigate":
          return {
            op: "mitigate",
            models: st.models.map((m) => m.text),
            by: st.by.map((b) => b.text),
            method: (st.method?.text as "reweigh" | "thresholds" | undefined) ?? "thresholds",
          };
        case "export":
          return { op: "export", models: st.models.map((m) => m.text), path: st.path.value };
        case "monitor":
          return {
            op: "monitor",
            dataset: st.dataset.text,
            path: st.path.value,
            models: st.models.map((m) => m.text),
            ...(st.needs ? { needs: st.needs.text } : {}),
            ...(st.time ? { time: st.time.text } : {}),
          };
        case "show":
          return { op: "show", views: st.views.map((v) => v.text as ShowView), models: st.models.map((m) => m.text) };
        case "evaluate":
          return {
            op: "evaluate",
            models: st.models.map((m) => m.text),
            dataset: checked.evaluationDataset.get(st)!,
            needs: st.needs.text,
          };
      }
    });
  return { steps };
}
