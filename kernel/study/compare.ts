/** `compare`: evaluates the models against the needs and ranks them. */
import { rankModels, recommendation } from "../../stdlib/compare";
import { finiteOrNull } from "../../stdlib/machine";
import { NEEDLAB_COMPARISON_MIME } from "../../stdlib/mime";
import { taskModule } from "../../stdlib/tasks";
import { fmt, keyValueView, verdictView } from "../../stdlib/views";
import { viewBundle } from "../display";
import { display, displayContext, keepEvaluation } from "./context";
import type { Handler } from "./handler";

export const compare: Handler<"compare"> = (step, cx) => {
  const ds = cx.state.datasets.get(step.dataset)!;
  const needs = cx.state.needs.get(step.needs)!;
  const task = taskModule(ds.task);
  const evals = step.models.map((m) => keepEvaluation(cx, m, ds, needs));
  const ranked = rankModels(evals, task.rankScore);
  const scoreName = task.rankScoreName;
  display(cx, [{ view: verdictView(evals) }, { view: task.metricsView(evals) }]);
  const rows = ranked.map((r, i) => ({
    key: `${i + 1}. ${r.model}`,
    value: `${r.acceptable ? "meets every must-need" : `${r.mustFailed} must-need(s) failed, ${r.mustUndecided} undecided`}; ${r.shouldMet} should-need(s) met; ${scoreName} ${fmt(r.rocAuc)}`,
  }));
  cx.sink.display(
    viewBundle(
      keyValueView(`Comparison against ${step.needs} (test split of ${step.dataset})`, rows, [
        recommendation(ranked, scoreName),
      ]),
      {
        [NEEDLAB_COMPARISON_MIME]: {
          needs: step.needs,
          dataset: step.dataset,
          ranking: ranked.map((r) => ({ ...r, rocAuc: finiteOrNull(r.rocAuc) })),
        },
      },
    ),
  );
  display(cx, task.comparisonDisplays(evals, ranked, displayContext(cx, needs, ds.name)));
};
