/**
 * `needs` blocks: each need's metric, threshold (with its unit and range),
 * and the fairness settings that go with it.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error, warning } from "../diagnostics";
import {
  DISPARITIES as FAIRNESS_METRICS,
  metricRange,
  NEED_METRICS,
  OPERATIONAL_METRICS,
  PRIVILEGED_METRICS,
} from "../../plan/plan";
import type {} from "./scope";

const IS_FAIRNESS = new Set<string>(FAIRNESS_METRICS);

export function checkNeed(item: A.MetricNeed, diags: Diagnostic[]): void {
  const metric = item.metric.text;
  if (!NEED_METRICS.includes(metric)) {
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
    if (item.onClass)
      diags.push(error(item.onClass.span, `${metric} is about the positive class; 'on class' does not apply to it`));
  } else if (item.by.length > 0) {
    diags.push(
      error(
        item.by[0].span,
        `${metric} is measured over everyone; to compare groups use a fairness metric such as equal_opportunity_difference`,
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
}
