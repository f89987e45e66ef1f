/**
 * Semantic checks, run before anything executes. Every problem in the cell is
 * reported at once; names declared in earlier cells come from `env`.
 */
import type * as A from "./ast";
import { Diagnostic, didYouMean, error, warning } from "./diagnostics";
import {
  ACTIVATIONS,
  BACKENDS,
  COLUMN_TYPES,
  DERIVE_FUNCTIONS,
  ENCODINGS,
  DISPARITIES as FAIRNESS_METRICS,
  FILE_FORMATS,
  metricRange,
  metricTasks,
  MISSING_STRATEGIES,
  MITIGATIONS,
  MODEL_FAMILIES,
  NEED_METRICS,
  OPERATIONAL_METRICS,
  OPTIMIZER_OPTIONS,
  OPTIMIZERS,
  OptimizerName,
  PRIVILEGED_METRICS,
  STOP_METRICS,
  SCALINGS,
  SCHEDULES,
  SEARCHES,
  SHOW_VIEWS,
  Task,
  TASKS,
  TUNABLE,
} from "../plan/plan";

/** What the session already knows, and how to peek at a CSV header. */
export interface CheckEnv {
  datasets: ReadonlySet<string>;
  models: ReadonlySet<string>;
  needs: ReadonlySet<string>;
  /** model name → dataset it was trained on, in earlier cells. */
  trained: ReadonlyMap<string, string>;
  /** dataset name → its sensitive columns, for datasets of earlier cells. */
  sensitive?: ReadonlyMap<string, readonly string[]>;
  /** dataset name → its task (binary when absent), for datasets of earlier cells. */
  tasks?: ReadonlyMap<string, Task>;
  /** model name → its hidden layer count, for models of earlier cells. */
  layers?: ReadonlyMap<string, number>;
  /** Columns of a CSV file, or a reason it cannot be read. */
  readHeader(
    path: string,
    options?: { format?: "csv" | "jsonl"; delimiter?: string; encoding?: string },
  ): { columns: string[] } | { problem: string };
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
  evaluationDataset: Map<A.EvaluateStmt | A.CompareStmt, string>;
}

const IS_FAIRNESS = new Set<string>(FAIRNESS_METRICS);

