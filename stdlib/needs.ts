/**
 * Comparing a measured value with a need's threshold. Verdicts (see
 * evaluate.ts) are "pass", "fail", "undecided" (the confidence interval
 * straddles the threshold) or "undefined" (e.g. precision when nothing is
 * predicted positive), never a silent pass or fail.
 */
import type { Comparator } from "../plan/plan";

export type VerdictStatus = "pass" | "fail" | "undecided" | "undefined";

export function meets(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">=":
      return value >= threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case "<":
      return value < threshold;
  }
}
