/**
 * The synthetic patients: seeded, shaped like the public stroke data, with
 * the measurement bias and the later cohort's drift that stdlib/synth/patients.ts
 * documents; and the bias does what it is there for (a model trained on the
 * record misses more of the group's strokes: scikit-learn's logistic regression).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generatePatients, PATIENT_BIAS, PATIENT_COLUMNS, PATIENT_DRIFT } from "../../stdlib/synth/patients";
import { requireTool, systemPython } from "../helpers/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const col = (c: (typeof PATIENT_COLUMNS)[number]) => PATIENT_COLUMNS.indexOf(c);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** A share of n draws lies within 4 binomial standard errors of p. */
const nearShare = (share: number, p: number, n: number) =>
  expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));

describe("synthetic patients", () => {
  const big = generatePatients({ rows: 20000, seed: 3 });

  it("are the same for the same seed and differ for another seed or the later cohort", () => {
    expect(generatePatients({ rows: 200, seed: 9 })).toEqual(generatePatients({ rows: 200, seed: 9 }));
    expect(generatePatients({ rows: 200, seed: 9 }).rows).not.toEqual(generatePatients({ rows: 200, seed: 10 }).rows);
    expect(generatePatients({ rows: 200, seed: 9, cohort: "later" }).rows).not.toEqual(
      generatePatients({ rows: 200, seed: 9 }).rows,
    );
  });

  it("have the stroke data's columns, unique record numbers and about 5% strokes", () => {
    expect(big.columns).toEqual(PATIENT_COLUMNS);
    const mrn = big.rows.map((r) => String(r[col("mrn")]));
    expect(new Set(mrn).size).toBe(mrn.length);
    expect(mrn.every((m) => /^MRN\d{8}$/.test(m))).toBe(true);
    expect(big.rows.every((r) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(String(r[col("name")])))).toBe(true);
    const strokes = mean(big.rows.map((r) => Number(r[col("stroke")])));
    expect(strokes).toBeGreaterThan(0.04);
    expect(strokes).toBeLessThan(0.065);
    expect(big.rows.every((r) => r[col("age")]! >= 18 && r[col("age")]! <= 95)).toBe(true);
  });

  it("under-record hypertension for one group, as documented", () => {
    const shares = (inGroup: boolean) => {
      const rows = big.rows
        .map((r, i) => ({ r, truth: big.trueHypertension[i] }))
        .filter(({ r, truth }) => truth === 1 && (r[col("ethnicity")] === PATIENT_BIAS.group) === inGroup);
      return { share: mean(rows.map(({ r }) => Number(r[col("hypertension")]))), n: rows.length };
    };
    const group = shares(true),
      others = shares(false);
    nearShare(group.share, PATIENT_BIAS.recordedHypertension, group.n);
    nearShare(others.share, PATIENT_BIAS.recordedHypertensionOthers, others.n);
    // Nobody's record shows hypertension they do not have.
    expect(big.rows.every((r, i) => Number(r[col("hypertension")]) <= big.trueHypertension[i])).toBe(true);
  });

  it("drift in the later cohort: older, higher glucose, more smokers, more missing bmi", () => {
    const later = generatePatients({ rows: 20000, seed: 3, cohort: "later" });
    const avg = (rows: typeof big.rows, c: (typeof PATIENT_COLUMNS)[number]) =>
      mean(rows.map((r) => Number(r[col(c)])));
    const share = (rows: typeof big.rows, test: (r: (typeof big.rows)[number]) => boolean) =>
      rows.filter(test).length / rows.length;
    expect(avg(later.rows, "age") - avg(big.rows, "age")).toBeGreaterThan(PATIENT_DRIFT.ageShift - 1);
    expect(avg(later.rows, "avg_glucose_level") / avg(big.rows, "avg_glucose_level")).toBeGreaterThan(1.1);
    const smokes = (r: (typeof big.rows)[number]) => r[col("smoking_status")] === "smokes";
    expect(share(later.rows, smokes) - share(big.rows, smokes)).toBeGreaterThan(0.05);
    nearShare(
      share(later.rows, (r) => r[col("bmi")] === null),
      PATIENT_DRIFT.bmiMissing,
      later.rows.length,
    );
  });

  const py = systemPython(["sklearn", "pandas"]);
  it.runIf(requireTool("python3 with scikit-learn and pandas", py, "apt-get install python3-sklearn python3-pandas"))(
    "make a model trained on the record miss more of the group's strokes",
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-patients-"));
      const file = path.join(dir, "patients.csv");
      const cli = spawnSync(
        process.execPath,
        [path.join(ROOT, "bin", "needlab.js"), "generate", "patients", "--rows", "20000", "--seed", "5", "--out", file],
        { encoding: "utf8" },
      );
      expect(cli.stdout).toMatch(/wrote 20000 rows/);
      const script = `
import sys, json, pandas as pd
from sklearn.linear_model import LogisticRegression
d = pd.read_csv(sys.argv[1])
X = pd.get_dummies(d.drop(columns=["mrn", "name", "ethnicity", "stroke"]), dtype=float)
X = X.fillna(X.median())
X = (X - X.mean()) / X.std()
train, test = d.index < 14000, d.index >= 14000
p = LogisticRegression().fit(X[train], d.stroke[train]).predict_proba(X[test])[:, 1]
cut = sorted(p)[int(len(p) * 0.85)]  # the riskiest 15% are followed up
t = d[test].assign(flag=p >= cut)
strokes = t[t.stroke == 1]
g = strokes.ethnicity == "${PATIENT_BIAS.group}"
print(json.dumps({"group": float(strokes.flag[g].mean()), "others": float(strokes.flag[~g].mean()), "n": int(g.sum())}))
`;
      const r = spawnSync(py!, ["-c", script, file], { encoding: "utf8" });
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.stderr).toBe("");
      const { group, others, n } = JSON.parse(r.stdout);
      expect(n).toBeGreaterThan(50);
      expect(others - group).toBeGreaterThan(0.1);
    },
  );

  it("come from the CLI, the later cohort with --monitoring, the same as the library's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-patients-"));
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "bin", "needlab.js"), "generate", ...args], { encoding: "utf8" });
    const file = path.join(dir, "later.csv");
    expect(cli(["patients", "--rows", "50", "--seed", "4", "--monitoring", "--out", file]).stdout).toMatch(
      /wrote 50 rows/,
    );
    const later = generatePatients({ rows: 50, seed: 4, cohort: "later" });
    expect(fs.readFileSync(file, "utf8").split("\n")[1]).toBe(later.rows[0].map((v) => v ?? "").join(","));
    const bad = cli(["patient", "--out", path.join(dir, "x.csv")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown kind 'patient'.*patients/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
