/**
 * Seeded synthetic financial headlines with dates, for the market-sentiment
 * case study: three classes (bearish, bullish, neutral), a training period and
 * a monitoring period with a negative spike.
 *
 * Structure (docs/synthetic-data.md repeats it):
 *
 *  - Business days (Monday to Friday) from `start`, `days` of them; each day
 *    has between 30 and 50 headlines (seeded, uniform).
 *  - Ordinary days: a bearish share drawn uniformly in 15–23%, a bullish share
 *    in 30–40%, the rest neutral; the day's counts are those shares of its
 *    headlines, rounded (so the true bearish share never passes 24%).
 *  - Spike days (`spike`: from the `from`-th business day, `days` of them):
 *    bearish 60–70% of the day's headlines, bullish 8–12%, the rest neutral;
 *    half of the bearish headlines are sell-off headlines whose words
 *    ("contagion", "liquidity", "bank run") the ordinary days never use.
 *  - Headlines come from templates per class (stdlib/synth/headline-templates.ts)
 *    naming 20 fictional companies in 7 sectors, three in ten with their
 *    ticker (`Acme Corp ($ACME)`); each class has templates whose words point
 *    both ways ("shares fall despite record sales").
 *  - Label noise: 5% of headlines are written from the templates of another
 *    class (chosen at random) than their label, as annotators disagree; the
 *    counts above are of the labels.
 *  - Within a day the order is shuffled; days are in date order.
 *
 * The two periods of the case study are HEADLINE_PERIODS: 60 training days
 * from Monday 6 January 2025, then 20 monitoring days from Monday 31 March
 * 2025 whose 11th to 14th days (14–17 April) are the spike. A monitor that
 * alerts when more than 30% of a day's headlines are bearish should fire on
 * exactly those four days.
 */
import { writeFileAtomic } from "../fs/atomic";
import { createRng, permutation, type Rng } from "../random";
import { toCsv, type WrittenFile } from "./credit";
import { HEADLINES, HEADLINE_SLOTS, SELL_OFF, SENTIMENTS, type Sentiment } from "./headline-templates";
import { fill } from "./templates";

export interface Spike {
  /** The first spike day, counted in business days from the start (0 = the first day). */
  from: number;
  days: number;
}

export interface HeadlineOptions {
  /** The first business day (ISO date; a weekend date starts on the Monday after). */
  start?: string;
  /** Business days. */
  days?: number;
  seed?: number;
  spike?: Spike | null;
  /** Write the `sentiment` column (false: unlabelled headlines, as a monitor receives them). */
  labels?: boolean;
}

export const HEADLINE_COLUMNS = ["headline_id", "date", "headline", "sentiment"] as const;
export const HEADLINE_MIX = {
  headlinesPerDay: [30, 50],
  ordinary: { bearish: [0.15, 0.23], bullish: [0.3, 0.4] },
  spike: { bearish: [0.6, 0.7], bullish: [0.08, 0.12] },
  sellOffShareOfSpikeBearish: 0.5,
  /** Annotators disagree: this share of headlines is written from another class's templates than their label. */
  labelNoise: 0.05,
} as const;

export const HEADLINE_PERIODS = {
  training: { start: "2025-01-06", days: 60, seed: 11, spike: null },
  monitoring: { start: "2025-03-31", days: 20, seed: 12, spike: { from: 10, days: 4 } },
} as const satisfies Record<string, HeadlineOptions>;

const DAY = 86_400_000;

/** The business days from `start` (ISO), `count` of them, as ISO dates. */
export function businessDays(start: string, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); out.length < count; t += DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const between = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng.next();

/** The day's class counts: shares drawn from the day's kind, rounded; neutral takes the rest. */
function dayCounts(n: number, spike: boolean, rng: Rng): Record<Sentiment, number> {
  const mix = spike ? HEADLINE_MIX.spike : HEADLINE_MIX.ordinary;
  const bearish = Math.round(n * between(rng, mix.bearish));
  const bullish = Math.round(n * between(rng, mix.bullish));
  return { bearish, bullish, neutral: n - bearish - bullish };
}

function headline(label: Sentiment, spike: boolean, rng: Rng): string {
  const others = SENTIMENTS.filter((s) => s !== label);
  const sentiment = rng.next() < HEADLINE_MIX.labelNoise ? others[rng.int(others.length)] : label;
  const sellOff = spike && sentiment === "bearish" && rng.next() < HEADLINE_MIX.sellOffShareOfSpikeBearish;
  const templates = sellOff ? SELL_OFF : HEADLINES[sentiment];
  return fill(templates[rng.int(templates.length)], rng, HEADLINE_SLOTS);
}

export function generateHeadlines(options: HeadlineOptions = {}): {
  columns: readonly string[];
  rows: (string | number | null)[][];
} {
  const o = { ...HEADLINE_PERIODS.training, ...options };
  const rng = createRng(`headlines:${o.seed}`);
  const [lo, hi] = HEADLINE_MIX.headlinesPerDay;
  const rows: (string | number | null)[][] = [];
  businessDays(o.start, o.days).forEach((date, d) => {
    const spike = o.spike != null && d >= o.spike.from && d < o.spike.from + o.spike.days;
    const counts = dayCounts(lo + rng.int(hi - lo + 1), spike, rng);
    const labels = (["bearish", "bullish", "neutral"] as const).flatMap((s) => Array<Sentiment>(counts[s]).fill(s));
    for (const p of permutation(labels.length, rng)) {
      const id = `H${date.replace(/-/g, "")}-${String(rows.length + 1).padStart(5, "0")}`;
      const text = headline(labels[p], spike, rng);
      rows.push(o.labels === false ? [id, date, text] : [id, date, text, labels[p]]);
    }
  });
  const columns = o.labels === false ? HEADLINE_COLUMNS.slice(0, 3) : HEADLINE_COLUMNS;
  return { columns, rows };
}

/** Writes the headlines as CSV (headlines quoted where they hold commas), and says what it wrote. */
export function writeHeadlines(file: string, options: HeadlineOptions = {}): WrittenFile {
  const { columns, rows } = generateHeadlines(options);
  const text = toCsv(columns, rows);
  writeFileAtomic(file, text);
  return { path: file, rows: rows.length, bytes: Buffer.byteLength(text) };
}
