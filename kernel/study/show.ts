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
import type { Handler } from "./handler";
import { showMisclassified, showNgrams } from "./text-views";

/** Tasks in the order their views are shown when a cell shows several kinds of models. */
const SHOW_ORDER: Task[] = ["multiclass", "regression", "binary"];

export const show: Handler<"show"> = async (step, cx) => {
  let views: ShowView[] = step.views;
  if (views.includes("code")) {
    showCode(cx, step.models);
    views = views.filter((v) => v !== "code");
    if (views.length === 0) return;
  }
  const { state } = cx;
  // Views that read a text model's messages or weights, not only its evaluation.
  const trainedNames = () => (step.models.length ? step.models : [...state.evaluations.keys()]);
  if (views.includes("misclassified")) showMisclassified(cx, trainedNames());
  if (views.includes("ngrams")) await showNgrams(cx, trainedNames());
  views = views.filter((v) => v !== "misclassified" && v !== "ngrams");
  if (views.length === 0) return;
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
    for (const view of views as Exclude<ShowView, "code" | "misclassified" | "ngrams">[])
      display(cx, taskModule(task).show(view, ofTask, ctx));
  }
};

function showCode(cx: StudyContext, models: string[]): void {
  const { state } = cx;
  for (const m of models.length ? models : [...state.models.keys()]) {
    const spec = state.models.get(m)!;
    const t = state.trained.get(m);
    const ds = t ? state.datasets.get(t.dataset) : undefined;
    const code = modelCode(spec, ds?.featureNames.length ?? 0, ds?.targetScale, ds?.classNames);
    cx.sink.display({ "text/plain": code, "text/markdown": "```typescript\n" + code + "\n```" });
  }
}
