/**
 * Seeded synthetic patients for the stroke-triage case study.
 *
 * The columns follow the public stroke-prediction data set (gender, age,
 * hypertension, heart_disease, avg_glucose_level, bmi, smoking_status,
 * stroke as 0/1), with what a hospital record adds: an ethnicity, diabetes,
 * and two personal identifiers, `name` and `mrn` (medical record number),
 * which a study must declare `pii`. About 5% of patients have a stroke.
 *
 * Each patient's true risk of stroke (log-odds) rises with age, with
 * hypertension, heart disease, diabetes, blood glucose and smoking
 * (PATIENT_RISK). The record carries one documented, deliberate measurement
 * bias (PATIENT_BIAS):
 *
 *   Hypertension is under-recorded for South Asian patients: only 10% of
 *   their hypertension appears in the record (92% for everyone else), while
 *   they have it more often (+1.0 on its log-odds, and from a younger age).
 *   They are a quarter of the patients. A model trained on the
 *   record sees many of their hypertensive patients as normotensive, gives
 *   them lower risk than their true one, and so misses more of their
 *   strokes: a lower recall (true positive rate) for that group, which an
 *   equal-opportunity need is there to catch, although ethnicity is never a
 *   feature.
 *
 * `cohort: "later"` draws a later cohort for monitoring, from the same risk
 * model but a drifted population (PATIENT_DRIFT): patients four years older
 * on average, glucose 12% higher, more current smokers, and bmi missing
 * twice as often.
 */
import { writeFileAtomic } from "../fs/atomic";
import { createRng, type Rng, weightedPick as pick } from "../random";
import { toCsv, type CreditRow, type WrittenFile } from "./credit";

export interface PatientOptions {
  rows?: number;
  seed?: number;
  /** "baseline" (default): the study's patients; "later": a drifted later cohort, for `monitor`. */
  cohort?: "baseline" | "later";
}

export const PATIENT_COLUMNS = [
  "mrn",
  "name",
  "gender",
  "age",
  "ethnicity",
  "hypertension",
  "heart_disease",
  "diabetes",
  "avg_glucose_level",
  "bmi",
  "smoking_status",
  "residence_type",
  "stroke",
] as const;

export const ETHNICITIES = ["White", "Black", "South Asian", "East Asian", "Hispanic"] as const;
const ETHNICITY_SHARES = [0.45, 0.13, 0.25, 0.07, 0.1];

/** The deliberate measurement bias: how much of each group's hypertension reaches the record. */
export const PATIENT_BIAS = {
  group: "South Asian",
  recordedHypertension: 0.1,
  recordedHypertensionOthers: 0.92,
  /** The group's higher true prevalence (log-odds). */
  hypertensionLogOdds: 1.0,
} as const;

/** The true risk of stroke, on the log-odds scale. */
export const PATIENT_RISK = {
  intercept: -4.05,
  perYearOver60: 0.035,
  hypertension: 2.4,
  heartDisease: 0.7,
  diabetes: 0.4,
  per10GlucoseOver100: 0.06,
  smokes: 0.45,
  formerlySmoked: 0.2,
} as const;

/** How the later cohort differs. */
export const PATIENT_DRIFT = { ageShift: 4, glucoseFactor: 1.12, smokesShare: 0.26, bmiMissing: 0.08 } as const;

const FIRST = ["Amira", "Ben", "Chloe", "Dev", "Elena", "Farah", "George", "Hana", "Ivan", "Jia", "Kofi", "Lena"];
const LAST = [
  "Ahmed",
  "Brown",
  "Chen",
  "Diaz",
  "Evans",
  "Faulkner",
  "Gupta",
  "Hughes",
  "Ito",
  "Jones",
  "Khan",
  "Lopez",
];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const round1 = (v: number) => Math.round(v * 10) / 10;
const yes = (rng: Rng, p: number) => (rng.next() < p ? 1 : 0);