/** Declared names become TypeScript variables, so they cannot be reserved words. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await lab"
  ).split(" "),
);

export function check(program: A.Program, env: CheckEnv): CheckResult {
  const diags: Diagnostic[] = [];
  const evaluationDataset = new Map<A.EvaluateStmt | A.CompareStmt, string>();
  const declared = new Map<string, A.Name>();
  const datasets = new Set(env.datasets);
  const models = new Set(env.models);
  const needs = new Set(env.needs);
  const trained = new Map(env.trained);
  const sensitiveOf = new Map(env.sensitive ?? []);
  const taskOf = new Map(env.tasks ?? []);
  const layersOf = new Map(env.layers ?? []);
  const familyOf = new Map<string, string>();
  const outputOf = new Map<string, string>();
  const needsDecls = new Map<string, A.NeedsDecl>();
  const modelRule = "declare it with `model NAME: dense { ... }` first";
  const datasetRule = "declare it with `dataset NAME { ... }` first";
  const needsRule = "declare it with `needs NAME { ... }` first";
  /** Every model trained and on one dataset; returns that dataset (or undefined after reporting). */
  const trainedModels = (named: A.Name[], verb: string, explicit?: A.Name): string | undefined => {
    const explicitOk = explicit && resolve(explicit, datasets, "dataset", datasetRule);
    for (const m of named) {
      if (!resolve(m, models, "model", modelRule)) continue;
      const on = trained.get(m.text);
      if (!on)
        diags.push(
          error(m.span, `model '${m.text}' is not trained yet: add \`train ${m.text} on <dataset>\` before ${verb} it`),
        );
      else if (explicit && explicitOk && on !== explicit.text)
        diags.push(
          error(
            m.span,
            `model '${m.text}' was trained on '${on}', not '${explicit.text}': ${verb.replace(/ing$/, "")}e it on the dataset it was trained on`,
          ),
        );
    }
    const all = new Set(named.map((m) => trained.get(m.text)).filter(Boolean));
    if (!explicit && all.size > 1)
      diags.push(
        error(
          named[0].span,
          `these models were trained on different datasets (${[...all].join(", ")}): name them in separate statements`,
        ),
      );
    return explicit?.text ?? named.map((m) => trained.get(m.text)).find((d) => d);
  };
  /** Needs that cannot be measured on the dataset's task or sensitive columns. */
  const checkNeedsFit = (needsName: A.Name, ds: string) => {
    const decl = needsDecls.get(needsName.text);
    if (!decl) return;
    const task = taskOf.get(ds) ?? "binary";
    const declared = sensitiveOf.get(ds);
    for (const item of decl.items) {
      const tasks = metricTasks(item.metric.text);
      if (NEED_METRICS.includes(item.metric.text) && !tasks.includes(task))
        diags.push(
          error(
            item.metric.span,
            `${item.metric.text} does not apply to dataset '${ds}', whose target is ${task === "regression" ? "a number (regression)" : `${task === "multiclass" ? "one of several classes (multiclass)" : "two classes (binary)"}`}: use ${suggestFor(task)}`,
          ),
        );
      if (declared) {
        for (const col of item.by) {
          if (!declared.includes(col.text))
            diags.push(
              error(
                col.span,
                `'${item.metric.text}' is measured between groups of '${col.text}', but dataset '${ds}' does not name it as sensitive: add \`sensitive ${col.text}\` to the dataset`,
              ),
            );
        }
      }
    }
  };

  const declare = (n: A.Name, kinds: Set<string>) => {
    if (RESERVED.has(n.text))
      diags.push(
        error(
          n.span,
          `'${n.text}' is ${n.text === "lab" ? "the name of the study object" : "a reserved word"} in TypeScript cells, where every declared name becomes a variable: choose another name`,
        ),
      );
    const prev = declared.get(n.text);
    if (prev)
      diags.push(
        error(n.span, `'${n.text}' is already declared in this cell at line ${prev.span.line}; give it another name`),
      );
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
        sensitiveOf.set(
          st.name.text,
          st.sensitive.map((s) => s.text),
        );
        taskOf.set(st.name.text, (st.target?.value.task?.text as Task | undefined) ?? "binary");
        checkDataset(st, env, diags);
        break;
      case "model":
        declare(st.name, models);
        familyOf.set(st.name.text, st.family.text);
        if (st.output) outputOf.set(st.name.text, st.output.value.text);
        layersOf.set(st.name.text, st.layers.length);
        checkModel(st, diags);
        break;
      case "train": {
        const dsOk = resolve(st.dataset, datasets, "dataset", datasetRule);
        const task = taskOf.get(st.dataset.text) ?? "binary";
        for (const m of st.models) {
          if (!resolve(m, models, "model", modelRule) || !dsOk) continue;
          trained.set(m.text, st.dataset.text);
          const family = familyOf.get(m.text);
          if (family === "logistic_regression" && task === "regression")
            diags.push(
              error(
                m.span,
                `'${m.text}' is a logistic_regression, a classifier, but '${st.dataset.text}' has a numeric (regression) target: make it \`linear_regression\` or \`dense\``,
              ),
            );
          const output = outputOf.get(m.text);
          if (output && output !== task)
            diags.push(
              error(
                m.span,
                `'${m.text}' is declared with \`output ${output}\`, but '${st.dataset.text}' has a ${task} target`,
              ),
            );
          if (family === "linear_regression" && task !== "regression")
            diags.push(
              error(
                m.span,
                `'${m.text}' is a linear_regression, but '${st.dataset.text}' has a ${task} target: make it \`logistic_regression\` or \`dense\``,
              ),
            );
        }
        break;
      }
      case "explain":
        trainedModels(st.models, "explaining");
        break;
      case "tune": {
        const ds = trainedTune(st);
        if (ds) checkNeedsFit(st.needs, ds);
        break;
      }
      case "mitigate": {
        const ds = trainedModels(st.models, "mitigating");
        if (st.method && !(MITIGATIONS as readonly string[]).includes(st.method.text))
          diags.push(
            error(
              st.method.span,
              `unknown mitigation '${st.method.text}'${didYouMean(st.method.text, MITIGATIONS) || `; known: ${MITIGATIONS.join(", ")}`}`,
            ),
          );
        const declared = ds ? sensitiveOf.get(ds) : undefined;
        if (declared)
          for (const col of st.by)
            if (!declared.includes(col.text))
              diags.push(
                error(
                  col.span,
                  `'${col.text}' is not a sensitive column of dataset '${ds}': mitigation works on the groups of a sensitive column (add \`sensitive ${col.text}\` to the dataset)`,
                ),
              );
        break;
      }
      case "export":
        trainedModels(st.models, "exporting");
        if (!st.path.value.trim())
          diags.push(error(st.path.span, 'export needs a folder to write to, e.g. `export mlp to "exports/mlp"`'));
        break;
      case "monitor": {
        if (resolve(st.dataset, datasets, "dataset", datasetRule)) {
          const header = env.readHeader(st.path.value);
          if ("problem" in header) diags.push(error(st.path.span, header.problem));
        }
        break;
      }
      case "show":
        for (const v of st.views)
          if (!(SHOW_VIEWS as readonly string[]).includes(v.text))
            diags.push(
              error(
                v.span,
                `unknown view '${v.text}'${didYouMean(v.text, SHOW_VIEWS) || `; views: ${SHOW_VIEWS.join(", ")}`}`,
              ),
            );
        for (const m of st.models) resolve(m, models, "model", modelRule);
        break;
      case "compare":
      case "evaluate": {
        resolve(st.needs, needs, "needs block", needsRule);
        if (st.kind === "compare" && st.models.length < 2)
          diags.push(
            error(
              st.models[0].span,
              `compare sets two or more models side by side: add another model, or use \`evaluate ${st.models[0].text} against ${st.needs.text}\``,
            ),
          );
        const ds = trainedModels(st.models, st.kind === "compare" ? "comparing" : "evaluating", st.dataset);
        if (ds) {
          evaluationDataset.set(st, ds);
          checkNeedsFit(st.needs, ds);
        }
        break;
      }
    }
  }

  function trainedTune(st: A.TuneStmt): string | undefined {
    resolve(st.needs, needs, "needs block", needsRule);
    const ds = resolve(st.dataset, datasets, "dataset", datasetRule);
    if (!resolve(st.model, models, "model", modelRule)) return undefined;
    if (st.search && !(SEARCHES as readonly string[]).includes(st.search.text))
      diags.push(
        error(
          st.search.span,
          `unknown search '${st.search.text}'${didYouMean(st.search.text, SEARCHES) || ""}; use grid (every combination) or random (\`trials N\` of them)`,
        ),
      );
    if (st.trials && (!st.trials.isInteger || st.trials.value < 1 || st.trials.value > 1000))
      diags.push(error(st.trials.span, `trials is a whole number from 1 to 1000, not ${st.trials.raw}`));
    if (st.params.length === 0)
      diags.push(
        error(
          st.model.span,
          `tune needs at least one setting to search, e.g. \`tune ${st.model.text} on ${st.dataset.text} against ${st.needs.text} { learning_rate in [0.001, 0.01, 0.1] }\``,
        ),
      );
    const layers = layersOf.get(st.model.text) ?? 0;
    let combinations = 1;
    for (const p of st.params) {
      combinations *= Math.max(1, p.values.length);
      if (!(TUNABLE as readonly string[]).includes(p.name.text)) {
        diags.push(
          error(
            p.name.span,
            `cannot tune '${p.name.text}'${didYouMean(p.name.text, TUNABLE) || `; tune searches ${TUNABLE.join(", ")}`}`,
          ),
        );
        continue;
      }
      if (p.name.text === "units" && !p.layer)
        diags.push(error(p.name.span, "units belong to one layer: write `layer 1 units in [8, 16]`"));
      if (
        p.layer &&
        (!p.layer.isInteger || p.layer.value < 1 || (layersOf.has(st.model.text) && p.layer.value > layers))
      )
        diags.push(
          error(
            p.layer.span,
            `model '${st.model.text}' has ${layers} hidden layer${layers === 1 ? "" : "s"}, so there is no layer ${p.layer.raw}`,
          ),
        );
      for (const v of p.values) {
        const bad = tuneValueProblem(p.name.text, v);
        if (bad) diags.push(error(v.span, bad));
      }
    }
    if ((st.search?.text ?? "grid") === "grid" && combinations > 1000)
      diags.push(
        error(
          st.model.span,
          `this grid has ${combinations} combinations; needlab runs at most 1000: use \`search random trials 50\` or fewer values`,
        ),
      );
    return ds ? st.dataset.text : undefined;
  }
  return { diagnostics: diags, evaluationDataset };
}

