/**
 * `threshold choose ...` read against a needs block: the objective (with its
 * prices, given in the model or taken from the block's expected_cost need)
 * and the constraints, the must-needs a single cut-off moves. Every other
 * need is named with the reason it does not constrain the cut-off, so the
 * report says why the chosen cut-off may still fail it.
 */
import type { ChooseThresholdSpec, NeedSetSpec, NeedSpec } from "../plan/plan";
import type { CutoffConstraint, CutoffObjective } from "./cutoff";
import { NeedlabError } from "./errors";
import { COUNT_METRICS } from "./metrics";

export interface CutoffPlan {
  objective: CutoffObjective;
  constraints: CutoffConstraint[];
  /** Needs of the block that do not constrain the choice, each with why. */
  unused: { need: string; why: string }[];
  /** The objective in words, for the chart's axis. */
  objectiveName: string;
}

const isCount = (m: string): m is keyof typeof COUNT_METRICS => m in COUNT_METRICS;

/** Why a need does not constrain the cut-off; undefined when it does. */
function whyNot(need: NeedSpec, positive: string): string | undefined {
  if (need.level !== "must") return "a should-need: only must-needs constrain the cut-off";
  if (need.by?.length) return "a fairness need: one cut-off for everyone cannot be chosen to meet it here";
  if (need.unit) return "operational: it does not depend on the cut-off";
  if (need.metric === "net_benefit") return "measured at its own threshold probability, not the cut-off";
  if (need.metric === "expected_cost") return undefined;
  if (!isCount(need.metric)) return "it does not depend on the cut-off";
  if (need.onClass !== undefined && need.onClass !== positive) return `it is about class "${need.onClass}"`;
  return undefined;
}

function constraintOf(need: NeedSpec): CutoffConstraint {
  const { comparator, threshold } = need;
  if (need.metric === "expected_cost")
    return {
      metric: "expected_cost",
      comparator,
      threshold,
      costs: need.costs!,
      ...(need.costsBy ? { costsBy: need.costsBy } : {}),
    };
  return { metric: need.metric as keyof typeof COUNT_METRICS, comparator, threshold };
}

export function cutoffPlan(
  model: string,
  choose: ChooseThresholdSpec,
  needs: NeedSetSpec | undefined,
  positive: string,
): CutoffPlan {
  const considered = needs?.needs ?? [];
  const unused = considered.flatMap((n) => {
    const why = whyNot(n, positive);
    return why ? [{ need: n.text, why }] : [];
  });
  const constraints = considered.filter((n) => !whyNot(n, positive)).map(constraintOf);
  if (choose.metric !== "expected_cost")
    return {
      objective: { goal: choose.goal, metric: choose.metric },
      constraints,
      unused,
      objectiveName: choose.metric,
    };
  const priced = choose.costs
    ? { costs: choose.costs, costsBy: choose.costsBy }
    : considered.find((n) => n.metric === "expected_cost" && n.costs);
  if (!priced?.costs)
    throw new NeedlabError(
      `model '${model}' chooses its cut-off to minimise expected_cost, but ${needs ? `needs block '${needs.name}' has no expected_cost need` : "no needs block is named"} to take prices from: add \`costs fn 500, fp 20\` to its \`threshold choose\``,
    );
  return {
    objective: {
      goal: "minimise",
      metric: "expected_cost",
      costs: priced.costs,
      ...(priced.costsBy ? { costsBy: priced.costsBy } : {}),
    },
    constraints,
    unused,
    objectiveName: "expected cost per 1,000 decisions",
  };
}