/** One patient: the recorded row, and the true hypertension behind it (for the tests of the bias). */
function patient(rng: Rng, i: number, later: boolean): { row: CreditRow; trueHypertension: number } {
  const gender = rng.next() < 0.57 ? "Female" : "Male";
  const age = clamp(Math.round(54 + (later ? PATIENT_DRIFT.ageShift : 0) + 17 * rng.normal()), 18, 95);
  const ethnicity = pick(rng, ETHNICITIES, ETHNICITY_SHARES);
  const inGroup = ethnicity === PATIENT_BIAS.group;
  const hypertension = yes(
    rng,
    sigmoid(-2.6 + (inGroup ? PATIENT_BIAS.hypertensionLogOdds + 0.03 * (age - 50) : 0.055 * (age - 50))),
  );
  const recordedShare = inGroup ? PATIENT_BIAS.recordedHypertension : PATIENT_BIAS.recordedHypertensionOthers;
  const recorded = hypertension && rng.next() < recordedShare ? 1 : 0;
  const heart = yes(rng, sigmoid(-3.6 + 0.05 * (age - 50) + (gender === "Male" ? 0.5 : 0)));
  const diabetes = yes(rng, sigmoid(-2.3 + 0.03 * (age - 50) + (inGroup ? 0.5 : 0)));
  const glucose = (diabetes ? 165 : 92) * Math.exp(0.22 * rng.normal()) * (later ? PATIENT_DRIFT.glucoseFactor : 1);
  const bmi = clamp(27.5 + 2 * diabetes + 5.5 * rng.normal(), 14, 60);
  const smokesShare = later ? PATIENT_DRIFT.smokesShare : 0.17;
  const smoking = pick(rng, ["never smoked", "formerly smoked", "smokes", "Unknown"], [0.45, 0.2, smokesShare, 0.18]);
  const residence = rng.next() < 0.5 ? "Urban" : "Rural";
  const r = PATIENT_RISK;
  const risk =
    r.intercept +
    r.perYearOver60 * (age - 60) +
    r.hypertension * hypertension +
    r.heartDisease * heart +
    r.diabetes * diabetes +
    (r.per10GlucoseOver100 * (glucose - 100)) / 10 +
    (smoking === "smokes" ? r.smokes : smoking === "formerly smoked" ? r.formerlySmoked : 0);
  const stroke = yes(rng, sigmoid(risk));
  const name = `${FIRST[rng.int(FIRST.length)]} ${LAST[rng.int(LAST.length)]}`;
  const bmiMissing = later ? PATIENT_DRIFT.bmiMissing : 0.04;
  return {
    row: [
      `MRN${String(1_000_000 + i * 7 + rng.int(7)).padStart(8, "0")}`,
      name,
      gender,
      age,
      ethnicity,
      recorded,
      heart,
      diabetes,
      Math.round(glucose * 100) / 100,
      rng.next() < bmiMissing ? null : round1(bmi),
      smoking,
      residence,
      stroke,
    ],
    trueHypertension: hypertension,
  };
}

/** The patients' rows; `trueHypertension` is what the record should have said (not written to the file). */
export function generatePatients(options: PatientOptions = {}): {
  columns: readonly string[];
  rows: CreditRow[];
  trueHypertension: Uint8Array;
} {
  const n = options.rows ?? 8000;
  const later = options.cohort === "later";
  // The later cohort draws from its own stream: the same seed does not repeat the baseline's patients.
  const rng = createRng(`patients:${later ? "later:" : ""}${options.seed ?? 2024}`);
  const rows: CreditRow[] = [];
  const trueHypertension = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = patient(rng, i, later);
    rows.push(p.row);
    trueHypertension[i] = p.trueHypertension;
  }
  return { columns: PATIENT_COLUMNS, rows, trueHypertension };
}

/** Writes the patients as CSV (atomically, creating the folder), and says what it wrote. */
export function writePatients(file: string, options: PatientOptions = {}): WrittenFile {
  const { columns, rows } = generatePatients(options);
  const text = toCsv(columns, rows);
  writeFileAtomic(file, text);
  return { path: file, rows: rows.length, bytes: Buffer.byteLength(text) };
}