function checkNeed(item: A.MetricNeed, diags: Diagnostic[]): void {
  const metric = item.metric.text;
  if (!NEED_METRICS.includes(metric)) {
    diags.push(
      error(
        item.metric.span,
        `unknown metric '${metric}'${didYouMean(metric, NEED_METRICS) || `; known metrics: ${NEED_METRICS.join(", ")}`}`,
      ),
    );
    return;
  }
  const unit = (OPERATIONAL_METRICS as Record<string, string>)[metric];
  if (unit && item.threshold.unit !== unit) {
    diags.push(
      error(
        item.threshold.span,
        `${metric} is a ${unit === "duration" ? "duration: write it with a unit such as `5 ms` or `30 s`" : "size: write it with a unit such as `500 KB` or `2 MB`"}`,
      ),
    );
    return;
  }
  if (!unit && item.threshold.unit) {
    diags.push(
      error(
        item.threshold.span,
        `${metric} has no unit: remove '${item.threshold.raw.replace(/^[-\d.eE+]+[ \t]*/, "")}'`,
      ),
    );
    return;
  }
  const [lo, hi] = metricRange(metric);
  if (item.threshold.value < lo || item.threshold.value > hi) {
    const range = hi === Infinity ? `is at least ${lo}` : `lies between ${lo} and ${hi}`;
    diags.push(
      error(
        item.threshold.span,
        `${metric} ${range}, so ${item.threshold.raw} can never be ${item.comparator === ">=" || item.comparator === ">" ? "reached" : "missed"}${hi === 1 && lo === 0 ? "; write it as a fraction (0.8) or a percentage (80%)" : ""}`,
      ),
    );
  }
  if (IS_FAIRNESS.has(metric)) {
    if (item.by.length === 0)
      diags.push(
        error(item.metric.span, `${metric} compares groups: add \`by COLUMN\` (a sensitive column of the dataset)`),
      );
    if (PRIVILEGED_METRICS.includes(metric) && !item.privileged)
      diags.push(
        error(
          item.metric.span,
          `${metric} compares the other groups with a privileged one: add \`privileged "VALUE"\` after \`by\``,
        ),
      );
    if (!PRIVILEGED_METRICS.includes(metric) && item.privileged)
      diags.push(
        warning(
          item.privileged.span,
          `${metric} compares all groups with each other, so 'privileged' changes nothing; it matters for ${PRIVILEGED_METRICS.join(", ")}`,
        ),
      );
    if (item.onClass)
      diags.push(error(item.onClass.span, `${metric} is about the positive class; 'on class' does not apply to it`));
  } else if (item.by.length > 0) {
    diags.push(
      error(
        item.by[0].span,
        `${metric} is measured over everyone; to compare groups use a fairness metric such as equal_opportunity_difference`,
      ),
    );
  }
  if (item.minGroupSize && (!item.minGroupSize.isInteger || item.minGroupSize.value < 1))
    diags.push(
      error(
        item.minGroupSize.span,
        `min_group_size must be a whole number of at least 1, not ${item.minGroupSize.raw}`,
      ),
    );
  if (item.onClass && metric === "accuracy") {
    diags.push(
      warning(
        item.onClass.span,
        `accuracy counts every class, so 'on class "${item.onClass.value}"' changes nothing; remove it`,
      ),
    );
  }
}

