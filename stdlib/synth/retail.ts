/**
 * Seeded synthetic store-weeks for the retail demand case study.
 *
 * Units sold in a store's week follow a known multiplicative model: the
 * store's own level (lognormal), its region, promotions (+30%), holidays
 * (+20%), the season through the temperature (+2% per degree above 10 °C)
 * and the price, with an elasticity of −1.5 (10% dearer, about 13% fewer
 * units), times lognormal noise (σ 0.12). Temperature is missing in about 3% of the weeks,
 * as weather feeds are. `priceFactor` raises every price, for the "next
 * quarter" file whose drift the study monitors.
 */
import path from "node:path";
import { writeFileAtomic } from "../fs/atomic";
import { createRng } from "../random";

export interface RetailOptions {
  stores?: number;
  weeks?: number;
  seed?: number;
  /** Weeks are numbered from this Monday (ISO date). */
  start?: string;
  /** Multiplies every price (next quarter: 1.15). */
  priceFactor?: number;
}

export const RETAIL_COLUMNS = [
  "store_id",
  "week",
  "region",
  "promo",
  "holiday",
  "price",
  "temperature",
  "units_sold",
] as const;
export const RETAIL_EFFECTS = { priceElasticity: -1.5, promo: 1.3, holiday: 1.2, warmPerDegree: 0.02 } as const;

const REGIONS = ["north", "south", "east", "west"] as const;
const REGION_LEVEL: Record<string, number> = { north: 0.9, south: 1.15, east: 1.0, west: 1.05 };

export function generateStoreWeeks(options: RetailOptions = {}): {
  columns: readonly string[];
  rows: (string | number | null)[][];
} {
  const stores = options.stores ?? 30,
    weeks = options.weeks ?? 78;
  const rng = createRng(`retail:${options.seed ?? 7}`);
  const start = Date.parse(`${options.start ?? "2024-01-01"}T00:00:00Z`);
  const rows: (string | number | null)[][] = [];
  for (let s = 0; s < stores; s++) {
    const region = REGIONS[s % REGIONS.length];
    const level = Math.exp(5.3 + 0.35 * rng.normal()) * REGION_LEVEL[region];
    const basePrice = 8 + 4 * rng.next();
    for (let w = 0; w < weeks; w++) {
      const week = new Date(start + w * 7 * 86_400_000).toISOString().slice(0, 10);
      const promo = rng.next() < 0.15 ? 1 : 0;
      const holiday = w % 52 === 50 || w % 52 === 51 || rng.next() < 0.04 ? "yes" : "no";
      const price = +(basePrice * (promo ? 0.85 : 1) * (1 + 0.05 * rng.normal()) * (options.priceFactor ?? 1)).toFixed(
        2,
      );
      const temperature = 14 + 9 * Math.sin((2 * Math.PI * (w - 13)) / 52) + 3 * rng.normal();
      const units =
        level *
        (promo ? RETAIL_EFFECTS.promo : 1) *
        (holiday === "yes" ? RETAIL_EFFECTS.holiday : 1) *
        (1 + RETAIL_EFFECTS.warmPerDegree * Math.max(0, temperature - 10)) *
        (price / 10) ** RETAIL_EFFECTS.priceElasticity *
        Math.exp(0.12 * rng.normal());
      rows.push([
        `S${String(s + 1).padStart(3, "0")}`,
        week,
        region,
        promo,
        holiday,
        price,
        rng.next() < 0.03 ? null : +temperature.toFixed(1),
        Math.round(units),
      ]);
    }
  }
  return { columns: RETAIL_COLUMNS, rows };
}

export function writeStoreWeeks(file: string, options: RetailOptions = {}): { path: string; rows: number } {
  const { columns, rows } = generateStoreWeeks(options);
  writeFileAtomic(
    file,
    [columns.join(","), ...rows.map((r) => r.map((v) => (v === null ? "" : String(v))).join(","))].join("\n") + "\n",
  );
  return { path: path.resolve(file), rows: rows.length };
}
