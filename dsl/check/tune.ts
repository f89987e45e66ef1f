/**
 * `tune` statements: what is searched, over which values, and how many
 * combinations a grid makes.
 */
import type * as A from "../ast";
import { didYouMean, error } from "../diagnostics";
import { SEARCHES, TUNABLE } from "../../plan/plan";
import { RULES, type Scope } from "./scope";

function tuneValueProblem(param: string, v: A.NumberLit): string | undefined {
  const whole = ["epochs", "batch_size", "units"];
  if (whole.includes(param) && (!v.isInteger || v.value < 1))
    return `${param} values are whole numbers of at least 1, not ${v.raw}`;
  if (param === "learning_rate" && (v.value <= 0 || v.value > 10))
    return `learning_rate values lie above 0 and at most 10, not ${v.raw}`;
  if (param === "threshold" && (v.value <= 0 || v.value >= 1))
    return `threshold values lie strictly between 0 and 1, not ${v.raw}`;
  if (param === "dropout" && (v.value < 0 || v.value >= 1))
    return `dropout values lie from 0 up to (not including) 1, not ${v.raw}`;
  if (param === "l2" && (v.value < 0 || v.value > 10)) return `l2 values lie from 0 to 10, not ${v.raw}`;
  return undefined;
}

/** Checks a tune statement; returns its dataset when the names resolve. */
function trainedTune(st: A.TuneStmt, scope: Scope): string | undefined {
  const { diags } = scope;
  scope.resolve(st.needs, scope.needs, "needs block", RULES.needs);
  const ds = scope.resolve(st.dataset, scope.datasets, "dataset", RULES.dataset);
  if (!scope.resolve(st.model, scope.models, "model", RULES.model)) return undefined;
  if (st.search && !(SEARCHES as readonly string[]).includes(st.search.text))
    diags.push(
      error(
        st.search.span,
        `unknown search '${st.search.text}'${didYouMean(st.search.text, SEARCHES) || ""}; use grid (every combination) or random (\`trials N\` of them)`,
      ),
    );
  if (st.trials && (!st.trials.isInteger || st.trials.value < 1 || st.trials.value > 1000))
    diags.push(error(st.trials.span, `trials is a whole number from 1 to 1000, not ${st.trials.raw}`));
  if (st.params.length === 0)
    diags.push(
      error(
        st.model.span,
        `tune needs at least one setting to search, e.g. \`tune ${st.model.text} on ${st.dataset.text} against ${st.needs.text} { learning_rate in [0.001, 0.01, 0.1] }\``,
      ),
    );
  const layers = scope.layersOf.get(st.model.text) ?? 0;
  let combinations = 1;
  for (const p of st.params) {
    combinations *= Math.max(1, p.values.length);
    if (!(TUNABLE as readonly string[]).includes(p.name.text)) {
      diags.push(
        error(
          p.name.span,
          `cannot tune '${p.name.text}'${didYouMean(p.name.text, TUNABLE) || `; tune searches ${TUNABLE.join(", ")}`}`,
        ),
      );
      continue;
    }
    if (p.name.text === "units" && !p.layer)
      diags.push(error(p.name.span, "units belong to one layer: write `layer 1 units in [8, 16]`"));
    if (
      p.layer &&
      (!p.layer.isInteger || p.layer.value < 1 || (scope.layersOf.has(st.model.text) && p.layer.value > layers))
    )
      diags.push(
        error(
          p.layer.span,
          `model '${st.model.text}' has ${layers} hidden layer${layers === 1 ? "" : "s"}, so there is no layer ${p.layer.raw}`,
        ),
      );
    for (const v of p.values) {
      const bad = tuneValueProblem(p.name.text, v);
      if (bad) diags.push(error(v.span, bad));
    }
  }
  if ((st.search?.text ?? "grid") === "grid" && combinations > 1000)
    diags.push(
      error(
        st.model.span,
        `this grid has ${combinations} combinations; needlab runs at most 1000: use \`search random trials 50\` or fewer values`,
      ),
    );
  return ds ? st.dataset.text : undefined;
}

export function checkTune(st: A.TuneStmt, scope: Scope): void {
  const ds = trainedTune(st, scope);
  if (ds) scope.checkNeedsFit(st.needs, ds);
}
