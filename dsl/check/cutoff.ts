/**
 * `threshold choose ...` in a model block: a goal and an objective a cut-off
 * moves, prices for expected_cost (here or in the needs block's
 * expected_cost need), and a needs block that exists.
 */
import type * as A from "../ast";
import { didYouMean, error } from "../diagnostics";
import { CUTOFF_GOALS, CUTOFF_OBJECTIVES, NEED_METRICS } from "../../plan/plan";
import { checkCostClause } from "./needs";
import { RULES, type Scope } from "./scope";

const OBJECTIVES: readonly string[] = CUTOFF_OBJECTIVES;

export function checkChooseThreshold(m: A.ModelDecl, scope: Scope): void {
  const choose = m.chooseThreshold?.value;
  if (!choose) return;
  const { diags } = scope;
  const { goal, objective } = choose;
  if (m.family.text === "linear_regression")
    diags.push(error(m.chooseThreshold!.span, "a linear_regression predicts a number and has no cut-off to choose"));
  const goalOk = (CUTOFF_GOALS as readonly string[]).includes(goal.text);
  if (!goalOk)
    diags.push(
      error(
        goal.span,
        `'${goal.text}' is not a goal: write \`minimise\` or \`maximise\`${didYouMean(goal.text, CUTOFF_GOALS)}`,
      ),
    );
  const minimise = goal.text.startsWith("min");
  if (!OBJECTIVES.includes(objective.text)) {
    const known = `a cut-off can minimise expected_cost or selection_rate, or maximise ${OBJECTIVES.slice(2).join(", ")}`;
    diags.push(
      error(
        objective.span,
        NEED_METRICS.includes(objective.text)
          ? `${objective.text} does not move with a single cut-off; ${known}`
          : `unknown objective '${objective.text}'${didYouMean(objective.text, OBJECTIVES) || `; ${known}`}`,
      ),
    );
  } else if (!goalOk) {
    // The goal is reported above; its direction cannot be judged.
  } else if (objective.text === "expected_cost" && !minimise)
    diags.push(error(goal.span, "expected_cost is better lower: write `minimise expected_cost`"));
  else if (!["expected_cost", "selection_rate"].includes(objective.text) && minimise)
    diags.push(error(goal.span, `${objective.text} is better higher: write \`maximise ${objective.text}\``));
  if (choose.costs && objective.text !== "expected_cost")
    diags.push(error(choose.costs[0]?.name.span ?? objective.span, `costs apply to expected_cost only; remove them`));
  else if (choose.costs) checkCostClause(choose.costs, choose.groupCosts, objective.span, "expected_cost", diags);
  const needsOk = choose.needs && scope.resolve(choose.needs, scope.needs, "needs block", RULES.needs);
  if (objective.text === "expected_cost" && !choose.costs) {
    const decl = needsOk ? scope.needsDecls.get(choose.needs!.text) : undefined;
    if (!choose.needs)
      diags.push(
        error(
          objective.span,
          "expected_cost needs prices: add `costs fn 500, fp 20`, or `subject to NEEDS` whose expected_cost need has them",
        ),
      );
    else if (decl && !decl.items.some((i) => i.metric.text === "expected_cost" && i.costs))
      diags.push(
        error(
          objective.span,
          `needs block '${decl.name.text}' has no expected_cost need to take prices from: add \`costs fn 500, fp 20\` here`,
        ),
      );
  }
}
