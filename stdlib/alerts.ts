/**
 * Watching a classifier's predictions on new, unlabelled rows: how the share
 * of each predicted class moved from the reference rows (the test part) to
 * the new ones, and alert needs (`share of "bearish" <= 30% per day`)
 * judged period by period over a time column. A period's share is an
 * observation of the rows in it, not an estimate, so it has no interval:
 * a period passes or fails, and the alert fails when any period does.
 */
import type { AlertPeriod, NeedSpec } from "../plan/plan";
import { psi, psiStatus } from "./drift";
import { ISO_DATE } from "./data/dates";
import { NeedlabError } from "./errors";
import { meets } from "./needs";

export interface ClassShare {
  class: string;
  /** Share of the reference rows predicted as the class, and of the new rows. */
  reference: number;
  current: number;
  /** current − reference. */
  change: number;
}

export interface ShareDrift {
  model: string;
  referenceRows: number;
  currentRows: number;
  /** Per class, largest change first. */
  classes: ClassShare[];
  /** Population stability index over the predicted classes (< 0.1 stable, > 0.25 major). */
  psi: number;
  status: "stable" | "moderate" | "major";
}

/** How many rows each class was predicted for, as shares of all rows. */
export function classShares(predicted: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predicted.length; i++) counts[predicted[i]]++;
  return counts.map((c) => (predicted.length ? c / predicted.length : 0));
}

export function shareDrift(
  model: string,
  classNames: string[],
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): ShareDrift {
  const ref = classShares(reference, classNames.length),
    cur = classShares(current, classNames.length);
  const value = psi(ref, cur);
  return {
    model,
    referenceRows: reference.length,
    currentRows: current.length,
    classes: classNames
      .map((c, k) => ({ class: c, reference: ref[k], current: cur[k], change: cur[k] - ref[k] }))
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.class.localeCompare(b.class)),
    psi: value,
    status: psiStatus(value),
  };
}

/**
 * The period a time value falls in, in UTC: `2026-03-02 14:00` (hour),
 * `2026-03-02` (day), `week of 2026-03-02` (ISO weeks, from Monday), `2026-03`
 * (month). Dates without a zone are read as UTC; undefined when unreadable.
 */
export function periodOf(value: string, period: AlertPeriod): string | undefined {
  const text = value.trim();
  if (!ISO_DATE.test(text)) return undefined;
  // A date alone, or a timestamp without a zone, is read in UTC: a period never depends on the machine's zone.
  const t = text.replace(" ", "T");
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  if (period === "hour") return `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00`;
  if (period === "day") return iso.slice(0, 10);
  if (period === "month") return iso.slice(0, 7);
  const day = new Date(ms).getUTCDay(); // 0 = Sunday
  const monday = new Date(ms - ((day + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  return `week of ${monday}`;
}

export interface PeriodShare {
  period: string;
  rows: number;
  /** Rows predicted as the alert's class. */
  count: number;
  share: number;
  status: "pass" | "fail";
}

export interface AlertVerdict {
  need: NeedSpec;
  model: string;
  /** Periods in time order. */
  periods: PeriodShare[];
  /** The periods whose share broke the need. */
  broken: string[];
  status: "pass" | "fail";
  /** Rows left out because their time was blank. */
  undated: number;
}

/**
 * One alert need over the new rows: the predicted share of its class in each
 * period of `times` (a need without a period: over all rows, times unread).
 * `line(i)` names a row's line for messages.
 */
export function checkAlert(
  need: NeedSpec,
  model: string,
  classNames: string[],
  predicted: ArrayLike<number>,
  times: (string | null)[],
  where: { column: string; file: string; line: (row: number) => number },
): AlertVerdict {
  const cls = classNames.indexOf(need.onClass ?? "");
  if (cls < 0)
    throw new NeedlabError(
      `alert '${need.text}' is about class "${need.onClass}", which model '${model}' never predicts: its classes are ${classNames.map((c) => `"${c}"`).join(", ")}.`,
    );
  const period = need.period;
  const byPeriod = new Map<string, { rows: number; count: number }>();
  let undated = 0;
  for (let i = 0; i < predicted.length; i++) {
    const t = period ? times[i] : "";
    if (period && (t === null || t.trim() === "")) {
      undated++;
      continue;
    }
    const key = period ? periodOf(t!, period) : "all rows";
    if (key === undefined)
      throw new NeedlabError(
        `'${where.column}' dates the rows of ${where.file}, but line ${where.line(i)} has '${t!.slice(0, 40)}': write times as YYYY-MM-DD or YYYY-MM-DDTHH:MM (ISO 8601).`,
      );
    const cell = byPeriod.get(key) ?? { rows: 0, count: 0 };
    cell.rows++;
    if (predicted[i] === cls) cell.count++;
    byPeriod.set(key, cell);
  }
  const periods = [...byPeriod.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, c]): PeriodShare => {
      const share = c.count / c.rows;
      return {
        period: p,
        rows: c.rows,
        count: c.count,
        share,
        status: meets(share, need.comparator, need.threshold) ? "pass" : "fail",
      };
    });
  const broken = periods.filter((p) => p.status === "fail").map((p) => p.period);
  return { need, model, periods, broken, status: broken.length ? "fail" : "pass", undated };
}
