/**
 * `threshold choose ...`: after training, a model's cut-off is chosen on the
 * validation rows (never the test rows), shown with why and a chart of how
 * the objective and the needs move with the cut-off; evaluations, exports
 * and mitigation then use it.
 */
import { chooseCutoff, type CutoffChoice } from "../../stdlib/cutoff";
import { cutoffPlan } from "../../stdlib/cutoff-needs";
import { NeedlabError } from "../../stdlib/errors";
import { cutoffFigure } from "../../stdlib/plots";
import { scored } from "../../stdlib/scoring";
import { fmt } from "../../stdlib/views";
import type { StudyContext } from "./context";
import { tfjs } from "./tfjs";
import type { Dataset, TrainedModel } from "./types";

type Trained = Omit<TrainedModel, "name" | "dataset" | "backend">;

/** Fails before training when the model's cut-off cannot be chosen on this dataset. */
export function checkCutoffRows(ds: Dataset, name: string, spec: Trained["spec"]): void {
  if (!spec.chooseThreshold) return;
  const why = (fix: string) => `model '${name}' chooses its cut-off on the validation rows, ${fix}`;
  if (ds.task !== "binary")
    throw new NeedlabError(
      why(`but dataset '${ds.name}' has a ${ds.task} target: a cut-off belongs to a binary classifier`),
    );
  if (ds.folds)
    throw new NeedlabError(
      why(
        `and dataset '${ds.name}' is cross-validated (split kfold), whose out-of-fold rows are the rows it is judged on: use a holdout split with a validation part, e.g. \`split train 60%, validation 20%, test 20%\``,
      ),
    );
  if (ds.validation.n === 0)
    throw new NeedlabError(
      why(
        `and dataset '${ds.name}' has none: add one to its split, e.g. \`split train 60%, validation 20%, test 20%\` (choosing on the test rows would make its verdicts optimistic)`,
      ),
    );
}

/** Chooses the cut-off of a freshly trained model, shows it, and returns the model deciding at it. */
export function chooseThresholdShown<T extends Trained>(cx: StudyContext, name: string, t: T, ds: Dataset): T {
  const choose = t.spec.chooseThreshold;
  if (!choose) return t;
  checkCutoffRows(ds, name, t.spec);
  const needs = choose.subjectTo ? cx.state.needs.get(choose.subjectTo) : undefined;
  if (choose.subjectTo && !needs)
    throw new NeedlabError(
      `model '${name}' chooses its cut-off subject to '${choose.subjectTo}', which is not a needs block: declare it first`,
    );
  const plan = cutoffPlan(name, choose, needs, ds.positive);
  const { matrix, scores } = scored(t, ds, "validation", tfjs().predictProba);
  const sensitive = Object.fromEntries(
    Object.entries(ds.sensitive).map(([column, groups]) => [column, Array.from(matrix.rows, (r) => groups[r])]),
  );
  const choice = chooseCutoff({ yTrue: matrix.y, yScore: scores, sensitive }, plan.objective, plan.constraints);
  const threshold = choice.cutoff ?? t.spec.threshold;
  const text = describeChoice(name, choice, plan, threshold);
  cx.sink.stream("stdout", `${text}\n`);
  const chosen = { choice, threshold, text, objectiveName: plan.objectiveName };
  showChosenCutoff(cx, name, chosen);
  return { ...t, spec: { ...t.spec, threshold }, chosenCutoff: chosen };
}

/** The chart of a chosen cut-off (at training, and again for `show cutoff`). */
export function showChosenCutoff(
  cx: StudyContext,
  name: string,
  chosen: NonNullable<TrainedModel["chosenCutoff"]>,
): void {
  const { choice, objectiveName } = chosen;
  const chart = `Cut-off of ${name} across its ${choice.rows} validation rows: ${objectiveName} and each need, the chosen one marked`;
  cx.sink.display(cx.plots.bundle(cutoffFigure(name, choice, objectiveName), chart));
}

function describeChoice(
  name: string,
  choice: CutoffChoice,
  plan: ReturnType<typeof cutoffPlan>,
  threshold: number,
): string {
  const o = plan.objective;
  const goal = `${o.goal} ${o.metric}${plan.constraints.length ? ` subject to ${plan.constraints.map((c) => `${c.metric} ${c.comparator} ${c.threshold}`).join(", ")}` : ""}`;
  const unused = plan.unused.length
    ? ` Not constraining the choice: ${plan.unused.map((u) => `${u.need} (${u.why})`).join("; ")}.`
    : "";
  if (choice.cutoff === undefined)
    return `${name}: no cut-off was chosen (${goal}): ${choice.reason}; it keeps cut-off ${threshold}.${unused}`;
  const at = choice.sweep.cutoffs.indexOf(choice.cutoff);
  const met = choice.sweep.constraints.map((s) => `${s.constraint.metric} ${fmt(s.values[at])}`).join(", ");
  const where = at === 0 ? `${fmt(choice.cutoff, 4)} (above every score: no row positive)` : fmt(choice.cutoff, 4);
  return `${name}: cut-off ${where} chosen on the ${choice.rows} validation rows, the test rows unread: ${goal}. There ${o.metric} is ${fmt(choice.value!)}${met ? `, ${met}` : ""}.${unused}`;
}
