/**
 * Preparation equals scikit-learn's transformers on real data: Adult (with
 * its "?" markers declared missing) prepared by needlab and by
 * SimpleImputer + StandardScaler / OneHotEncoder fitted on the same training
 * rows give the same test matrix. Needs Debian's python3-sklearn and
 * python3-pandas, and ../shared/data; skips, saying so, without them.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCsv } from "../../stdlib/data/load";
import { prepare } from "../../stdlib/data/prepare";
import { datasetSpec } from "../../plan/plan";
import { requireTool, systemPython } from "../helpers/tools";

const DATA = path.resolve(__dirname, "..", "..", "..", "shared", "data");
const ADULT = path.join(DATA, "adult_train.csv");

describe("preparation against scikit-learn", () => {
  it("Adult: median/mode imputation, standard scaling and one-hot encoding equal sklearn's on the same rows", async () => {
    if (!fs.existsSync(ADULT)) return void console.warn(`skipping: ${ADULT} is absent`);
    const py = systemPython(["sklearn", "pandas"]);
    if (!requireTool("python3 with scikit-learn and pandas", py, "apt-get install python3-sklearn python3-pandas"))
      return;
    const { table } = await loadCsv(ADULT, DATA, { missingValues: ["?"] });
    const spec = datasetSpec({
      name: "adult",
      source: ADULT,
      target: "income",
      positive: ">50K",
      missingValues: ["?"],
      split: { train: 0.8, validation: 0, test: 0.2 },
      stratify: true,
      seed: 3,
    });
    const p = prepare(table, spec);
    expect(p.notes.some((n) => n.startsWith("Column 'workclass'") && n.includes("missing training values"))).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-sk-"));
    try {
      const split = path.join(dir, "split.json"),
        out = path.join(dir, "x.bin");
      fs.writeFileSync(split, JSON.stringify({ train: [...p.split.train], test: [...p.split.test], missing: ["?"] }));
      const r = spawnSync(py!, [path.join(__dirname, "data-sklearn.py"), ADULT, "income", split, out], {
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      const expected = new Float64Array(new Uint8Array(fs.readFileSync(out)).buffer);
      expect(expected.length).toBe(p.test.x.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - p.test.x[i]));
      expect(worst).toBeLessThan(1e-4); // float32 matrix against float64
      expect(p.featureNames.length).toBe(p.test.x.length / p.test.n);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
