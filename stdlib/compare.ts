/**
 * `compare`: which of several evaluated models serves the needs best. The
 * order is the one a review board would use: fewest failed must-needs, then
 * fewest undecided must-needs, then most should-needs met, then ROC AUC.
 */
import type { Verdict } from "./evaluate";

/** What ranking needs of an evaluation: its verdicts (the tie-breaking score comes from its task). */
export interface Rankable {
  model: string;
  verdicts: Pick<Verdict, "need" | "status">[];
}

export interface Ranked {
  model: string;
  mustFailed: number;
  mustUndecided: number;
  shouldMet: number;
  /** The tie-breaking score (the task's ranking score: ROC AUC, r2, balanced accuracy; named so in the JSON since the first release). */
  rocAuc: number;
  /** Meets every must-need with its whole interval. */
  acceptable: boolean;
}

/** Ranks evaluations; `score` is the task's ranking score (higher is better). */
export function rankModels<E extends Rankable>(evals: E[], score: (e: E) => number): Ranked[] {
  const count = (e: E, level: string, statuses: string[]) =>
    e.verdicts.filter((v) => v.need.level === level && statuses.includes(v.status)).length;
  return evals
    .map((e) => {
      const mustFailed = count(e, "must", ["fail", "undefined"]),
        mustUndecided = count(e, "must", ["undecided"]);
      return {
        model: e.model,
        mustFailed,
        mustUndecided,
        shouldMet: count(e, "should", ["pass"]),
        rocAuc: score(e),
        acceptable: mustFailed === 0 && mustUndecided === 0,
      };
    })
    .sort(
      (a, b) =>
        a.mustFailed - b.mustFailed ||
        a.mustUndecided - b.mustUndecided ||
        b.shouldMet - a.shouldMet ||
        (Number.isFinite(b.rocAuc) ? b.rocAuc : -1) - (Number.isFinite(a.rocAuc) ? a.rocAuc : -1),
    );
}

/** One sentence a consultant can put in a report. */
export function recommendation(ranked: Ranked[], scoreName = "ROC AUC"): string {
  const ok = ranked.filter((r) => r.acceptable);
  const best = ranked[0];
  if (!best) return "No model to compare.";
  if (ok.length === 1) return `${ok[0].model} is the only model that meets every must-need.`;
  if (ok.length > 1)
    return `${ok.map((r) => r.model).join(" and ")} meet every must-need; ${best.model} ranks first (${best.shouldMet} should-need${best.shouldMet === 1 ? "" : "s"} met, ${scoreName} ${best.rocAuc.toFixed(3)}).`;
  const gaps = (r: Ranked) =>
    [r.mustFailed ? `fails ${r.mustFailed}` : "", r.mustUndecided ? `${r.mustUndecided} undecided` : ""]
      .filter(Boolean)
      .join(", ");
  return `No model meets every must-need yet. Closest: ${best.model} (${gaps(best)} must-need${best.mustFailed + best.mustUndecided === 1 ? "" : "s"}); undecided needs may pass with more test rows.`;
}
