/**
 * What the checker knows while it reads a cell: the names declared so far
 * (in earlier cells and this one), what each dataset and model is, and the
 * diagnostics found. Every statement's check reads and extends it.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error } from "../diagnostics";
import { metricOf, metricTasks, NEED_METRICS, type Task } from "../../plan/plan";
import type { CheckEnv } from "./env";

/** Declared names become TypeScript variables, so they cannot be reserved words. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await lab"
  ).split(" "),
);

export const RULES = {
  model: "declare it with `model NAME: dense { ... }` first",
  dataset: "declare it with `dataset NAME { ... }` first",
  needs: "declare it with `needs NAME { ... }` first",
};

function suggestFor(task: Task): string {
  if (task === "regression") return "mae, rmse, mse, mape or r2";
  if (task === "multiclass")
    return 'accuracy, balanced_accuracy, log_loss, top_3_accuracy, share of "NAME", or precision/recall/f1 `on class "NAME"`';
  return "a classification metric such as recall, roc_auc or f1";
}

export class Scope {
  readonly diags: Diagnostic[] = [];
  /** evaluate/compare statement → the dataset it evaluates on (explicit or from `train`). */
  readonly evaluationDataset = new Map<A.EvaluateStmt | A.CompareStmt, string>();
  private readonly declared = new Map<string, A.Name>();
  readonly datasets: Set<string>;
  readonly models: Set<string>;
  readonly needs: Set<string>;
  readonly trained: Map<string, string>;
  readonly sensitiveOf: Map<string, readonly string[]>;
  readonly taskOf: Map<string, Task>;
  readonly layersOf: Map<string, number>;
  readonly familyOf = new Map<string, string>();
  readonly outputOf = new Map<string, string>();
  readonly needsDecls = new Map<string, A.NeedsDecl>();

  constructor(readonly env: CheckEnv) {
    this.datasets = new Set(env.datasets);
    this.models = new Set(env.models);
    this.needs = new Set(env.needs);
    this.trained = new Map(env.trained);
    this.sensitiveOf = new Map(env.sensitive ?? []);
    this.taskOf = new Map(env.tasks ?? []);
    this.layersOf = new Map(env.layers ?? []);
  }

  /** The environment the next cell is checked in: everything known once this cell has run. */
  after(): CheckEnv {
    return {
      ...this.env,
      datasets: this.datasets,
      models: this.models,
      needs: this.needs,
      trained: this.trained,
      sensitive: this.sensitiveOf,
      tasks: this.taskOf,
      layers: this.layersOf,
    };
  }

  /** Declares a name of a kind (reserved words and names declared twice in one cell are errors). */
  declare(n: A.Name, kinds: Set<string>): void {
    if (RESERVED.has(n.text))
      this.diags.push(
        error(
          n.span,
          `'${n.text}' is ${n.text === "lab" ? "the name of the study object" : "a reserved word"} in TypeScript cells, where every declared name becomes a variable: choose another name`,
        ),
      );
    const prev = this.declared.get(n.text);
    if (prev)
      this.diags.push(
        error(n.span, `'${n.text}' is already declared in this cell at line ${prev.span.line}; give it another name`),
      );
    else this.declared.set(n.text, n);
    kinds.add(n.text);
  }

  /** Whether a name is declared as a kind; reports it with a suggestion when not. */
  resolve(n: A.Name, kinds: Set<string>, what: string, hint: string): boolean {
    if (kinds.has(n.text)) return true;
    const other = [...this.datasets, ...this.models, ...this.needs].includes(n.text)
      ? ` ('${n.text}' is not a ${what})`
      : "";
    this.diags.push(error(n.span, `unknown ${what} '${n.text}'${other}${didYouMean(n.text, kinds) || `; ${hint}`}`));
    return false;
  }

  /** Every model trained, and on one dataset; returns that dataset (or undefined after reporting). */
  trainedModels(named: A.Name[], verb: string, explicit?: A.Name): string | undefined {
    const explicitOk = explicit && this.resolve(explicit, this.datasets, "dataset", RULES.dataset);
    for (const m of named) {
      if (!this.resolve(m, this.models, "model", RULES.model)) continue;
      const on = this.trained.get(m.text);
      if (!on)
        this.diags.push(
          error(m.span, `model '${m.text}' is not trained yet: add \`train ${m.text} on <dataset>\` before ${verb} it`),
        );
      else if (explicit && explicitOk && on !== explicit.text)
        this.diags.push(
          error(
            m.span,
            `model '${m.text}' was trained on '${on}', not '${explicit.text}': ${verb.replace(/ing$/, "")}e it on the dataset it was trained on`,
          ),
        );
    }
    const all = new Set(named.map((m) => this.trained.get(m.text)).filter(Boolean));
    if (!explicit && all.size > 1)
      this.diags.push(
        error(
          named[0].span,
          `these models were trained on different datasets (${[...all].join(", ")}): name them in separate statements`,
        ),
      );
    return explicit?.text ?? named.map((m) => this.trained.get(m.text)).find((d) => d);
  }

  /** Needs that cannot be measured on the dataset's task or sensitive columns. */
  checkNeedsFit(needsName: A.Name, ds: string): void {
    const decl = this.needsDecls.get(needsName.text);
    if (!decl) return;
    const task = this.taskOf.get(ds) ?? "binary";
    const declared = this.sensitiveOf.get(ds);
    for (const item of decl.items) {
      const tasks = metricTasks(item.metric.text);
      if (NEED_METRICS.includes(metricOf(item.metric.text).metric) && !tasks.includes(task))
        this.diags.push(
          error(
            item.metric.span,
            `${item.metric.text} does not apply to dataset '${ds}', whose target is ${task === "regression" ? "a number (regression)" : `${task === "multiclass" ? "one of several classes (multiclass)" : "two classes (binary)"}`}: use ${suggestFor(task)}`,
          ),
        );
      if (declared) {
        for (const col of item.by) {
          if (!declared.includes(col.text))
            this.diags.push(
              error(
                col.span,
                `'${item.metric.text}' is measured between groups of '${col.text}', but dataset '${ds}' does not name it as sensitive: add \`sensitive ${col.text}\` to the dataset`,
              ),
            );
        }
      }
    }
  }
}
