/**
 * How large an A/B trial of two models would have to be to detect the
 * difference observed on a need. For the needs that are one proportion of
 * cases (accuracy over all cases, recall over the actual positives,
 * specificity over the actual negatives), each model's observed rate is one
 * arm's proportion and the two-proportion formula (significance.ts) gives the
 * cases per arm; at the observed prevalence that is a number of patients
 * (rows) per arm too.
 */
import type { NeedSpec } from "../plan/plan";
import { twoProportionSampleSize } from "./significance";
import type { PairedModel } from "./paired-needs";

export interface TrialPlan {
  need: NeedSpec;
  rateA: number;
  rateB: number;
  /** The cases each arm's proportion is measured on. */
  basis: "rows" | "positives" | "negatives";
  /** Cases of that kind per arm. */
  casesPerArm: number;
  /** Rows per arm at the observed share of those cases. */
  rowsPerArm: number;
  alpha: number;
  power: number;
  text: string;
}

const BASIS: Record<string, TrialPlan["basis"]> = { accuracy: "rows", recall: "positives", specificity: "negatives" };

/** Whether a need is one proportion of cases, so that a trial of two models on it has a size. */
export const isProportionNeed = (need: Pick<NeedSpec, "metric" | "by">): boolean =>
  !need.by?.length && need.metric in BASIS;

export function abTrialForNeed(
  a: PairedModel,
  b: PairedModel,
  need: NeedSpec,
  options: { alpha?: number; power?: number } = {},
): TrialPlan | { whyNot: string } {
  const alpha = options.alpha ?? 0.05,
    power = options.power ?? 0.8;
  const basis = need.by?.length ? undefined : BASIS[need.metric];
  if (!basis)
    return {
      whyNot: `${need.metric} is not one proportion of cases: an A/B trial size needs accuracy, recall or specificity`,
    };
  const negative = need.onClass !== undefined && need.onClass === a.negative;
  const n = a.yTrue.length;
  let cases = 0,
    rightA = 0,
    rightB = 0;
  for (let i = 0; i < n; i++) {
    const y = negative ? 1 - a.yTrue[i] : a.yTrue[i];
    if ((basis === "positives" && y !== 1) || (basis === "negatives" && y !== 0)) continue;
    cases++;
    const decide = (m: PairedModel) => (m.yScore[i] >= m.threshold !== negative ? 1 : 0);
    rightA += decide(a) === y ? 1 : 0;
    rightB += decide(b) === y ? 1 : 0;
  }
  if (cases === 0) return { whyNot: `the test rows have no ${basis} to measure ${need.metric} on` };
  const rateA = rightA / cases,
    rateB = rightB / cases;
  if (rateA === rateB || [rateA, rateB].some((r) => r <= 0 || r >= 1))
    return {
      whyNot: `both models have ${need.metric} ${rateA === rateB ? "equal" : "at 0 or 1"} on the test rows: no trial size follows from it`,
    };
  const { perArm } = twoProportionSampleSize(rateA, rateB, alpha, power);
  const rowsPerArm = Math.ceil((perArm * n) / cases);
  const kind = basis === "rows" ? "cases" : `actual ${basis}`;
  return {
    need,
    rateA,
    rateB,
    basis,
    casesPerArm: perArm,
    rowsPerArm,
    alpha,
    power,
    text:
      `${need.text}: ${a.model} ${rateA.toFixed(3)} vs ${b.model} ${rateB.toFixed(3)}; an A/B trial needs about ${perArm} ${kind} per arm` +
      (basis === "rows" ? "" : ` (${rowsPerArm} cases per arm at the observed share)`) +
      ` to detect it at significance ${alpha} with power ${power}`,
  };
}
