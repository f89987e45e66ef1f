/**
 * The views of a text classifier that need its messages or its weights, not
 * only its evaluation: `show misclassified` (the test messages it is most
 * sure of and wrong about) and `show ngrams` (the terms a TF-IDF + logistic
 * model weighs most per class). Messages come from the `text` columns only;
 * a `pii` column is never read.
 */
import { NeedlabError } from "../../stdlib/errors";
import { scored } from "../../stdlib/scoring";
import { misclassifiedRows, shownMessage, topTermsPerClass } from "../../stdlib/text/insight";
import { tableView } from "../../stdlib/views";
import { viewBundle } from "../display";
import type { StudyContext } from "./context";
import { tfjs } from "./tfjs";
import type { Dataset, TrainedModel } from "./types";

export const TEXT_VIEWS = ["misclassified", "ngrams"] as const;

function textDataset(cx: StudyContext, m: string, view: string): { t: TrainedModel; ds: Dataset } {
  const t = cx.state.trained.get(m);
  if (!t)
    throw new NeedlabError(`model '${m}' is not trained yet: add \`train ${m} on DATASET\` before \`show ${view}\``);
  const ds = cx.state.datasets.get(t.dataset)!;
  if (!ds.text)
    throw new NeedlabError(
      `\`show ${view}\` is about messages, but dataset '${ds.name}' of model '${m}' has no \`text\` columns: use \`show confused\` or \`show classes\` for its classes.`,
    );
  return { t, ds };
}

/** Class names and row-major probabilities (one column per class) of a classifier's outputs (two classes: the most probable, as at a 0.5 cut-off). */
function classProbabilities(ds: Dataset, scores: Float32Array) {
  if (ds.task === "multiclass") return { classes: ds.classNames!, probs: scores, k: ds.classNames!.length };
  if (ds.task === "regression")
    throw new NeedlabError(`dataset '${ds.name}' has a numeric target: it has no classes to confuse.`);
  return { classes: [ds.negative, ds.positive], probs: twoColumns(scores), k: 2 };
}

const twoColumns = (scores: Float32Array) => {
  const out = new Float32Array(scores.length * 2);
  scores.forEach((s, i) => ((out[2 * i] = 1 - s), (out[2 * i + 1] = s)));
  return out;
};

export function showMisclassified(cx: StudyContext, models: string[], top = 10): void {
  for (const m of models) {
    const { t, ds } = textDataset(cx, m, "misclassified");
    const { matrix, scores } = scored(t, ds, "test", tfjs().predictProba);
    const texts = matrix.texts;
    if (!texts)
      throw new NeedlabError(
        `model '${m}' is judged on out-of-fold predictions, whose messages are not kept: use a holdout split to see misclassified messages.`,
      );
    const { classes, probs, k } = classProbabilities(ds, scores);
    const wrong = misclassifiedRows(matrix.y, probs, k, top);
    const rows = wrong.map((w) => [
      shownMessage(texts[w.row]),
      classes[matrix.y[w.row]],
      classes[w.predicted],
      `${(100 * w.probability).toFixed(1)}%`,
    ]);
    const errors = misclassifiedRows(matrix.y, probs, k, Infinity).length;
    cx.sink.display(
      viewBundle(
        tableView(
          `${m}: the ${rows.length} test messages it is most sure of and wrong about (${errors} of ${matrix.n} wrong)`,
          ["message", "true class", "predicted", "probability"],
          rows,
          3,
          [
            "Only the text columns are shown (a pii column is never read); e-mail addresses and runs of four or more digits are masked.",
          ],
        ),
      ),
    );
  }
}

export async function showNgrams(cx: StudyContext, models: string[], n = 10): Promise<void> {
  const { textInputOf } = await import("../../stdlib/text/text-input");
  for (const m of models) {
    const { t, ds } = textDataset(cx, m, "ngrams");
    const input = textInputOf(t.model);
    if (input?.kind !== "tfidf")
      throw new NeedlabError(
        `\`show ngrams\` reads the weights of a TF-IDF + logistic_regression; '${m}' is ${/^[aeiou]/.test(t.spec.family) ? "an" : "a"} ${t.spec.family} network, whose weights are not per term: use \`explain ${m}\` (token occlusion).`,
      );
    const kernel = t.model.getWeights()[0];
    const [terms, outputs] = kernel.shape as [number, number];
    const classes = ds.task === "multiclass" ? ds.classNames! : [ds.negative, ds.positive];
    const perClass = topTermsPerClass(
      input.vectorizer.vocabulary.slice(0, terms),
      kernel.dataSync(),
      outputs,
      classes,
      n,
    );
    cx.sink.display(
      viewBundle(
        tableView(
          `${m}: the ${n} terms that weigh most towards each class`,
          ["class", "terms (weight)"],
          perClass.map((c) => [c.class, c.terms.map((x) => `${x.term} (${x.weight.toFixed(2)})`).join(", ")]),
          2,
          [
            outputs === 1
              ? `One output: terms with the largest weights push towards "${classes[1]}", the most negative towards "${classes[0]}".`
              : "Weights of the softmax layer over TF-IDF features: a term's pull towards each class, other terms equal.",
          ],
        ),
      ),
    );
  }
}
