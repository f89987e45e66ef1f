/**
 * `explain`: permutation importance of each source column on the test rows
 * (k-fold: each fold model on its own fold, averaged over the folds).
 */
import type { LayersModel } from "@tensorflow/tfjs";
import type { PreparedData } from "../../stdlib/data/prepare";
import { NeedlabError } from "../../stdlib/errors";
import { averageImportance, type Importance, permutationImportance } from "../../stdlib/explain";
import { importanceFigure } from "../../stdlib/plots";
import { taskModule } from "../../stdlib/tasks";
import { fmt } from "../../stdlib/views";
import type { Handler } from "./handler";
import { tfjs } from "./tfjs";

export const explain: Handler<"explain"> = (step, cx) => {
  for (const m of step.models) {
    const t = cx.state.trained.get(m)!;
    const ds = cx.state.datasets.get(t.dataset)!;
    const task = taskModule(ds.task);
    if (ds.text)
      throw new NeedlabError(
        `model '${m}' reads text, and explain shuffles tabular columns; token importance for text models is not available yet: use \`show metrics, confusion\` for what it gets wrong.`,
      );
    const importanceOn = (model: LayersModel, data: PreparedData) =>
      permutationImportance(
        (x, n) => tfjs().predictProba(model, { x, y: data.test.y, rows: data.test.rows, n }, data.featureNames.length),
        data.test,
        data.featureColumns,
        { seed: ds.spec.seed, score: (p) => task.foldScore(data, data.test, p) },
      );
    let rows: Importance[];
    if (ds.folds) {
      const fm = t.crossValidation?.models;
      if (!fm)
        throw new NeedlabError(
          `model '${m}' was tuned, so its fold models were not kept: run \`train ${m} on ${t.dataset}\` to explain it.`,
        );
      rows = averageImportance(ds.folds.map((fold, f) => importanceOn(fm[f], fold)));
    } else rows = importanceOn(t.model, ds);
    const scoreName = task.foldScoreName;
    cx.sink.display(
      cx.plots.bundle(
        importanceFigure(m, rows, scoreName),
        `${m} relies most on: ${rows
          .slice(0, 3)
          .map((r) => `${r.column} (${scoreName} −${fmt(r.importance)})`)
          .join(", ")}`,
      ),
    );
  }
};
