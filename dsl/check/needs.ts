/**
 * `needs` blocks: each need's metric, threshold (with its unit and range),
 * and the fairness settings that go with it.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error, type Span, warning } from "../diagnostics";
import {
  ALERT_PERIODS,
  CLASS_GAPS,
  DISPARITIES as FAIRNESS_METRICS,
  metricOf,
  metricRange,
  NEED_METRICS,
  OPERATIONAL_METRICS,
  PRIVILEGED_METRICS,
} from "../../plan/plan";
import type {} from "./scope";

const IS_FAIRNESS = new Set<string>(FAIRNESS_METRICS);

export function checkNeed(item: A.MetricNeed, diags: Diagnostic[]): void {
  const metric = item.metric.text;
  if (!NEED_METRICS.includes(metricOf(metric).metric)) {
    diags.push(
      error(
        item.metric.span,
        `unknown metric '${metric}'${didYouMean(metric, NEED_METRICS) || `; known metrics: ${NEED_METRICS.join(", ")}`}`,
      ),
    );
    return;
  }
  const unit = (OPERATIONAL_METRICS as Record<string, string>)[metric];
  if (unit && item.threshold.unit !== unit) {
    diags.push(
      error(
        item.threshold.span,
        `${metric} is a ${unit === "duration" ? "duration: write it with a unit such as `5 ms` or `30 s`" : "size: write it with a unit such as `500 KB` or `2 MB`"}`,
      ),
    );
    return;
  }
  if (!unit && item.threshold.unit) {
    diags.push(
      error(
        item.threshold.span,
        `${metric} has no unit: remove '${item.threshold.raw.replace(/^[-\d.eE+]+[ \t]*/, "")}'`,
      ),
    );
    return;
  }
  const [lo, hi] = metricRange(metric);
  if (item.threshold.value < lo || item.threshold.value > hi) {
    const range = hi === Infinity ? `is at least ${lo}` : `lies between ${lo} and ${hi}`;
    diags.push(
      error(
        item.threshold.span,
        `${metric} ${range}, so ${item.threshold.raw} can never be ${item.comparator === ">=" || item.comparator === ">" ? "reached" : "missed"}${hi === 1 && lo === 0 ? "; write it as a fraction (0.8) or a percentage (80%)" : ""}`,
      ),
    );
  }
  if (IS_FAIRNESS.has(metric)) {
    if (item.by.length === 0)
      diags.push(
        error(item.metric.span, `${metric} compares groups: add \`by COLUMN\` (a sensitive column of the dataset)`),
      );
    if (PRIVILEGED_METRICS.includes(metric) && !item.privileged)
      diags.push(
        error(
          item.metric.span,
          `${metric} compares the other groups with a privileged one: add \`privileged "VALUE"\` after \`by\``,
        ),
      );
    if (!PRIVILEGED_METRICS.includes(metric) && item.privileged)
      diags.push(
        warning(
          item.privileged.span,
          `${metric} compares all groups with each other, so 'privileged' changes nothing; it matters for ${PRIVILEGED_METRICS.join(", ")}`,
        ),
      );
    if (metric === "recall_difference" && !item.onClass)
      diags.push(
        error(
          item.metric.span,
          `recall_difference compares one class's recall between groups: name it, as in \`recall_difference <= 10% on class "C" by COLUMN\` (or use macro_recall_difference for every class)`,
        ),
      );
    if (item.onClass && metric !== "recall_difference")
      diags.push(
        error(
          item.onClass.span,
          `${metric} ${(CLASS_GAPS as readonly string[]).includes(metric) ? "counts every class" : "is about the positive class"}; 'on class' does not apply to it${metric === "accuracy_difference" || metric === "macro_recall_difference" ? " (one class's recall between groups is recall_difference)" : ""}`,
        ),
      );
  } else if (item.by.length > 0) {
    const gap = `${metric}_difference`;
    diags.push(
      error(
        item.by[0].span,
        `${metric} is measured over everyone; to compare groups use a fairness metric such as ${IS_FAIRNESS.has(gap) ? gap : "equal_opportunity_difference"}${IS_FAIRNESS.has(gap) ? ` (multiclass) or equal_opportunity_difference (binary)` : ""}`,
      ),
    );
  }
  if (item.minPositives && (!item.minPositives.isInteger || item.minPositives.value < 1))
    diags.push(
      error(item.minPositives.span, `min_positives must be a whole number of at least 1, not ${item.minPositives.raw}`),
    );
  if (item.minGroupSize && (!item.minGroupSize.isInteger || item.minGroupSize.value < 1))
    diags.push(
      error(
        item.minGroupSize.span,
        `min_group_size must be a whole number of at least 1, not ${item.minGroupSize.raw}`,
      ),
    );
  if (item.onClass && metric === "accuracy") {
    diags.push(
      warning(
        item.onClass.span,
        `accuracy counts every class, so 'on class "${item.onClass.value}"' changes nothing; remove it`,
      ),
    );
  }
  checkDecisionClauses(item, diags);
  checkClassClauses(item, diags);
}

