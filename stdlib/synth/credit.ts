/**
 * Seeded synthetic loan applicants for the credit-risk case study.
 *
 * Each applicant's true risk of default comes from the loan's burden on their
 * income (debt-to-income), their credit history, existing loans, employment
 * and savings. The recorded label `default` ("bad"/"good") is what a lender's
 * historical records would hold, and it carries two documented biases:
 *
 *  1. Label bias: for women and for applicants under 25, past collections
 *     practice recorded more defaults than their true risk explains
 *     (+0.55 and +0.45 on the log-odds of a "bad" label).
 *  2. A proxy: women's incomes are 15% lower on average, so debt-to-income
 *     carries part of the sex signal even when `sex` is not a feature.
 *
 * A model trained on these labels learns to refuse more women and young
 * applicants: exactly what the study's fairness needs are there to catch.
 */
import { writeFileAtomic } from "../fs/atomic";
import { createRng, Rng, weightedPick as pick } from "../random";

export interface CreditOptions {
  rows?: number;
  seed?: number;
}

export const CREDIT_COLUMNS = [
  "applicant_id",
  "age",
  "age_group",
  "sex",
  "income",
  "employment_years",
  "housing",
  "purpose",
  "loan_amount",
  "term_months",
  "credit_history",
  "existing_loans",
  "savings",
  "default",
] as const;

export const CREDIT_BIAS = { femaleLogOdds: 0.55, under25LogOdds: 0.45, femaleIncomeFactor: 0.85 } as const;

/** Age bands as lenders and regulators report them. */
export const ageGroup = (age: number): string => (age < 25 ? "<25" : age < 40 ? "25-39" : age < 60 ? "40-59" : "60+");
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export type CreditRow = (string | number | null)[];

export function generateCreditApplicants(options: CreditOptions = {}): {
  columns: readonly string[];
  rows: CreditRow[];
} {
  const n = options.rows ?? 4000;
  const rng = createRng(`credit:${options.seed ?? 2024}`);
  const rows: CreditRow[] = [];
  for (let i = 0; i < n; i++) {
    const sex = rng.next() < 0.46 ? "female" : "male";
    const age = clamp(Math.round(38 + 12 * rng.normal()), 19, 75);
    const employment = clamp(Math.round((age - 18) * rng.next() * 0.7), 0, 45);
    const baseIncome = Math.exp(10.35 + 0.35 * rng.normal()) + 700 * employment;
    const income = Math.round((baseIncome * (sex === "female" ? CREDIT_BIAS.femaleIncomeFactor : 1)) / 100) * 100;
    const housing = pick(rng, ["own", "rent", "free"], [0.2 + age / 150, 0.55, 0.1]);
    const purpose = pick(rng, ["car", "home", "education", "business", "personal"], [0.3, 0.2, 0.1, 0.15, 0.25]);
    const amount = Math.round((Math.exp(8.9 + 0.55 * rng.normal()) * (purpose === "home" ? 2.2 : 1)) / 50) * 50;
    const term = pick(rng, [12, 24, 36, 48, 60], [0.15, 0.3, 0.3, 0.15, 0.1]);
    const history = pick(rng, ["good", "fair", "poor"], [0.6, 0.28, 0.12]);
    const existing = pick(rng, [0, 1, 2, 3], [0.45, 0.33, 0.15, 0.07]);
    const savings = Math.round(Math.exp(7.5 + 1.1 * rng.normal()) / 10) * 10;

    const dti = ((amount / term) * 12) / income;
    const risk =
      -2.05 +
      6.5 * (dti - 0.12) +
      (history === "poor" ? 1.5 : history === "fair" ? 0.6 : 0) +
      0.35 * existing -
      0.035 * employment -
      (housing === "own" ? 0.35 : 0) +
      (purpose === "business" ? 0.4 : 0) -
      0.25 * Math.log10(1 + savings / 1000);
    const recorded =
      risk + (sex === "female" ? CREDIT_BIAS.femaleLogOdds : 0) + (age < 25 ? CREDIT_BIAS.under25LogOdds : 0);
    const label = rng.next() < sigmoid(recorded) ? "bad" : "good";

    rows.push([
      `A${String(i + 1).padStart(6, "0")}`,
      age,
      ageGroup(age),
      sex,
      rng.next() < 0.04 ? null : income, // incomes not declared on some applications
      employment,
      housing,
      purpose,
      amount,
      term,
      history,
      existing,
      rng.next() < 0.08 ? null : savings,
      label,
    ]);
  }
  return { columns: CREDIT_COLUMNS, rows };
}

export function toCsv(columns: readonly string[], rows: CreditRow[]): string {
  const cell = (v: string | number | null) =>
    v === null ? "" : typeof v === "number" ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return [columns.join(","), ...rows.map((r) => r.map(cell).join(","))].join("\n") + "\n";
}

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

/** Writes the applicants as CSV (creating the folder), and says what it wrote. */
export function writeCreditApplicants(file: string, options: CreditOptions = {}): WrittenFile {
  const { columns, rows } = generateCreditApplicants(options);
  const text = toCsv(columns, rows);
  writeFileAtomic(file, text);
  return { path: file, rows: rows.length, bytes: Buffer.byteLength(text) };
}
