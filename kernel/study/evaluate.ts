/** `evaluate`: each model judged against the needs on its test rows, shown as its task shows evaluations. */
import { taskModule } from "../../stdlib/tasks";
import { display, displayContext, keepEvaluation } from "./context";
import type { Handler } from "./handler";

export const evaluate: Handler<"evaluate"> = (step, cx) => {
  const ds = cx.state.datasets.get(step.dataset)!;
  const needs = cx.state.needs.get(step.needs)!;
  const evals = step.models.map((m) => keepEvaluation(cx, m, ds, needs));
  display(cx, taskModule(ds.task).evaluationDisplays(evals, displayContext(cx, needs, ds.name)));
};