function suggestFor(task: Task): string {
  if (task === "regression") return "mae, rmse, mse, mape or r2";
  if (task === "multiclass") return 'accuracy, balanced_accuracy, log_loss, or precision/recall/f1 `on class "NAME"`';
  return "a classification metric such as recall, roc_auc or f1";
}

function tuneValueProblem(param: string, v: A.NumberLit): string | undefined {
  const whole = ["epochs", "batch_size", "units"];
  if (whole.includes(param) && (!v.isInteger || v.value < 1))
    return `${param} values are whole numbers of at least 1, not ${v.raw}`;
  if (param === "learning_rate" && (v.value <= 0 || v.value > 10))
    return `learning_rate values lie above 0 and at most 10, not ${v.raw}`;
  if (param === "threshold" && (v.value <= 0 || v.value >= 1))
    return `threshold values lie strictly between 0 and 1, not ${v.raw}`;
  if (param === "dropout" && (v.value < 0 || v.value >= 1))
    return `dropout values lie from 0 up to (not including) 1, not ${v.raw}`;
  if (param === "l2" && (v.value < 0 || v.value > 10)) return `l2 values lie from 0 to 10, not ${v.raw}`;
  return undefined;
}

function checkRepeated(repeated: A.Name[], diags: Diagnostic[]): void {
  for (const r of repeated) diags.push(error(r.span, `'${r.text}' is given twice in this block; keep one`));
}

/** Reports a name that is not one of `known`, with a suggestion. */
function checkChoice(n: A.Name, known: readonly string[], what: string, diags: Diagnostic[]): boolean {
  if (known.includes(n.text)) return true;
  diags.push(
    error(n.span, `unknown ${what} '${n.text}'${didYouMean(n.text, known) || `; known: ${known.join(", ")}`}`),
  );
  return false;
}

