/**
 * Checking measured metrics against needs. A need whose metric is undefined
 * (e.g. precision when nothing is predicted positive) is "undefined", never a
 * silent pass or fail.
 */
import type { Comparator, NeedSpec } from "../dsl/plan";

export type VerdictStatus = "pass" | "fail" | "undefined";

export interface Verdict {
  need: NeedSpec;
  model: string;
  measured: number;
  status: VerdictStatus;
}

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

export function verdict(need: NeedSpec, model: string, measured: number): Verdict {
  const status: VerdictStatus = Number.isNaN(measured) ? "undefined" : meets(measured, need.comparator, need.threshold) ? "pass" : "fail";
  return { need, model, measured, status };
}
