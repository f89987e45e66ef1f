/** `compare`: evaluates the models against the needs, ranks them, and says whether the leader is really better. */
import { rankModels, recommendation } from "../../stdlib/compare";
import { finiteOrNull } from "../../stdlib/machine";
import { NEEDLAB_COMPARISON_MIME } from "../../stdlib/mime";
import { scored } from "../../stdlib/scoring";
import { taskModule, type PairedInput } from "../../stdlib/tasks";
import { fmt, keyValueView, verdictView } from "../../stdlib/views";
import { viewBundle } from "../display";
import { display, displayContext, keepEvaluation, type StudyContext } from "./context";
import type { Handler } from "./handler";
import { tfjs } from "./tfjs";
import type { Dataset } from "./types";

/** Each model's scores on the test rows, as its evaluation saw them, for pairing. */
function pairedInputs(cx: StudyContext, models: string[], ds: Dataset): PairedInput[] {
  return models.map((model) => {
    const t = cx.state.trained.get(model)!;
    const { matrix, scores } = scored(t, ds, "test", tfjs().predictProba);
    return { model, data: ds, matrix, scores, threshold: t.spec.threshold };
  });
}

export const compare: Handler<"compare"> = (step, cx) => {
  const ds = cx.state.datasets.get(step.dataset)!;
  const needs = cx.state.needs.get(step.needs)!;
  const task = taskModule(ds.task);
  const evals = step.models.map((m) => keepEvaluation(cx, m, ds, needs));
  const ranked = rankModels(evals, task.rankScore);
  const paired = task.pairedComparison
    ? task.pairedComparison(pairedInputs(cx, step.models, ds), ranked, needs, step.abTest)
    : undefined;
  const scoreName = task.rankScoreName;
  display(cx, [{ view: verdictView(evals) }, { view: task.metricsView(evals) }]);
  const rows = ranked.map((r, i) => ({
    key: `${i + 1}. ${r.model}`,
    value: `${r.acceptable ? "meets every must-need" : `${r.mustFailed} must-need(s) failed, ${r.mustUndecided} undecided`}; ${r.shouldMet} should-need(s) met; ${scoreName} ${fmt(r.rocAuc)}`,
  }));
  cx.sink.display(
    viewBundle(
      keyValueView(
        `Comparison against ${step.needs} (test split of ${step.dataset})`,
        rows,
        [recommendation(ranked, scoreName), paired?.note ?? ""].filter(Boolean),
      ),
      {
        [NEEDLAB_COMPARISON_MIME]: {
          needs: step.needs,
          dataset: step.dataset,
          ranking: ranked.map((r) => ({ ...r, rocAuc: finiteOrNull(r.rocAuc) })),
          ...(paired && { paired: paired.machine }),
        },
      },
    ),
  );
  if (paired) display(cx, paired.shown);
  display(cx, task.comparisonDisplays(evals, ranked, displayContext(cx, needs, ds.name)));
};
