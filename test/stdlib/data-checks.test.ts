/**
 * Data checks before training: a synthetic leak is caught, a clean file
 * raises no alarm, each check can be silenced, near-constant columns and
 * test rows duplicated from training are reported, and the leak warning
 * fires on the full COMPAS file (../shared/data; skipped, saying so, when absent).
 */
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { prepare, RawTable } from "../../stdlib/data/prepare";
import { loadCsv } from "../../stdlib/data/load";
import { aucOf, median, quantile } from "../../stdlib/data/stats";
import { datasetSpec, type DatasetSpec } from "../../plan/plan";
import { createRng } from "../../stdlib/random";
import os from "node:os";
import { checkSequence } from "../../dsl";
import { lowerDataset } from "../../dsl/lower";
import { readHeader } from "../../stdlib/data/load";
import { dataWarnings } from "../../stdlib/data/warn";

const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec =>
  datasetSpec({ name: "d", source: "s.csv", target: "y", positive: "yes", stratify: true, seed: 1, ...over });

/** 2,000 rows: income and region are honest, weakly related features; `outcome_code` is the label written another way, with 1% noise. */
function synthetic(): RawTable {
  const rng = createRng("leak");
  const n = 2000;
  const y: string[] = [],
    income: number[] = [],
    region: string[] = [],
    code: number[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rng.next() < 0.3;
    y.push(pos ? "yes" : "no");
    income.push(Math.round(40000 + 10000 * rng.normal() - (pos ? 5000 : 0)));
    region.push(["n", "s", "e", "w"][Math.floor(rng.next() * 4)]);
    code.push((pos ? 1 : 0) ^ (rng.next() < 0.01 ? 1 : 0));
  }
  return { file: "s.csv", columns: ["income", "region", "outcome_code", "y"], values: [income, region, code, y] };
}

describe("order statistics and AUC", () => {
  it("median and quantiles by selection equal the sorted definition (numpy's linear interpolation)", () => {
    const xs = Float64Array.from([7, 1, 9, 3, 3, 8, 2, 10, 5]);
    expect(median(Float64Array.from(xs))).toBe(5);
    expect(quantile(Float64Array.from(xs), 0.25)).toBe(3); // numpy.quantile(xs, .25) = 3.0
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.75)).toBe(3.25); // numpy: 3.25
  });

  it("AUC counts ties as half (sklearn's roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75)", () => {
    expect(aucOf(Float64Array.from([0.35, 0.8]), Float64Array.from([0.1, 0.4]))).toBe(0.75);
    expect(aucOf(Float64Array.from([1, 1]), Float64Array.from([1, 0]))).toBe(0.75);
  });
});

describe("data checks", () => {
  it("a feature that is the label written another way is a leak; the honest ones are not", () => {
    const p = prepare(synthetic(), spec());
    expect(p.warnings.map((w) => [w.check, w.column])).toEqual([["leak", "outcome_code"]]);
    expect(p.warnings[0].message).toMatch(
      /^Possible leak: 'outcome_code' alone predicts 'y' with ROC AUC 0\.99\d\. .* Drop it \(`drop outcome_code`\) .* `quiet leak` silences this check\.$/,
    );
    expect(p.notes).toContain(p.warnings[0].message);
  });

  it("a clean file raises no alarm", () => {
    const t = synthetic();
    const clean = {
      ...t,
      columns: t.columns.filter((c) => c !== "outcome_code"),
      values: [t.values[0], t.values[1], t.values[3]],
    };
    expect(prepare(clean, spec()).warnings).toEqual([]);
  });

  it("`quiet leak` silences the leak check", () => {
    expect(prepare(synthetic(), spec({ quiet: ["leak"] })).warnings).toEqual([]);
  });

  it("a near-constant column and duplicated rows across the split are reported", () => {
    const t = synthetic();
    const flag = t.values[0].map((_, i) => (i === 7 ? "rare" : "usual"));
    // Every row twice: about half the test rows have a twin in training.
    const doubled: RawTable = {
      file: "s.csv",
      columns: ["income", "region", "flag", "y"],
      values: [
        [...t.values[0], ...t.values[0]],
        [...t.values[1], ...t.values[1]],
        [...flag, ...flag],
        [...t.values[3], ...t.values[3]],
      ],
    };
    const p = prepare(doubled, spec());
    expect(p.warnings.map((w) => w.check)).toEqual(["constant", "duplicates"]);
    expect(p.warnings[0].message).toBe(
      "Column 'flag' is 'usual' in 100.0% of rows: it carries almost no information and can make scaling unstable. Drop it (`drop flag`); `quiet constant` silences this check.",
    );
    const test = p.test.rows;
    const train = new Set([...p.train.rows].map((r) => r % 2000));
    const twins = [...test].filter((r) => train.has(r % 2000)).length;
    expect(p.warnings[1].message).toBe(
      `${twins} of ${test.length} test rows (${((100 * twins) / test.length).toFixed(1)}%) have the same feature values as a training row: the test part then overstates how well the model does on new cases. Remove duplicate rows from the file, or keep related rows together with \`split ... by group COL\`; \`quiet duplicates\` silences this check.`,
    );
    expect(prepare(doubled, spec({ quiet: ["constant", "duplicates"] })).warnings).toEqual([]);
  });

  it("`needlab check` warns of the leak at the source, as the checker's other warnings (and `quiet leak` silences it)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-checkwarn-"));
    try {
      const t = synthetic();
      const lines = t.values[0].map((_, i) => t.values.map((c) => c[i]).join(","));
      fs.writeFileSync(path.join(dir, "s.csv"), [t.columns.join(","), ...lines].join("\n") + "\n");
      const check = (extra: string) =>
        checkSequence(
          [`dataset d {\n  source "s.csv"\n  target y positive "yes"\n  ${extra}\n}`],
          (source, options) => readHeader(source, dir, options),
          (ds) => dataWarnings(lowerDataset(ds), dir),
        )[0].map((d) => `${d.severity} ${d.span.line}:${d.span.col} ${d.message.slice(0, 60)}`);
      expect(check("seed 1")).toEqual(["warning 2:10 Possible leak: 'outcome_code' alone predicts 'y' with ROC AU"]);
      expect(check("quiet leak")).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const COMPAS = path.resolve(__dirname, "..", "..", "..", "shared", "data", "compas_scores_two_years.csv");
  it("the full COMPAS file: is_recid and the recidivism charge are reported as leaks", async () => {
    if (!fs.existsSync(COMPAS)) return void console.warn(`skipping: ${COMPAS} is absent`);
    const { table } = await loadCsv(COMPAS, "/");
    const p = prepare(
      table,
      spec({
        source: COMPAS,
        target: "two_year_recid",
        positive: "1",
        drop: ["id", "name", "first", "last", "c_case_number"],
      }),
    );
    const leaks = p.warnings.filter((w) => w.check === "leak").map((w) => w.column);
    expect(leaks).toEqual(expect.arrayContaining(["is_recid", "r_charge_degree"]));
    expect(p.warnings.find((w) => w.column === "is_recid")!.message).toMatch(
      /^Possible leak: wherever 'is_recid' is '0' \(52% of rows\), 'two_year_recid' is '0', and alone it predicts 'two_year_recid' with ROC AUC 0\.97\d\./,
    );
    // The duplicated columns of the file are read once, and said so.
    expect(p.notes).toContain(
      `${COMPAS} has two columns named 'decile_score' (columns 12 and 40) holding the same values: it is read once.`,
    );
  }, 60_000);
});
