/**
 * Checked AST → plan. Pure: fills defaults and turns syntax into the plain
 * specs the stdlib runs. Only called on programs without errors.
 */
import type * as A from "./ast";
import type { CheckResult } from "./check";
import { DatasetSpec, DEFAULTS, LayerSpec, METRIC_ALIASES, MetricName, ModelSpec, NeedSetSpec, NeedSpec, Plan, ShowView, Step } from "./plan";

export function needText(n: Pick<NeedSpec, "metric" | "comparator" | "threshold" | "onClass" | "by" | "privileged">, raw?: string): string {
  const on = n.onClass !== undefined ? ` on class ${JSON.stringify(n.onClass)}` : "";
  const by = n.by?.length ? ` by ${n.by.join(", ")}${n.privileged !== undefined ? ` privileged ${JSON.stringify(n.privileged)}` : ""}` : "";
  return `${n.metric} ${n.comparator} ${raw ?? n.threshold}${on}${by}`;
}

export function lowerNeeds(decl: A.NeedsDecl): NeedSetSpec {
  return {
    name: decl.name.text,
    needs: decl.items.map((item, i): NeedSpec => {
      const spec = {
        id: `${decl.name.text}.${i + 1}`,
        level: item.level,
        metric: (METRIC_ALIASES[item.metric.text] ?? item.metric.text) as MetricName,
        comparator: item.comparator,
        threshold: item.threshold.value,
        onClass: item.onClass?.value,
        ...(item.by.length ? { by: item.by.map((b) => b.text), privileged: item.privileged?.value, minGroupSize: item.minGroupSize?.value ?? DEFAULTS.minGroupSize } : {}),
        ...(item.threshold.unit ? { unit: item.threshold.unit } : {}),
        because: item.because?.value,
      };
      return { ...spec, text: needText(spec, item.threshold.unit ? item.threshold.raw : undefined) };
    }),
  };
}

export function lowerDataset(decl: A.DatasetDecl): DatasetSpec {
  const split = { ...DEFAULTS.split };
  if (decl.split) {
    split.validation = 0;
    for (const p of decl.split.value) split[p.part] = p.fraction.value;
  }
  return {
    name: decl.name.text,
    source: decl.source!.value.value,
    target: decl.target!.value.column.text,
    positive: decl.target!.value.positive?.value,
    drop: decl.drop.map((d) => d.text),
    sensitive: decl.sensitive.map((d) => d.text),
    pii: decl.pii.map((d) => d.text),
    derived: decl.derived.map((d) => ({ name: d.name.text, fn: "bucket" as const, column: d.column.text, edges: d.edges.map((e) => e.value) })),
    split,
    stratify: decl.stratify !== undefined,
    seed: decl.seed?.value.value ?? DEFAULTS.seed,
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
    learningRate: decl.learningRate?.value.value ?? DEFAULTS.learningRate,
    epochs: decl.epochs?.value.value ?? DEFAULTS.epochs,
    batchSize: decl.batchSize?.value.value ?? DEFAULTS.batchSize,
    threshold: decl.threshold?.value.value ?? DEFAULTS.threshold,
    ...(decl.patience ? { patience: decl.patience.value.value } : {}),
    seed: decl.seed?.value.value ?? DEFAULTS.seed,
  };
}

export function lower(program: A.Program, checked: CheckResult): Plan {
  // Includes are resolved before checking (the session runs the included file first).
  const steps = program.statements.filter((st) => st.kind !== "include").map((st): Step => {
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
      case "later":
        return { op: "later", verb: st.verb };
      case "show":
        return { op: "show", views: st.views.map((v) => v.text as ShowView), models: st.models.map((m) => m.text) };
      case "evaluate":
        return { op: "evaluate", models: st.models.map((m) => m.text), dataset: checked.evaluationDataset.get(st)!, needs: st.needs.text };
    }
  });
  return { steps };
}
