/**
 * A session as a user meets it: DSL and TypeScript cells sharing one scope,
 * and bad input ending one cell with one clear message while everything
 * declared before keeps its value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { modelSpec } from "../../plan/plan";

let dir: string;
let session: Session;

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  return {
    outcome,
    outputs: out.outputs,
    text: out.outputs
      .map((o) =>
        o.output_type === "stream" ? o.text : o.output_type === "error" ? o.evalue : String(o.data["text/plain"] ?? ""),
      )
      .join("\n"),
  };
}

const DATASET = (file: string, target = "default", extra = "") => `%%needs
dataset loans {
  source "${file}"
  target ${target} positive "bad"
  drop applicant_id
  split train 70%, test 30%
  stratify
  seed 3${extra}
}`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-session-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 400, seed: 5 });
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("one scope for DSL and TypeScript cells", () => {
  it("binds declared names as typed TypeScript variables", async () => {
    const ds = await run(DATASET("loans.csv"));
    expect(ds.outcome).toEqual({ status: "ok" });
    expect(ds.text).toContain("Dataset loans");
    const ts = await run("const shape: [number, number] = [loans.rows, loans.featureNames.length];\nshape");
    expect(ts.outcome).toEqual({ status: "ok" });
    expect(ts.text).toBe("[ 400, 24 ]"); // 7 numeric columns + housing 3 + purpose 5 + credit_history 3 + sex 2 + age_group 4
  });

  it("type-checks TypeScript against the bound types", async () => {
    const r = await run("loans.notAField");
    expect(r.outcome.status).toBe("error");
    if (r.outcome.status === "error")
      expect(r.outcome.evalue).toContain("Property 'notAField' does not exist on type 'Dataset'");
  });

  it("trains, evaluates and exposes results to TypeScript", async () => {
    const r = await run(`%%needs
needs n { must recall >= 0.5 on class "bad" }
model lr: logistic_regression { seed 2 }
train lr on loans
evaluate lr against n`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(
      r.outputs.filter((o) => o.output_type === "display_data" && o.data["application/vnd.plotly.v1+json"]),
    ).toHaveLength(2);
    const ts = await run(
      'const auc: number = lr.evaluation!.metrics.roc_auc;\n[auc > 0.65, lr.trained!.solver!.startsWith("exact: Newton"), n.needs.length]',
    );
    expect(ts.text).toBe("[ true, true, 1 ]");
  });

  it("imports needlab from a TypeScript cell", async () => {
    const r = await run('import { metrics } from "needlab";\nmetrics.rocAuc([1, 0], [0.9, 0.1])');
    expect(r.text).toBe("1");
  });
});

describe("bad input ends the cell with one clear message and keeps the session", () => {
  it("a DSL syntax error comes back as line:col, not a stack trace", async () => {
    const r = await run("%%needs\nneeds x {\n  must recall >= \n}");
    expect(r.outcome).toMatchObject({ status: "error", ename: "NeedsError", evalue: "1 problem in this needs cell" });
    if (r.outcome.status === "error")
      expect(r.outcome.traceback).toEqual(["cell:4:1: error: expected a number, found '}'", "  }", "  ^"]);
  });

  it("a missing CSV names the file and the folder it was looked for in", async () => {
    const r = await run(DATASET("nope.csv").replace("loans", "other"));
    expect(r.outcome.status).toBe("error");
    if (r.outcome.status === "error")
      expect(r.outcome.traceback.join("\n")).toContain(
        `cannot find nope.csv (looked for ${path.join(dir, "nope.csv")})`,
      );
  });

  it("a target column that does not exist is caught before anything runs", async () => {
    const r = await run(DATASET("loans.csv", "defualt").replace("loans {", "other {"));
    if (r.outcome.status !== "error") throw new Error("expected an error");
    expect(r.outcome.traceback[0]).toBe(
      "cell:4:10: error: column 'defualt' is not in loans.csv; did you mean 'default'?",
    );
  });

  it("a one-class target is refused with the class named", async () => {
    const text = fs.readFileSync(path.join(dir, "loans.csv"), "utf8").replace(/,bad\n/g, ",good\n");
    fs.writeFileSync(path.join(dir, "oneclass.csv"), text);
    const r = await run(DATASET("oneclass.csv").replace("loans {", "other {").replace('positive "bad"', ""));
    expect(r.outcome).toMatchObject({
      status: "error",
      ename: "NeedlabError",
      evalue:
        "target column 'default' in oneclass.csv has only one class ('good' in all 400 rows): a classifier needs at least two. Check that this is the right file and target.",
    });
  });

  it("text in a numeric column names the column and line", async () => {
    const lines = fs.readFileSync(path.join(dir, "loans.csv"), "utf8").split("\n");
    const cells = lines[5].split(",");
    cells[1] = "forty";
    lines[5] = cells.join(",");
    fs.writeFileSync(path.join(dir, "typo.csv"), lines.join("\n"));
    const r = await run(DATASET("typo.csv").replace("loans {", "other {"));
    expect(r.outcome).toMatchObject({
      status: "error",
      evalue:
        "column 'age' in typo.csv holds numbers, but line 6 has 'forty'. Fix or blank those values (blanks are imputed), or add 'age' to `drop`.",
    });
  });

  it("earlier variables keep their values after all those errors", async () => {
    const r = await run(
      "[loans.rows, lr.trained!.solver!.startsWith('exact'), (globalThis as any).__needlab_study__.datasets.has('other')]",
    );
    expect(r.text).toBe("[ 400, true, false ]");
  });

  it("a thrown non-Error and a runtime exception are structured errors", async () => {
    const a = await run("throw 42;");
    expect(a.outcome).toMatchObject({ status: "error", ename: "Thrown", evalue: "42" });
    const b = await run("const o: any = undefined;\no.field");
    expect(b.outcome).toMatchObject({ status: "error", ename: "TypeError" });
    expect((await run("1 + 1")).text).toBe("2");
  });
});

describe("rich results", () => {
  it("shows a DataFrame as a table and a Plotly figure as a chart", async () => {
    const df = await run("loans.frame.head(3)");
    const bundle = (df.outputs[0] as { data: Record<string, string> }).data;
    expect(bundle["text/html"]).toContain(
      '<th style="padding:3px 8px;border-bottom:2px solid #333;text-align:right">applicant_id</th>',
    );
    expect(bundle["text/plain"].split("\n")).toHaveLength(5); // header, 3 rows, shape
    expect(bundle["text/plain"]).toContain("[3 rows × 14 columns]");
    const fig = await run('import { plots } from "needlab";\nplots.rocFigure([lr.evaluation!])');
    const figBundle = (fig.outputs[0] as { data: Record<string, unknown> }).data;
    expect(Object.keys(figBundle).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  });
});

describe("show", () => {
  it("draws every view of an evaluated model, and refuses one not yet evaluated", async () => {
    const r = await run(
      "%%needs\nshow roc, pr, calibration, confusion, thresholds, loss, groups, scorecard, verdicts, metrics for lr",
    );
    expect(r.outcome).toEqual({ status: "ok" });
    const kinds = r.outputs.map((o) =>
      o.output_type === "display_data" ? String(o.data["text/plain"]).split(/[:\n]/)[0] : o.output_type,
    );
    expect(kinds).toEqual([
      "ROC curves",
      "Precision-recall curves",
      "Calibration",
      "Confusion matrices",
      "Threshold sweep",
      "Training loss",
      "Needs scorecard",
      "Needs verdicts (test split, 95% bootstrap intervals)",
      'Test metrics, positive class "bad"',
    ]);
    const refused = await run("%%needs\nmodel fresh: logistic_regression\nshow roc for fresh");
    expect(refused.outcome).toMatchObject({
      status: "error",
      evalue: "model 'fresh' has not been evaluated yet: add `evaluate fresh against NEEDS` before `show`",
    });
  });
});

describe("operational needs", () => {
  it("measures latency, model size and training time, without intervals", async () => {
    const r = await run(`%%needs
needs ops {
  must p95_latency <= 10 s
  must model_size <= 100 B
  should training_time <= 1 h
}
model tiny: logistic_regression { epochs 2 }
train tiny on loans
evaluate tiny against ops`);
    expect(r.outcome).toEqual({ status: "ok" });
    const verdicts = await run(
      "tiny.evaluation!.verdicts.map((v) => [v.need.metric, v.status, v.interval === undefined])",
    );
    // a logistic regression over 24 inputs has 25 float32 weights: 100 bytes
    expect(verdicts.text).toBe(
      "[\n  [ 'p95_latency', 'pass', true ],\n  [ 'model_size', 'pass', true ],\n  [ 'training_time', 'pass', true ]\n]",
    );
    const size = await run("tiny.evaluation!.verdicts[1].measured");
    expect(size.text).toBe("100");
  });
});

describe("personal data", () => {
  it("is neither a feature nor in the DataFrame a cell can show", async () => {
    const r = await run(
      DATASET("loans.csv").replace("loans {", "masked {").replace("drop applicant_id", "pii applicant_id"),
    );
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toMatch(/personal data +applicant_id \(never features; removed from the DataFrame\)/);
    const check = await run(
      "[masked.frame.columns.includes('applicant_id'), masked.featureNames.some((f) => f.startsWith('applicant_id')), masked.frame.shape[1]]",
    );
    expect(check.text).toBe("[ false, false, 13 ]");
  });
});

describe("the code a model lowers to", () => {
  it("is the tfjs code needlab runs, with the derived seeds", async () => {
    const r = await run("%%needs\nmodel shown: dense { layer 8 tanh dropout 25% seed 3 }\nshow code for shown");
    expect(r.outcome).toEqual({ status: "ok" });
    const code = r.text;
    const { deriveSeed } = await import("../../stdlib/random");
    expect(code).toContain(
      `units: 8, activation: "tanh", kernelInitializer: tf.initializers.glorotUniform({ seed: ${deriveSeed(3, "dense0")} })`,
    );
    expect(code).toContain(`new SeededDropout({ rate: 0.25, seed: ${deriveSeed(3, "dropout0")}, name: "dropout_1" })`);
    expect(code).toContain('model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy" });');
    // The code matches the model actually built: same layers, same initial weights.
    const { buildModel } = await import("../../stdlib/train");
    const tf = await import("@tensorflow/tfjs");
    const built = buildModel(
      modelSpec({
        name: "shown",
        family: "dense",
        layers: [{ units: 8, activation: "tanh", dropout: 0.25, l2: 0, batchNorm: false }],
        learningRate: 0.01,
        seed: 3,
      }),
      4,
    );
    expect(built.layers.map((l) => l.name)).toEqual(["dense_1", "dropout_1", "output"]);
    const expected = tf.initializers
      .glorotUniform({ seed: deriveSeed(3, "dense0") })
      .apply([4, 8])
      .dataSync();
    expect(Array.from(built.layers[0].getWeights()[0].dataSync())).toEqual(Array.from(expected));
  });
});

describe("explain", () => {
  it("explains a trained model with a chart", async () => {
    const r = await run("%%needs\nexplain lr");
    expect(r.outcome).toEqual({ status: "ok" });
    const chart = r.outputs.find((o) => o.output_type === "display_data") as { data: Record<string, unknown> };
    expect(chart.data["application/vnd.plotly.v1+json"]).toBeDefined();
    expect(String(chart.data["text/plain"])).toMatch(/^lr relies most on: \w+ \(ROC AUC −0\.\d{3}\)/);
  });
});

describe("include", () => {
  it("runs a .needs file's declarations first, and binds them for TypeScript", async () => {
    fs.writeFileSync(
      path.join(dir, "common.needs"),
      '# shared by every study\nneeds shared { must roc_auc >= 0.5 }\ndataset base_loans { source "loans.csv" target default positive "bad" drop applicant_id stratify seed 4 }\n',
    );
    const r = await run(
      '%%needs\ninclude "common.needs"\nmodel inc: logistic_regression { epochs 3 }\ntrain inc on base_loans\nevaluate inc against shared',
    );
    expect(r.outcome).toEqual({ status: "ok" });
    expect((await run("[shared.needs.length, base_loans.rows]")).text).toBe("[ 1, 400 ]");
  });

  it("reports problems inside the included file under its own name", async () => {
    fs.writeFileSync(path.join(dir, "broken.needs"), "needs x {\n  must recal >= 0.5\n}\n");
    const r = await run('%%needs\ninclude "broken.needs"');
    if (r.outcome.status !== "error") throw new Error("expected an error");
    expect(r.outcome.traceback[0]).toBe("broken.needs:2:8: error: unknown metric 'recal'; did you mean 'recall'?");
  });

  it("refuses a missing file and an include cycle", async () => {
    const missing = await run('%%needs\ninclude "nowhere.needs"');
    expect(missing.outcome).toMatchObject({
      status: "error",
      evalue: `cannot find nowhere.needs (looked for ${path.join(dir, "nowhere.needs")}); paths are relative to the notebook's folder`,
    });
    fs.writeFileSync(path.join(dir, "a.needs"), 'include "b.needs"\n');
    fs.writeFileSync(path.join(dir, "b.needs"), 'include "a.needs"\n');
    const cycle = await run('%%needs\ninclude "a.needs"');
    expect(cycle.outcome).toMatchObject({
      status: "error",
      evalue: "a.needs includes itself (through a.needs → b.needs): remove one of the includes",
    });
  });
});

describe("early stopping in a study", () => {
  it("needs a validation part, and says which epoch it kept", async () => {
    const refused = await run(
      "%%needs\nmodel patient: dense { layer 4 early_stopping patience 2 }\ntrain patient on loans",
    );
    expect(refused.outcome).toMatchObject({
      status: "error",
      evalue:
        "model 'patient' stops early on the validation loss, but dataset 'loans' has no validation part: add one to its split, e.g. `split train 70%, validation 10%, test 20%`",
    });
    const ok = await run(`%%needs
dataset validated { source "loans.csv" target default positive "bad" drop applicant_id split train 70%, validation 15%, test 15% stratify seed 3 }
model patient2: dense { layer 8 epochs 60 learning_rate 0.05 early_stopping patience 3 }
train patient2 on validated`);
    expect(ok.outcome).toEqual({ status: "ok" });
    expect(ok.text).toMatch(
      /patient2: (stopped early after epoch \d+; )?kept the weights of epoch \d+ \(lowest validation loss 0\.\d{4}\)/,
    );
  });
});

describe("derived columns in a study", () => {
  it("are in the DataFrame and can be sensitive attributes", async () => {
    const r = await run(`%%needs
dataset banded { source "loans.csv" target default positive "bad" drop applicant_id, age_group derive band = bucket(age, [30, 50]) sensitive band stratify seed 5 }`);
    expect(r.outcome).toEqual({ status: "ok" });
    const check = await run(
      "[banded.frame.columns.includes('band'), Object.keys(banded.sensitive), [...new Set(banded.sensitive.band)].sort()]",
    );
    expect(check.text).toBe("[ true, [ 'band' ], [ '30-49', '50+', '<30' ] ]");
  });
});
