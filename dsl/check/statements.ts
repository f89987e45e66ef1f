/**
 * The statements that act on declared names: train, explain, mitigate,
 * export, monitor, show, evaluate and compare. Each resolves its names and
 * checks that what it asks for fits the models and datasets involved.
 */
import type * as A from "../ast";
import { didYouMean, error } from "../diagnostics";
import { MITIGATIONS, SHOW_VIEWS } from "../../plan/plan";
import { RULES, type Scope } from "./scope";

export function checkTrain(st: A.TrainStmt, scope: Scope): void {
  const { diags } = scope;
  const dsOk = scope.resolve(st.dataset, scope.datasets, "dataset", RULES.dataset);
  const task = scope.taskOf.get(st.dataset.text) ?? "binary";
  for (const m of st.models) {
    if (!scope.resolve(m, scope.models, "model", RULES.model) || !dsOk) continue;
    scope.trained.set(m.text, st.dataset.text);
    const family = scope.familyOf.get(m.text);
    if (family === "logistic_regression" && task === "regression")
      diags.push(
        error(
          m.span,
          `'${m.text}' is a logistic_regression, a classifier, but '${st.dataset.text}' has a numeric (regression) target: make it \`linear_regression\` or \`dense\``,
        ),
      );
    const output = scope.outputOf.get(m.text);
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
}

export function checkExplain(st: A.ExplainStmt, scope: Scope): void {
  scope.trainedModels(st.models, "explaining");
}

export function checkMitigate(st: A.MitigateStmt, scope: Scope): void {
  const ds = scope.trainedModels(st.models, "mitigating");
  if (st.method && !(MITIGATIONS as readonly string[]).includes(st.method.text))
    scope.diags.push(
      error(
        st.method.span,
        `unknown mitigation '${st.method.text}'${didYouMean(st.method.text, MITIGATIONS) || `; known: ${MITIGATIONS.join(", ")}`}`,
      ),
    );
  const declared = ds ? scope.sensitiveOf.get(ds) : undefined;
  if (declared)
    for (const col of st.by)
      if (!declared.includes(col.text))
        scope.diags.push(
          error(
            col.span,
            `'${col.text}' is not a sensitive column of dataset '${ds}': mitigation works on the groups of a sensitive column (add \`sensitive ${col.text}\` to the dataset)`,
          ),
        );
}

export function checkExport(st: A.ExportStmt, scope: Scope): void {
  scope.trainedModels(st.models, "exporting");
  if (!st.path.value.trim())
    scope.diags.push(error(st.path.span, 'export needs a folder to write to, e.g. `export mlp to "exports/mlp"`'));
}

export function checkMonitor(st: A.MonitorStmt, scope: Scope): void {
  const { diags } = scope;
  const dsOk = scope.resolve(st.dataset, scope.datasets, "dataset", RULES.dataset);
  if (dsOk) {
    const header = scope.env.readHeader(st.path.value);
    if ("problem" in header) diags.push(error(st.path.span, header.problem));
    else if (st.time && !header.columns.includes(st.time.text))
      diags.push(
        error(
          st.time.span,
          `column '${st.time.text}' is not in ${st.path.value}: name the column that dates each row${didYouMean(st.time.text, header.columns) || ""}`,
        ),
      );
  }
  if (st.models.length) scope.trainedModels(st.models, "monitoring", dsOk ? st.dataset : undefined);
  if (st.byKind && st.byKind.text !== "time")
    diags.push(error(st.byKind.span, `monitor groups new rows by time: write \`by time COLUMN\``));
  if (!st.needs) return;
  if (!scope.resolve(st.needs, scope.needs, "needs block", RULES.needs)) return;
  if (st.models.length === 0)
    diags.push(
      error(
        st.needs.span,
        `the needs are checked on a model's predictions: name it, as in \`monitor ${st.dataset.text} with ${JSON.stringify(st.path.value)} for MODEL against ${st.needs.text}\``,
      ),
    );
  const alerts = scope.needsDecls.get(st.needs.text)?.items.filter((n) => n.metric.text === "share") ?? [];
  if (scope.needsDecls.has(st.needs.text) && alerts.length === 0)
    diags.push(
      error(
        st.needs.span,
        `needs '${st.needs.text}' has no alert to check on new rows: add one such as \`must share of "CLASS" <= 30% per day\``,
      ),
    );
  if (dsOk && scope.needsDecls.has(st.needs.text)) scope.checkNeedsFit(st.needs, st.dataset.text);
}

export function checkShow(st: A.ShowStmt, scope: Scope): void {
  for (const v of st.views)
    if (!(SHOW_VIEWS as readonly string[]).includes(v.text))
      scope.diags.push(
        error(
          v.span,
          `unknown view '${v.text}'${didYouMean(v.text, SHOW_VIEWS) || `; views: ${SHOW_VIEWS.join(", ")}`}`,
        ),
      );
  for (const m of st.models) scope.resolve(m, scope.models, "model", RULES.model);
}

export function checkEvaluate(st: A.EvaluateStmt | A.CompareStmt, scope: Scope): void {
  scope.resolve(st.needs, scope.needs, "needs block", RULES.needs);
  if (st.kind === "compare" && st.models.length < 2)
    scope.diags.push(
      error(
        st.models[0].span,
        `compare sets two or more models side by side: add another model, or use \`evaluate ${st.models[0].text} against ${st.needs.text}\``,
      ),
    );
  const ds = scope.trainedModels(st.models, st.kind === "compare" ? "comparing" : "evaluating", st.dataset);
  if (ds) {
    scope.evaluationDataset.set(st, ds);
    scope.checkNeedsFit(st.needs, ds);
  }
}
