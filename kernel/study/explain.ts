/**
 * `explain`: permutation importance of each source column on the test rows
 * (k-fold: each fold model on its own fold, averaged over the folds); for a
 * text model, token occlusion on a seeded sample of test messages.
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
import type { StudyContext } from "./context";
import type { Dataset, TrainedModel } from "./types";
import { occlusionImportance } from "../../stdlib/text/insight";
import { deriveSeed } from "../../stdlib/random";

export const explain: Handler<"explain"> = async (step, cx) => {
  for (const m of step.models) {
    const t = cx.state.trained.get(m)!;
    const ds = cx.state.datasets.get(t.dataset)!;
    if (ds.text) {
      await explainText(cx, m, t, ds);
      continue;
    }
    const task = taskModule(ds.task);
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

/** Token occlusion: the drop in the true class's probability when a token is removed, on up to 200 seeded test messages. */
async function explainText(cx: StudyContext, m: string, t: TrainedModel, ds: Dataset): Promise<void> {
  const { predictTexts, textInputOf } = await import("../../stdlib/text/text-input");
  const input = textInputOf(t.model);
  const texts = ds.test.texts;
  if (!input || !texts?.length)
    throw new NeedlabError(
      `model '${m}' has no test messages to explain: explain reads a text model on its dataset's holdout test part.`,
    );
  if (ds.task === "regression")
    throw new NeedlabError(`explain for text measures a class's probability; '${m}' predicts a number.`);
  const classes = ds.task === "multiclass" ? ds.classNames!.length : 1;
  const rows = occlusionImportance(texts, ds.test.y, (x) => predictTexts(t.model, input, x), classes, {
    seed: deriveSeed(ds.spec.seed, `explain:${m}`),
    normalize: ds.text!,
  });
  const scoreName = "probability of the true class";
  cx.sink.display(
    cx.plots.bundle(
      importanceFigure(
        m,
        rows.map((r) => ({ column: r.token, importance: r.importance, spread: 0 })),
        scoreName,
        {
          title: `What ${m} relies on: drop in the true class's probability when a token is removed`,
          axis: `mean over the sampled test messages holding the token, up to 200 drawn with the seed`,
        },
      ),
      `${m} relies most on the tokens: ${rows
        .slice(0, 5)
        .map((r) => `${r.token} (−${fmt(r.importance)} in ${r.messages} messages)`)
        .join(", ")}`,
    ),
  );
}
