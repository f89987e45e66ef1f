/**
 * `show`: charts and tables for models already evaluated (all of them when
 * none is named), each drawn by its task; `show code` needs only a declared
 * model.
 */
import type { ShowView, Task } from "../../plan/plan";
import { modelCode } from "../../stdlib/codegen";
import { NeedlabError } from "../../stdlib/errors";
import { taskModule, type TaskEvaluation } from "../../stdlib/tasks";
import { display, type StudyContext } from "./context";
import { showChosenCutoff } from "./cutoff";
import type { Handler } from "./handler";

/** Tasks in the order their views are shown when a cell shows several kinds of models. */
const SHOW_ORDER: Task[] = ["multiclass", "regression", "binary"];

export const show: Handler<"show"> = (step, cx) => {
  let views: ShowView[] = step.views;
  if (views.includes("code")) showCode(cx, step.models);
  if (views.includes("cutoff")) showCutoffs(cx, step.models);
  views = views.filter((v) => v !== "code" && v !== "cutoff");
  if (views.length === 0) return;
  const { state } = cx;
  const names = step.models.length ? step.models : [...state.evaluations.keys()];
  const unevaluated = names.find((m) => !state.evaluations.has(m));
  if (unevaluated)
    throw new NeedlabError(
      `model '${unevaluated}' has not been evaluated yet: add \`evaluate ${unevaluated} against NEEDS\` before \`show\``,
    );
  if (names.length === 0)
    throw new NeedlabError("nothing to show yet: evaluate a model first (`evaluate MODEL against NEEDS`)");
  const evals = names.map((m) => state.evaluations.get(m)!);
  const ctx = { style: state.style, history: (m: string) => state.trained.get(m)?.history ?? [] };
  for (const task of SHOW_ORDER) {
    const ofTask: TaskEvaluation[] = evals.filter((e) => e.task === task);
    if (ofTask.length === 0) continue;
    for (const view of views as Exclude<ShowView, "code" | "cutoff">[])
      display(cx, taskModule(task).show(view, ofTask, ctx));
  }
};

/** `show cutoff`: each named (or every) model's chosen cut-off, why, and its chart. */
function showCutoffs(cx: StudyContext, models: string[]): void {
  const { state } = cx;
  const names = models.length ? models : [...state.trained.keys()].filter((m) => state.trained.get(m)!.chosenCutoff);
  if (names.length === 0)
    throw new NeedlabError(
      "no model has a chosen cut-off: declare one with `threshold choose minimise expected_cost subject to NEEDS` and train it",
    );
  for (const m of names) {
    const t = state.trained.get(m);
    if (!t) throw new NeedlabError(`model '${m}' is not trained yet: run \`train ${m} on <dataset>\` first`);
    if (!t.chosenCutoff)
      throw new NeedlabError(
        `model '${m}' decides at a fixed cut-off (${t.spec.threshold}): \`show cutoff\` draws one chosen with \`threshold choose ...\``,
      );
    cx.sink.stream("stdout", `${t.chosenCutoff.text}\n`);
    showChosenCutoff(cx, m, t.chosenCutoff);
  }
}

function showCode(cx: StudyContext, models: string[]): void {
  const { state } = cx;
  for (const m of models.length ? models : [...state.models.keys()]) {
    const t = state.trained.get(m);
    // A chosen cut-off lives in the trained model's spec.
    const spec = t?.chosenCutoff ? t.spec : state.models.get(m)!;
    const ds = t ? state.datasets.get(t.dataset) : undefined;
    const code = modelCode(spec, ds?.featureNames.length ?? 0, ds?.targetScale, ds?.classNames);
    cx.sink.display({ "text/plain": code, "text/markdown": "```typescript\n" + code + "\n```" });
  }
}