const isNumber = (v: A.NumberLit | A.StringLit): v is A.NumberLit => "raw" in v;

/** Column names an expression reads, in order. */
export function exprColumns(e: A.Expr): A.Name[] {
  switch (e.kind) {
    case "column":
      return [e.name];
    case "number":
      return [];
    case "negate":
      return exprColumns(e.arg);
    case "binary":
      return [...exprColumns(e.left), ...exprColumns(e.right)];
    case "call":
      return e.args.flatMap(exprColumns);
  }
}

function checkExpr(e: A.Expr, diags: Diagnostic[]): void {
  if (e.kind === "negate") checkExpr(e.arg, diags);
  if (e.kind === "binary") {
    checkExpr(e.left, diags);
    checkExpr(e.right, diags);
  }
  if (e.kind !== "call") return;
  e.args.forEach((a) => checkExpr(a, diags));
  const fns = Object.keys(DERIVE_FUNCTIONS);
  if (!checkChoice(e.fn, fns, "function", diags)) return;
  const arity = DERIVE_FUNCTIONS[e.fn.text as keyof typeof DERIVE_FUNCTIONS];
  if (e.args.length !== arity)
    diags.push(
      error(
        e.fn.span,
        `${e.fn.text} takes ${arity} argument${arity > 1 ? "s" : ""}${e.fn.text === "bucket" ? " and a list of edges: `bucket(age, [25, 40, 60])`" : ""}, not ${e.args.length}`,
      ),
    );
  if (e.fn.text === "bucket") {
    if (!e.list) diags.push(error(e.fn.span, "bucket needs the band edges as a list: `bucket(age, [25, 40, 60])`"));
    if (e.args[0] && e.args[0].kind !== "column")
      diags.push(
        error(e.args[0].span, "bucket bands a column: write the column's name, e.g. `bucket(age, [25, 40, 60])`"),
      );
    e.list?.forEach((edge, i) => {
      if (i > 0 && edge.value <= e.list![i - 1].value)
        diags.push(error(edge.span, `bucket edges must increase: ${edge.raw} comes after ${e.list![i - 1].raw}`));
    });
  } else if (e.list) diags.push(error(e.fn.span, `${e.fn.text} takes no list; only bucket does`));
}

function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function checkFileOptions(ds: A.DatasetDecl, diags: Diagnostic[]): void {
  if (ds.format) checkChoice(ds.format.value, FILE_FORMATS, "format", diags);
  if (ds.delimiter && [...ds.delimiter.value.value].length !== 1)
    diags.push(
      error(
        ds.delimiter.value.span,
        `a delimiter is one character, such as ";" or "\\t", not ${JSON.stringify(ds.delimiter.value.value)}`,
      ),
    );
  if (ds.delimiter && ds.format?.value.text === "jsonl")
    diags.push(error(ds.delimiter.value.span, "JSON lines have no delimiter: remove it, or make the format csv"));
  if (ds.encoding && !isEncoding(ds.encoding.value.value))
    diags.push(
      error(
        ds.encoding.value.span,
        `unknown text encoding "${ds.encoding.value.value}"; common ones: utf-8, latin1, windows-1252, utf-16le`,
      ),
    );
  if (ds.target?.value.task) checkChoice(ds.target.value.task, TASKS, "target kind", diags);
  if (ds.target?.value.positive && ds.target.value.task)
    diags.push(error(ds.target.value.task.span, "positive names a class of a binary target; remove one of them"));
  if (ds.stratify && ds.target?.value.task?.text === "regression")
    diags.push(
      warning(
        ds.stratify.span,
        "stratify keeps class balance, and a regression target has no classes: the split is at random; remove `stratify`",
      ),
    );
  ds.types.forEach((t) => checkChoice(t.choice, COLUMN_TYPES, "column type", diags));
  for (const m of ds.missing) {
    if (!checkChoice(m.choice, MISSING_STRATEGIES, "missing-value strategy", diags)) continue;
    if (m.choice.text === "constant" && !m.value)
      diags.push(
        error(
          m.choice.span,
          `constant needs the value to fill in: \`${m.column.text}: constant 0\` or \`${m.column.text}: constant "unknown"\``,
        ),
      );
    if (m.choice.text !== "constant" && (m.value || m.list))
      diags.push(error(m.choice.span, `${m.choice.text} takes no value; only constant does`));
  }
  for (const e of ds.encode) {
    if (!checkChoice(e.choice, ENCODINGS, "encoding", diags)) continue;
    if (e.value)
      diags.push(
        error(
          e.choice.span,
          `${e.choice.text} takes no value${e.choice.text === "ordinal" ? '; give the order as a list: `ordinal ["low", "mid", "high"]`' : ""}`,
        ),
      );
    if (e.list && e.choice.text !== "ordinal")
      diags.push(error(e.choice.span, `${e.choice.text} takes no list; only ordinal does (its order)`));
  }
  if (ds.scale) checkChoice(ds.scale.value, SCALINGS, "scaling", diags);
  ds.scaleColumns.forEach((c) => checkChoice(c.choice, SCALINGS, "scaling", diags));
  for (const f of ds.filters) {
    if (f.op !== "==" && f.op !== "!=" && f.op !== "in" && f.values.some((v) => !isNumber(v)))
      diags.push(error(f.column.span, `'${f.op}' compares numbers; compare text with ==, != or in`));
  }
  const split = ds.split?.value;
  if (split?.kfold && (!split.kfold.isInteger || split.kfold.value < 2 || split.kfold.value > 50))
    diags.push(error(split.kfold.span, `kfold takes a whole number of folds from 2 to 50, not ${split.kfold.raw}`));
  if (split?.by) {
    if (checkChoice(split.by.kind, ["group", "time"], "split kind", diags) && ds.stratify) {
      diags.push(
        error(
          ds.stratify.span,
          `a ${split.by.kind.text} split cannot also be stratified: ${split.by.kind.text === "time" ? "the test part is the latest rows" : "rows of one group stay together"}; remove \`stratify\``,
        ),
      );
    }
  }
}