/** top_k_accuracy takes its k (in the name or after `at`); share takes its class and, as an alert, a period. */
function checkClassClauses(item: A.MetricNeed, diags: Diagnostic[]): void {
  const { metric, k } = metricOf(item.metric.text);
  if (metric === "top_k_accuracy") {
    const given = k ?? item.at?.value;
    if (k !== undefined && item.at)
      diags.push(error(item.at.span, `${item.metric.text} already says k = ${k}; remove \`at ${item.at.raw}\``));
    else if (given === undefined)
      diags.push(
        error(
          item.metric.span,
          "top_k_accuracy counts a row when its class is among the k most probable: say k, as in `top_3_accuracy >= 90%` or `top_k_accuracy >= 90% at 3`",
        ),
      );
    else if (!Number.isInteger(given) || given < 1)
      diags.push(
        error(item.at?.span ?? item.metric.span, `k is how many classes are offered: a whole number of at least 1`),
      );
    if (item.onClass)
      diags.push(error(item.onClass.span, `${item.metric.text} counts every class; 'on class' does not apply to it`));
  }
  if (item.ofClass && metric !== "share")
    diags.push(
      error(
        item.ofClass.span,
        `'of "CLASS"' names the class of a share (\`share of "${item.ofClass.value}" <= 30%\`); for ${metric} write \`on class "${item.ofClass.value}"\``,
      ),
    );
  if (metric === "share") {
    if (!item.ofClass && !item.onClass)
      diags.push(
        error(
          item.metric.span,
          'share is the share of rows predicted as one class: name it, as in `share of "bearish" <= 30%`',
        ),
      );
    if (item.ofClass && item.onClass)
      diags.push(error(item.onClass.span, `the class is already named by 'of'; remove 'on class'`));
  }
  if (item.per) {
    if (metric !== "share")
      diags.push(
        error(
          item.per.span,
          `'per ${item.per.text}' makes an alert on new, unlabelled rows, which only a class's share can be: \`share of "C" <= 30% per ${item.per.text}\``,
        ),
      );
    else if (!(ALERT_PERIODS as readonly string[]).includes(item.per.text))
      diags.push(
        error(
          item.per.span,
          `unknown period '${item.per.text}'${didYouMean(item.per.text, ALERT_PERIODS) || ""}; alerts are checked per ${ALERT_PERIODS.join(", ")}`,
        ),
      );
  }
}

const COST_NAMES = ["fn", "fp", "tp", "tn"];

/**
 * A `costs` clause: known cell names, none twice, both errors priced; each
 * `for COLUMN "GROUP"` names one column (the same in every `for`), a group
 * once, and known cell names (those it leaves out keep the default price).
 */
export function checkCostClause(
  pairs: A.CostPair[],
  groups: A.GroupCosts[] | undefined,
  anchor: Span,
  owner: string,
  diags: Diagnostic[],
): void {
  const seen = checkPairs(pairs, diags);
  if (COST_NAMES.slice(0, 2).some((k) => !seen.has(k)))
    diags.push(
      error(
        anchor,
        `${owner} needs the price of both errors: add ${COST_NAMES.slice(0, 2)
          .filter((k) => !seen.has(k))
          .map((k) => `\`${k} N\``)
          .join(" and ")} to its costs`,
      ),
    );
  const groupsSeen = new Set<string>();
  for (const g of groups ?? []) {
    if (g.column.text !== groups![0].column.text)
      diags.push(
        error(
          g.column.span,
          `costs differ by one column: every \`for\` names '${groups![0].column.text}' here, not '${g.column.text}'`,
        ),
      );
    if (groupsSeen.has(g.group.value))
      diags.push(error(g.group.span, `costs for group "${g.group.value}" are given twice`));
    groupsSeen.add(g.group.value);
    checkPairs(g.pairs, diags);
  }
}

function checkPairs(pairs: A.CostPair[], diags: Diagnostic[]): Set<string> {
  const seen = new Set<string>();
  for (const c of pairs) {
    if (!COST_NAMES.includes(c.name.text))
      diags.push(
        error(
          c.name.span,
          `unknown cost '${c.name.text}'${didYouMean(c.name.text, COST_NAMES) || ""}; costs are fn, fp, tp and tn`,
        ),
      );
    else if (seen.has(c.name.text)) diags.push(error(c.name.span, `cost '${c.name.text}' is given twice`));
    seen.add(c.name.text);
  }
  return seen;
}

/** `costs` belongs to expected_cost and `at` to net_benefit, each required there. */
function checkDecisionClauses(item: A.MetricNeed, diags: Diagnostic[]): void {
  const metric = item.metric.text;
  if (metric === "expected_cost") {
    if (!item.costs)
      diags.push(
        error(
          item.metric.span,
          "expected_cost needs the price of each kind of decision: add `costs fn 500, fp 20` (tp and tn optional)",
        ),
      );
    else checkCostClause(item.costs, item.groupCosts, item.metric.span, "expected_cost", diags);
  } else if (item.costs)
    diags.push(error(item.costs[0].name.span, `costs apply to expected_cost only; remove them from ${metric}`));
  if (metric === "net_benefit") {
    if (!item.at)
      diags.push(
        error(item.metric.span, "net_benefit is measured at a threshold probability: add `at 10%` (between 0 and 1)"),
      );
    else if (!(item.at.value > 0 && item.at.value < 1))
      diags.push(error(item.at.span, `the threshold probability lies strictly between 0 and 1, not ${item.at.raw}`));
  } else if (item.at && metricOf(metric).metric !== "top_k_accuracy")
    diags.push(
      error(
        item.at.span,
        `'at' applies to net_benefit (a threshold probability) and top_k_accuracy (its k) only; remove it from ${metric}`,
      ),
    );
  if ((metric === "expected_cost" || metric === "net_benefit") && item.onClass)
    diags.push(
      error(item.onClass.span, `${metric} prices the decisions about the positive class; 'on class' does not apply`),
    );
}
