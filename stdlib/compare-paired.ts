/**
 * What `compare` adds for models scored on the same test rows: for each need,
 * the paired difference between the leader and every other model (a paired
 * bootstrap interval, McNemar's test for accuracy-type needs; paired-needs.ts),
 * a sentence saying where the leader is not significantly better, and, when
 * asked (`compare ... ab_test`), how many cases per arm an A/B trial of the
 * two would need to detect the observed difference (ab-trial.ts).
 */
import type { NeedSpec } from "../plan/plan";
import { abTrialForNeed, isProportionNeed, type TrialPlan } from "./ab-trial";
import { finiteOrNull } from "./machine";
import { leaderNote, pairedNeedDifference, type PairedModel, type PairedNeed } from "./paired-needs";
import { keyValueView, type View } from "./views";

export interface AbTestOptions {
  /** Probability of detecting the difference if it is real (default 0.8). */
  power: number;
  /** Two-sided significance level (default 0.05). */
  alpha: number;
}

export interface PairedOptions {
  seed?: number;
  samples?: number;
  abTest?: AbTestOptions;
}

/** The leader against one other model. */
export interface PairedPair {
  a: string;
  b: string;
  rows: number;
  needs: PairedNeed[];
  /** Needs that cannot be paired (operational, measured once per model), with why. */
  skipped: { need: NeedSpec; why: string }[];
  trials?: (TrialPlan | { need: NeedSpec; whyNot: string })[];
}

export interface PairedComparison {
  leader: string;
  pairs: PairedPair[];
  /** Needs that are not one proportion of cases: no A/B trial size (when one was asked for). */
  noTrial: NeedSpec[];
  /** Whether the leader is significantly better than the runner-up, in words. */
  note: string;
}

/** Pairs the leader (`models[0]`, the ranking's first) with every other model, need by need. */
export function pairedComparison(
  models: PairedModel[],
  needs: NeedSpec[],
  options: PairedOptions = {},
): PairedComparison {
  const [leader, ...others] = models;
  const pairs = others.map((b): PairedPair => {
    const paired: PairedNeed[] = [];
    const skipped: PairedPair["skipped"] = [];
    for (const need of needs) {
      if (need.unit) {
        skipped.push({ need, why: "measured once per model, not on rows" });
        continue;
      }
      try {
        paired.push(pairedNeedDifference(leader, b, need, { seed: options.seed, samples: options.samples }));
      } catch (e) {
        skipped.push({ need, why: (e as Error).message });
      }
    }
    const trials = options.abTest
      ? needs.filter(isProportionNeed).map((need) => {
          const plan = abTrialForNeed(leader, b, need, options.abTest);
          return "whyNot" in plan ? { need, whyNot: plan.whyNot } : plan;
        })
      : undefined;
    return {
      a: leader.model,
      b: b.model,
      rows: leader.yTrue.length,
      needs: paired,
      skipped,
      ...(trials && { trials }),
    };
  });
  const first = pairs[0];
  const noTrial = options.abTest ? needs.filter((n) => !n.unit && !isProportionNeed(n)) : [];
  return { leader: leader.model, pairs, noTrial, note: first ? leaderNote(first.a, first.b, first.needs) : "" };
}

/** One table per pair: each need's paired difference; then, when asked, the A/B trial sizes. */
export function pairedViews(c: PairedComparison): View[] {
  const views: View[] = [];
  for (const p of c.pairs) {
    const rows = p.needs.map((n) => ({ key: n.need.text, value: n.text.slice(n.need.text.length + 2) }));
    rows.push(...p.skipped.map((s) => ({ key: s.need.text, value: `not paired: ${s.why}` })));
    views.push(
      keyValueView(`Is ${p.a} really better than ${p.b}? Paired differences on the same ${p.rows} test rows`, rows, [
        ...(p.b === c.pairs[0].b ? [c.note] : []),
        "Each interval resamples the test rows once for both models (1,000 seeded resamples); it excludes 0 when the difference is significant at the 5% level. McNemar's exact test counts the rows only one of the two decides right.",
      ]),
    );
    if (p.trials) {
      const first = p.trials.find((t): t is TrialPlan => "casesPerArm" in t);
      const power = first?.power,
        alpha = first?.alpha;
      views.push(
        keyValueView(
          `A/B trial of ${p.a} against ${p.b}: cases per arm to detect the observed difference${power ? ` (power ${power}, significance ${alpha}, two-sided)` : ""}`,
          p.trials.map((t) => ({
            key: t.need.text,
            value: "whyNot" in t ? `no trial size: ${t.whyNot}` : t.text.slice(t.need.text.length + 2),
          })),
          [
            "Two-proportion formula (Fleiss, Levin & Paik), equal arms, each model's observed rate as its arm's proportion.",
            ...(c.noTrial.length
              ? [
                  `No trial size for ${c.noTrial.map((n) => n.text).join(", ")}: an A/B trial is sized on one proportion of cases (accuracy, recall or specificity).`,
                ]
              : []),
          ],
        ),
      );
    }
  }
  return views;
}

/** The comparison's machine-readable form (JSON: undefined numbers are null). */
export function pairedMachine(c: PairedComparison): object {
  return {
    leader: c.leader,
    note: c.note,
    ...(c.noTrial.length && { noTrial: c.noTrial.map((n) => n.text) }),
    pairs: c.pairs.map((p) => ({
      a: p.a,
      b: p.b,
      rows: p.rows,
      needs: p.needs.map((n) => ({
        need: n.need.text,
        difference: finiteOrNull(n.difference.difference.estimate),
        low: finiteOrNull(n.difference.difference.low),
        high: finiteOrNull(n.difference.difference.high),
        significant: n.difference.significant,
        better: n.better,
        ...(n.mcnemar && { mcnemar: { b: n.mcnemar.b, c: n.mcnemar.c, exactP: n.mcnemar.exactP } }),
      })),
      ...(p.trials && {
        abTest: p.trials.map((t) =>
          "whyNot" in t
            ? { need: t.need.text, whyNot: t.whyNot }
            : {
                need: t.need.text,
                rateA: t.rateA,
                rateB: t.rateB,
                basis: t.basis,
                casesPerArm: t.casesPerArm,
                rowsPerArm: t.rowsPerArm,
                power: t.power,
                alpha: t.alpha,
              },
        ),
      }),
    })),
  };
}