function checkDataset(ds: A.DatasetDecl, env: CheckEnv, diags: Diagnostic[]): void {
  checkRepeated(ds.repeated, diags);
  if (!ds.source)
    diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no source: add \`source "path/to/file.csv"\``));
  if (!ds.target)
    diags.push(error(ds.name.span, `dataset '${ds.name.text}' has no target: add \`target COLUMN positive "CLASS"\``));
  if (ds.seed && (!ds.seed.value.isInteger || ds.seed.value.value > 2 ** 31 - 1))
    diags.push(error(ds.seed.value.span, `seed must be a whole number from 0 to 2147483647, not ${ds.seed.value.raw}`));
  if (ds.split && ds.split.value.parts.length) checkSplit(ds.split.value.parts, ds.split.span, diags);
  checkFileOptions(ds, diags);
  ds.derived.forEach((d) => checkExpr(d.expr, diags));

  if (!ds.source) return;
  const header = env.readHeader(ds.source.value.value, {
    format: ds.format?.value.text as "csv" | "jsonl" | undefined,
    delimiter: ds.delimiter?.value.value,
    encoding: ds.encoding && isEncoding(ds.encoding.value.value) ? ds.encoding.value.value : undefined,
  });
  if ("problem" in header) {
    diags.push(error(ds.source.value.span, header.problem));
    return;
  }
  // Derived columns join the header, in order, for every check after them.
  const columns = [...header.columns];
  const checkColumn = (n: A.Name) => {
    if (!columns.includes(n.text))
      diags.push(
        error(
          n.span,
          `column '${n.text}' is not in ${ds.source!.value.value}${didYouMean(n.text, columns) || `; its columns are: ${columns.join(", ")}`}`,
        ),
      );
  };
  for (const d of ds.derived) {
    exprColumns(d.expr).forEach(checkColumn);
    if (columns.includes(d.name.text))
      diags.push(error(d.name.span, `'${d.name.text}' is already a column: give the derived column another name`));
    columns.push(d.name.text);
  }
  const target = ds.target?.value.column;
  if (target) checkColumn(target);
  [...ds.drop, ...ds.keep, ...ds.sensitive, ...ds.pii].forEach(checkColumn);
  [...ds.types, ...ds.missing, ...ds.encode, ...ds.scaleColumns].forEach((c) => checkColumn(c.column));
  ds.filters.forEach((f) => checkColumn(f.column));
  if (ds.split?.value.by) checkColumn(ds.split.value.by.column);
  for (const p of ds.pii) {
    if (target && p.text === target.text)
      diags.push(error(p.span, `'${p.text}' is the target, so it cannot be personal data that is never used`));
    if (ds.sensitive.some((s) => s.text === p.text))
      diags.push(
        error(
          p.span,
          `'${p.text}' is personal data (pii), so it cannot also be a sensitive attribute: PII is never used, and fairness checks use it`,
        ),
      );
    if (ds.keep.some((k) => k.text === p.text))
      diags.push(
        error(p.span, `'${p.text}' is personal data (pii), so it can never be a feature: remove it from \`keep\``),
      );
  }
  for (const s of ds.sensitive) {
    if (target && s.text === target.text)
      diags.push(error(s.span, `'${s.text}' is the target, so it cannot also be a sensitive attribute`));
    if (ds.drop.some((d) => d.text === s.text))
      diags.push(
        warning(s.span, `'${s.text}' is sensitive, so it is already kept out of the features: no need to drop it`),
      );
    if (ds.keep.some((k) => k.text === s.text))
      diags.push(error(s.span, `'${s.text}' is sensitive, so it is never a feature: remove it from \`keep\``));
  }
  for (const k of ds.keep)
    if (ds.drop.some((d) => d.text === k.text))
      diags.push(error(k.span, `'${k.text}' is both kept and dropped: remove it from one of them`));
  if (target && ds.drop.some((d) => d.text === target.text)) {
    const d = ds.drop.find((x) => x.text === target.text)!;
    diags.push(error(d.span, `'${d.text}' is the target, so it cannot be dropped`));
  }
}

function checkSplit(parts: A.SplitPart[], span: A.Setting<unknown>["span"], diags: Diagnostic[]): void {
  const seen = new Set<string>();
  let sum = 0;
  for (const p of parts) {
    if (seen.has(p.part)) diags.push(error(p.span, `'${p.part}' appears twice in the split`));
    seen.add(p.part);
    if (p.fraction.value <= 0 || p.fraction.value >= 1)
      diags.push(
        error(
          p.fraction.span,
          `a split fraction lies strictly between 0 and 1 (or 0% and 100%), not ${p.fraction.raw}`,
        ),
      );
    sum += p.fraction.value;
  }
  if (!seen.has("train")) diags.push(error(span, "the split has no train part: add `train 80%`"));
  if (!seen.has("test"))
    diags.push(error(span, "the split has no test part: add `test 20%`; needs are checked on the test part"));
  if (Math.abs(sum - 1) > 1e-9)
    diags.push(error(span, `the split fractions add up to ${+(sum * 100).toFixed(6)}%, not 100%`));
}

function checkModel(m: A.ModelDecl, diags: Diagnostic[]): void {
  checkRepeated(m.repeated, diags);
  const family = m.family.text;
  if (!(MODEL_FAMILIES as readonly string[]).includes(family)) {
    diags.push(
      error(
        m.family.span,
        `unknown model kind '${family}'${didYouMean(family, MODEL_FAMILIES) || `; known kinds: ${MODEL_FAMILIES.join(", ")}`}`,
      ),
    );
  } else if (family !== "dense" && m.layers.length > 0) {
    diags.push(
      error(m.layers[0].span, `a ${family} has no hidden layers: remove the \`layer\` lines or make it \`dense\``),
    );
  } else if (family === "dense" && m.layers.length === 0) {
    diags.push(
      error(m.name.span, `dense model '${m.name.text}' has no layers: add at least one, e.g. \`layer 16 relu\``),
    );
  }
  for (const layer of m.layers) {
    if (!layer.units.isInteger || layer.units.value < 1)
      diags.push(error(layer.units.span, `a layer needs a whole number of units (1 or more), not ${layer.units.raw}`));
    if (layer.activation && !(ACTIVATIONS as readonly string[]).includes(layer.activation.text))
      diags.push(
        error(
          layer.activation.span,
          `unknown activation '${layer.activation.text}'${didYouMean(layer.activation.text, ACTIVATIONS) || `; known activations: ${ACTIVATIONS.join(", ")}`}`,
        ),
      );
    if (layer.l2 && (layer.l2.value < 0 || layer.l2.value > 10))
      diags.push(error(layer.l2.span, `l2 is a penalty from 0 to 10 (typically 0.0001 to 0.01), not ${layer.l2.raw}`));
    if (layer.dropout && (layer.dropout.value < 0 || layer.dropout.value >= 1))
      diags.push(
        error(layer.dropout.span, `dropout is a rate from 0 up to (not including) 1, not ${layer.dropout.raw}`),
      );
  }
  if (m.optimizer && !(OPTIMIZERS as readonly string[]).includes(m.optimizer.value.text))
    diags.push(
      error(
        m.optimizer.value.span,
        `unknown optimizer '${m.optimizer.value.text}'${didYouMean(m.optimizer.value.text, OPTIMIZERS) || `; known optimizers: ${OPTIMIZERS.join(", ")}`}`,
      ),
    );
  if (m.learningRate && (m.learningRate.value.value <= 0 || m.learningRate.value.value > 10))
    diags.push(
      error(m.learningRate.value.span, `learning_rate must be above 0 and at most 10, not ${m.learningRate.value.raw}`),
    );
  for (const [key, s] of [
    ["epochs", m.epochs],
    ["batch_size", m.batchSize],
  ] as const) {
    if (s && (!s.value.isInteger || s.value.value < 1))
      diags.push(error(s.value.span, `${key} must be a whole number of at least 1, not ${s.value.raw}`));
  }
  if (m.threshold && (m.threshold.value.value <= 0 || m.threshold.value.value >= 1))
    diags.push(
      error(
        m.threshold.value.span,
        `threshold is a probability strictly between 0 and 1 (or 0% and 100%), not ${m.threshold.value.raw}`,
      ),
    );
  if (m.epochs && m.epochs.value.value > 100000)
    diags.push(
      error(m.epochs.value.span, `${m.epochs.value.raw} epochs is beyond what needlab will run; use at most 100000`),
    );
  if (m.patience && (!m.patience.value.isInteger || m.patience.value.value < 1))
    diags.push(
      error(
        m.patience.value.span,
        `patience must be a whole number of epochs, at least 1, not ${m.patience.value.raw}`,
      ),
    );
  if (m.seed && !m.seed.value.isInteger)
    diags.push(error(m.seed.value.span, `seed must be a whole number, not ${m.seed.value.raw}`));
  const opt = (m.optimizer?.value.text ?? "adam") as OptimizerName;
  for (const o of m.optimizerOptions) {
    const known = OPTIMIZER_OPTIONS[opt] ?? [];
    if (!known.includes(o.name.text))
      diags.push(
        error(
          o.name.span,
          `${opt} has no setting '${o.name.text}'${didYouMean(o.name.text, known) || `; its settings: ${known.join(", ")}`}`,
        ),
      );
    else if (
      o.value.value < 0 ||
      (o.name.text !== "epsilon" && o.name.text !== "initial_accumulator" && o.value.value >= 1)
    )
      diags.push(error(o.value.span, `${o.name.text} lies from 0 up to (not including) 1, not ${o.value.raw}`));
  }
  const sch = m.schedule?.value;
  if (sch && checkChoice(sch.kind, SCHEDULES, "schedule", diags)) {
    if (sch.kind.text === "cosine" && (sch.rate || sch.every))
      diags.push(error(sch.kind.span, "cosine takes no rate: it lowers the learning rate to 0 over the epochs"));
    if (sch.kind.text !== "cosine" && (!sch.rate || sch.rate.value <= 0 || sch.rate.value > 1))
      diags.push(
        error(
          sch.rate?.span ?? sch.kind.span,
          `${sch.kind.text} multiplies the learning rate by a factor above 0 and at most 1: write \`schedule ${sch.kind.text} 0.5${sch.kind.text === "step" ? " every 10" : ""}\``,
        ),
      );
    if (sch.kind.text === "step" && (!sch.every || !sch.every.isInteger || sch.every.value < 1))
      diags.push(
        error(
          sch.every?.span ?? sch.kind.span,
          "step lowers the learning rate every N epochs: write `schedule step 0.5 every 10`",
        ),
      );
    if (sch.kind.text === "exponential" && sch.every)
      diags.push(
        error(
          sch.every.span,
          "exponential lowers the learning rate every epoch; use `step` to lower it every N epochs",
        ),
      );
  }
  if (m.stopMetric) {
    checkChoice(m.stopMetric, STOP_METRICS, "metric to stop on", diags);
  }
  const cw = m.classWeight?.value;
  if (cw?.balanced && cw.balanced.text !== "balanced")
    diags.push(
      error(
        cw.balanced.span,
        `class_weight is \`balanced\` or weights by class, e.g. \`class_weight "bad": 3, "good": 1\`, not '${cw.balanced.text}'`,
      ),
    );
  for (const w of cw?.weights ?? [])
    if (w.weight.value <= 0 || w.weight.value > 1000)
      diags.push(error(w.weight.span, `a class weight lies above 0 and at most 1000, not ${w.weight.raw}`));
  if (m.backend) checkChoice(m.backend.value, BACKENDS, "backend", diags);
  if (m.output) checkChoice(m.output.value, TASKS, "output", diags);
}
