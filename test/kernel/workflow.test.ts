/**
 * The later steps of a study through a real session: compare, tune, export,
 * monitor, mitigate, the model options that change training, regression and
 * multiclass targets, and k-fold cross-validation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { Session } from "../../kernel/session";
import { runCell } from "../helpers/run-cell";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { psi } from "../../stdlib/drift";
import { createRng } from "../../stdlib/random";

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);
const data = (outputs: Awaited<ReturnType<typeof run>>["outputs"], mime: string) =>
  outputs.flatMap((o) => (o.output_type === "display_data" && o.data[mime] ? [o.data[mime]] : []))[0] as
    Record<string, unknown> | undefined;

/** An exported model loaded as another program would: model.json and weights.bin, plain tfjs. */
async function loadExported(folder: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(fs.readFileSync(path.join(folder, "model.json"), "utf8"));
  const weights = fs.readFileSync(path.join(folder, "weights.bin"));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData,
    }),
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-workflow-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 600, seed: 8 });
  session = new Session(dir);
  const r = await run(`%%needs
dataset loans {
  source "loans.csv"
  target default positive "bad"
  drop applicant_id
  sensitive sex
  split train 60%, validation 20%, test 20%
  stratify
  seed 5
}
needs lending {
  must roc_auc >= 0.6
  should recall >= 0.5 on class "bad"
  must demographic_parity_difference <= 0.2 by sex
}
model lr: logistic_regression { epochs 15 learning_rate 0.05 threshold 0.3 seed 1 }
model net: dense { layer 8 relu epochs 15 threshold 0.3 seed 1 }
train lr, net on loans`);
  expect(r.outcome).toEqual({ status: "ok" });
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("compare", () => {
  it("evaluates both models and ranks them by the needs", async () => {
    const r = await run("%%needs\ncompare lr, net against lending");
    expect(r.outcome).toEqual({ status: "ok" });
    const cmp = data(r.outputs, "application/vnd.needlab.comparison+json") as {
      ranking: { model: string; mustFailed: number; mustUndecided: number; shouldMet: number; rocAuc: number }[];
    };
    expect(cmp.ranking.map((x) => x.model).sort()).toEqual(["lr", "net"]);
    // The ranking agrees with the evaluations now bound to the models.
    const ts = await run("[lr.evaluation!.metrics.roc_auc, net.evaluation!.metrics.roc_auc]");
    const [lrAuc, netAuc] = JSON.parse(ts.text) as number[];
    const auc = Object.fromEntries(cmp.ranking.map((x) => [x.model, x.rocAuc]));
    expect(auc).toEqual({ lr: lrAuc, net: netAuc });
    // Sorted by (failed musts, undecided musts, fewer shoulds met, lower AUC), smallest first.
    const key = (x: (typeof cmp.ranking)[number]) => [x.mustFailed, x.mustUndecided, -x.shouldMet, -x.rocAuc];
    const [a, b] = cmp.ranking.map(key);
    const firstDiff = a.findIndex((v, i) => v !== b[i]);
    expect(firstDiff === -1 || a[firstDiff] < b[firstDiff]).toBe(true);
    expect(r.text).toMatch(/Comparison against lending/);
  });
});

describe("tune", () => {
  it("tries every grid point on the validation part and keeps the best, trained", async () => {
    const r = await run(
      "%%needs\ntune net on loans against lending { learning_rate in [0.001, 0.05] layer 1 units in [2, 8] }",
    );
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("Tuning net (grid, 4 trials, judged on the validation part of loans)");
    const chosen = /net now uses learning_rate ([\d.]+), layer 1 units (\d+)/.exec(r.text)!;
    expect(chosen).not.toBeNull();
    const ts = await run(
      "[net.spec.learningRate, net.spec.layers[0].units, net.trained!.spec.learningRate, net.evaluation === undefined]",
    );
    expect(JSON.parse(ts.text)).toEqual([Number(chosen[1]), Number(chosen[2]), Number(chosen[1]), true]);
  });

  it("refuses to tune without a validation part", async () => {
    await run(
      '%%needs\ndataset flat { source "loans.csv" target default positive "bad" drop applicant_id sensitive sex stratify }',
    );
    await run("%%needs\nmodel small: logistic_regression { epochs 2 }\ntrain small on flat");
    const r = await run("%%needs\ntune small on flat against lending { threshold in [0.3, 0.5] }");
    expect(r.outcome).toMatchObject({
      status: "error",
      evalue:
        "tune judges settings on the validation part, and dataset 'flat' has none: add one, e.g. `split train 60%, validation 20%, test 20%`. (Tuning on the test part would make its verdicts optimistic.)",
    });
  });
});

describe("export", () => {
  it("writes a model that predicts the same outside the session, with its preprocessing and card", async () => {
    await run("%%needs\nevaluate lr against lending");
    const r = await run('%%needs\nexport lr to "exports/lr"');
    expect(r.outcome).toEqual({ status: "ok" });
    const out = path.join(dir, "exports/lr");
    expect(fs.readdirSync(out).sort()).toEqual([
      "evaluation.json",
      "model-card.md",
      "model.json",
      "preprocessing.json",
      "weights.bin",
    ]);
    const loaded = await loadExported(out);
    // The session runs in this process: read its study directly.
    const study = (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;
    const loans = study.datasets.get("loans")!;
    const width = loans.featureNames.length;
    const outside = Array.from(
      (loaded.predict(tf.tensor2d(loans.test.x.slice(0, width * 5), [5, width])) as tf.Tensor).dataSync(),
    );
    const inSession = study.binding("lr") as import("../../kernel/study").ModelHandle;
    Array.from(inSession.predictProba("test").slice(0, 5)).forEach((p: number, i: number) =>
      expect(outside[i]).toBeCloseTo(p, 6),
    );
    const card = fs.readFileSync(path.join(out, "model-card.md"), "utf8");
    expect(card).toContain("# Model card: lr");
    expect(card).toContain('predicts "bad" when its probability is at least 0.3');
    expect(card).toMatch(/\| `roc_auc >= 0.6` \| must \| 0\.\d{3} \|/);
    const prep = JSON.parse(fs.readFileSync(path.join(out, "preprocessing.json"), "utf8"));
    expect(prep.featureNames).toEqual(loans.featureNames);
    expect(prep.dropped).toEqual(["applicant_id", "sex"]);
  });

  it("leaves dropout out of an exported net, which predicts as the trained one", async () => {
    const r = await run(
      '%%needs\nmodel dropper: dense { layer 8 relu dropout 40% epochs 3 seed 3 }\ntrain dropper on loans\nexport dropper to "exports/dropper"',
    );
    expect(r.outcome).toEqual({ status: "ok" });
    const json = fs.readFileSync(path.join(dir, "exports/dropper/model.json"), "utf8");
    expect(json).not.toMatch(/Dropout/i);
    const loaded = await loadExported(path.join(dir, "exports/dropper"));
    const study = (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;
    const loans = study.datasets.get("loans")!;
    const width = loans.featureNames.length;
    const outside = Array.from(
      (loaded.predict(tf.tensor2d(loans.test.x.slice(0, width * 5), [5, width])) as tf.Tensor).dataSync(),
    );
    const inside = Array.from(
      (study.binding("dropper") as import("../../kernel/study").ModelHandle).predictProba("test").slice(0, 5),
    );
    inside.forEach((p, i) => expect(outside[i]).toBeCloseTo(p, 6));
  });
});

describe("monitor", () => {
  it("flags a shifted column and leaves the others stable", async () => {
    // New applicants: the same generator and seed, but every income doubled.
    writeCreditApplicants(path.join(dir, "new.csv"), { rows: 600, seed: 8 });
    const lines = fs.readFileSync(path.join(dir, "new.csv"), "utf8").trim().split("\n");
    const header = lines[0].split(",");
    const k = header.indexOf("income");
    fs.writeFileSync(
      path.join(dir, "shifted.csv"),
      [
        lines[0],
        ...lines.slice(1).map((l) =>
          l
            .split(",")
            .map((v, j) => (j === k && v !== "" ? String(Number(v) * 2) : v))
            .join(","),
        ),
      ].join("\n"),
    );
    const r = await run('%%needs\nmonitor loans with "shifted.csv"');
    expect(r.outcome).toEqual({ status: "ok" });
    const drift = data(r.outputs, "application/vnd.needlab.drift+json") as {
      columns: { column: string; psi: number; status: string }[];
    };
    expect(drift.columns[0]).toMatchObject({ column: "income", status: "major" });
    expect(drift.columns.filter((c) => c.column !== "income").every((c) => c.status === "stable")).toBe(true);
    expect(r.text).toContain("1 of");
  });

  it("reads a new file in another format by its extension", async () => {
    // The same applicants as JSON lines: nothing has shifted.
    const lines = fs.readFileSync(path.join(dir, "new.csv"), "utf8").trim().split("\n");
    const header = lines[0].split(",");
    const records = lines
      .slice(1)
      .map((l) =>
        Object.fromEntries(
          l.split(",").map((v, j) => [header[j], v === "" ? null : Number.isNaN(Number(v)) ? v : Number(v)]),
        ),
      );
    fs.writeFileSync(path.join(dir, "new.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const r = await run('%%needs\nmonitor loans with "new.jsonl"');
    expect(r.outcome).toEqual({ status: "ok" });
    const drift = data(r.outputs, "application/vnd.needlab.drift+json") as { columns: { status: string }[] };
    expect(drift.columns.every((c) => c.status === "stable")).toBe(true);
  });

  it("names the feature columns a new file lacks", async () => {
    fs.writeFileSync(path.join(dir, "thin.csv"), "age,y\n30,1\n");
    const r = await run('%%needs\nmonitor loans with "thin.csv"');
    expect(r.outcome.status).toBe("error");
    if (r.outcome.status === "error")
      expect(r.outcome.evalue).toMatch(
        /^thin\.csv lacks feature columns .*'income'.*: monitoring compares the same columns\./,
      );
  });

  it("PSI is the textbook sum over bins", () => {
    // Two bins: 50/50 → 30/70: (0.3-0.5)ln(0.3/0.5) + (0.7-0.5)ln(0.7/0.5)
    expect(psi([0.5, 0.5], [0.3, 0.7])).toBeCloseTo(-0.2 * Math.log(0.6) + 0.2 * Math.log(1.4), 12);
  });
});

describe("training options", () => {
  it("balanced class weights are n / (2 × class count), and a weight column of ones changes nothing", async () => {
    fs.writeFileSync(
      path.join(dir, "weighted.csv"),
      fs
        .readFileSync(path.join(dir, "loans.csv"), "utf8")
        .trim()
        .split("\n")
        .map((l, i) => `${l},${i === 0 ? "w" : "1"}`)
        .join("\n"),
    );
    const r = await run(`%%needs
dataset wl { source "weighted.csv" target default positive "bad" drop applicant_id, w sensitive sex split train 60%, validation 20%, test 20% stratify seed 5 }
model plain: logistic_regression { epochs 3 seed 4 }
model ones: logistic_regression { epochs 3 seed 4 sample_weight w }
model fair: logistic_regression { epochs 3 seed 4 class_weight balanced }
train plain, ones, fair on wl`);
    expect(r.outcome).toEqual({ status: "ok" });
    const counts = JSON.parse(
      (await run("[wl.train.n, Array.from(wl.train.y).reduce((a, b) => a + b, 0)]")).text,
    ) as number[];
    const [n, pos] = counts;
    expect(r.text).toContain(
      `fair: class weights "good" ${+(n / (2 * (n - pos))).toFixed(4)}, "bad" ${+(n / (2 * pos)).toFixed(4)}`,
    );
    const losses = JSON.parse(
      (await run("[plain.trained!.history.map(h => h.loss), ones.trained!.history.map(h => h.loss)]")).text,
    ) as number[][];
    losses[0].forEach((l, i) => expect(losses[1][i]).toBeCloseTo(l, 5));
  });

  it("a sample-weight column that is also a feature is refused", async () => {
    const r = await run(
      "%%needs\nmodel bad_w: logistic_regression { epochs 1 sample_weight age }\ntrain bad_w on loans",
    );
    expect(r.outcome).toMatchObject({
      status: "error",
      evalue:
        "'age' weighs the rows of model 'bad_w', so it must not also be a feature: add `drop age` to dataset 'loans'.",
    });
  });

  it("a learning-rate schedule sets the rate of every epoch", async () => {
    const r = await run(
      "%%needs\nmodel sched: logistic_regression { optimizer sgd epochs 5 learning_rate 0.1 schedule step 0.5 every 2 }\ntrain sched on loans",
    );
    expect(r.outcome).toEqual({ status: "ok" });
    expect(JSON.parse((await run("sched.trained!.history.map(h => h.learningRate)")).text)).toEqual([
      0.1, 0.1, 0.05, 0.05, 0.025,
    ]);
  });

  it("early stopping on a validation metric keeps the epoch where it was best", async () => {
    const r = await run(
      "%%needs\nmodel es: dense { layer 16 epochs 40 learning_rate 0.05 early_stopping on roc_auc patience 3 seed 2 }\ntrain es on loans",
    );
    expect(r.outcome).toEqual({ status: "ok" });
    const h = JSON.parse((await run("es.trained!.history.map(h => h.valMetric)")).text) as number[];
    const best = JSON.parse((await run("es.trained!.bestEpoch")).text) as number;
    expect(Math.max(...h)).toBe(h[best - 1]);
    expect(r.text).toContain(`kept the weights of epoch ${best} (best validation roc_auc ${h[best - 1].toFixed(4)})`);
  });

  it("a backend preference switches the backend, and an unavailable one says what is", async () => {
    const r = await run("%%needs\nmodel oncpu: logistic_regression { epochs 1 backend cpu }\ntrain oncpu on loans");
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain(
      "needlab: TensorFlow.js backend cpu: plain JavaScript (cpu) (model oncpu asks for `backend cpu`)",
    );
    const g = await run("%%needs\nmodel ongpu: logistic_regression { epochs 1 backend gpu }\ntrain ongpu on loans");
    expect(g.outcome.status).toBe("error");
    if (g.outcome.status === "error")
      expect(g.outcome.evalue).toMatch(
        /^backend gpu is not available on this machine \(@tensorflow\/tfjs-node-gpu: .*\)\. Available here: \w+, cpu; write `backend auto` to take the fastest\.$/,
      );
  });
});

describe("mitigate", () => {
  const study = () => (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;

  it("reweigh: retrains with Kamiran-Calders weights and shows the verdicts before and after", async () => {
    await run(
      "%%needs\nmodel rw: logistic_regression { epochs 10 learning_rate 0.05 threshold 0.3 seed 1 }\ntrain rw on loans\nevaluate rw against lending",
    );
    const r = await run("%%needs\nmitigate rw by sex using reweigh");
    expect(r.outcome).toEqual({ status: "ok" });
    // Hand-computed weights from the training rows: P(sex) · P(label) / P(sex, label).
    const loans = study().datasets.get("loans")!;
    const rows = [...loans.train.rows];
    const sex = rows.map((row) => loans.sensitive.sex[row]);
    const y = [...loans.train.y];
    const n = rows.length;
    const p = (pred: (i: number) => boolean) => rows.filter((_, i) => pred(i)).length / n;
    const w = (g: string, label: number) =>
      (p((i) => sex[i] === g) * p((i) => y[i] === label)) / p((i) => sex[i] === g && y[i] === label);
    expect(r.text).toContain(`rw: retrained on the training rows reweighed by sex: `);
    expect(r.text).toContain(`female & bad ${w("female", 1).toFixed(3)}`);
    expect(r.text).toContain(`male & good ${w("male", 0).toFixed(3)}`);
    const table = r.outputs.find(
      (o) => o.output_type === "display_data" && String(o.data["text/html"] ?? "").includes("needlab-verdicts"),
    );
    expect(String((table as { data: Record<string, unknown> }).data["text/plain"])).toMatch(
      /rw before\s+rw after reweigh/,
    );
    expect(study().trained.get("rw")!.mitigation).toMatchObject({ method: "reweigh", by: ["sex"] });
  });

  it("thresholds: each group's cut-off gives it the overall selection rate on the validation rows", async () => {
    await run(
      "%%needs\nmodel th: logistic_regression { epochs 10 learning_rate 0.05 threshold 0.3 seed 1 }\ntrain th on loans\nevaluate th against lending",
    );
    const r = await run("%%needs\nmitigate th by sex using thresholds");
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toMatch(
      /th: cut-offs by sex matching the overall selection rate \(0\.\d{3}\) on the validation rows: female 0\.\d{3}, male 0\.\d{3}/,
    );
    const s = study();
    const loans = s.datasets.get("loans")!;
    const handle = s.binding("th") as import("../../kernel/study").ModelHandle;
    const scores = handle.predictProba("validation");
    const rate = Number(/overall selection rate \((0\.\d+)\)/.exec(r.text)![1]);
    for (const g of ["female", "male"]) {
      const idx = [...loans.validation.rows]
        .map((row, k) => [row, k])
        .filter(([row]) => loans.sensitive.sex[row] === g)
        .map(([, k]) => k);
      const selected = idx.filter((k) => scores[k] >= 0.3).length / idx.length;
      expect(Math.abs(selected - rate)).toBeLessThanOrEqual(1 / idx.length + 1e-9); // as close as one row allows
    }
    // The evaluation after mitigation uses the same shifted scores.
    expect(s.evaluations.get("th")!.metrics.roc_auc).toBeGreaterThan(0.5);
    // An export carries the cut-offs, since the model alone does not decide.
    await run('%%needs\nexport th to "exports/th"');
    const prep = JSON.parse(fs.readFileSync(path.join(dir, "exports/th/preprocessing.json"), "utf8"));
    expect(prep.groupThresholds).toEqual({
      by: ["sex"],
      thresholds: s.trained.get("th")!.mitigation!.thresholds!.thresholds,
    });
    expect(fs.readFileSync(path.join(dir, "exports/th/model-card.md"), "utf8")).toContain(
      "at least its group's cut-off (by sex: female 0.",
    );
  });

  it("says when there is nothing to compare with", async () => {
    await run("%%needs\nmodel fresh: logistic_regression { epochs 2 seed 1 }\ntrain fresh on loans");
    const r = await run("%%needs\nmitigate fresh by sex using thresholds");
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain(
      "fresh was not evaluated before, so there is nothing to compare with: run `evaluate fresh against NEEDS` to see its verdicts.",
    );
  });
});

describe("regression", () => {
  const study = () => (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;

  it("trains on a numeric target in its own unit and judges mae, rmse and r2 needs with intervals", async () => {
    // A known relation: y = 3000·x1 − 2000·x2 + 500·[city = b] + 10000 + noise (σ = 200), 800 rows.
    const rng = createRng(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const lines = ["id,x1,x2,city,sex,y"];
    for (let i = 0; i < 800; i++) {
      const x1 = normal(),
        x2 = normal(),
        city = rng.next() < 0.5 ? "a" : "b";
      lines.push(
        `${i},${x1.toFixed(4)},${x2.toFixed(4)},${city},${rng.next() < 0.5 ? "female" : "male"},${(3000 * x1 - 2000 * x2 + (city === "b" ? 500 : 0) + 10000 + 200 * normal()).toFixed(2)}`,
      );
    }
    fs.writeFileSync(path.join(dir, "linear.csv"), lines.join("\n") + "\n");
    const r = await run(`%%needs
dataset pay { source "linear.csv" target y regression drop id sensitive sex split train 60%, validation 20%, test 20% seed 4 }
needs salary { must r2 >= 0.95 should mae <= 400 }
model lin: linear_regression { epochs 60 learning_rate 0.05 seed 1 }
model deep: dense { layer 8 epochs 60 learning_rate 0.02 seed 1 }
train lin, deep on pay
evaluate lin, deep against salary`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("y: a number (regression)");
    const s = study();
    const pay = s.datasets.get("pay")!;
    for (const m of ["lin", "deep"]) {
      const e = s.evaluations.get(m)!;
      const pred = (s.binding(m) as import("../../kernel/study").ModelHandle).predictProba("test");
      // The metrics of the evaluation are those of the predictions, in the target's unit.
      const y = pay.test.value!;
      const mae = Array.from(y).reduce((a, v, i) => a + Math.abs(v - pred[i]), 0) / y.length;
      const mean = Array.from(y).reduce((a, b) => a + b, 0) / y.length;
      const r2 =
        1 -
        Array.from(y).reduce((a, v, i) => a + (v - pred[i]) ** 2, 0) /
          Array.from(y).reduce((a, v) => a + (v - mean) ** 2, 0);
      expect(e.metrics.mae).toBeCloseTo(mae, 1);
      expect(e.metrics.r2).toBeCloseTo(r2, 4);
      expect(e.metrics.r2).toBeGreaterThan(0.95);
      expect(e.metrics.mae).toBeLessThan(400); // the noise alone gives about 160
      for (const v of e.verdicts) {
        expect(v.interval!.low).toBeLessThanOrEqual(v.measured);
        expect(v.interval!.high).toBeGreaterThanOrEqual(v.measured);
      }
    }
    expect(r.text).toMatch(/Predicted against actual: lin r2 0\.9\d{2}, mae \d+\.\d{3}/);
    expect(s.evaluations.get("lin")!.verdicts.map((v) => v.status)).toEqual(["pass", "pass"]);
  });

  it("compares, explains, tunes and exports regressions; classifier views say why not", async () => {
    const c = await run("%%needs\ncompare lin, deep against salary\nshow verdicts, metrics, loss\nexplain lin");
    expect(c.outcome).toEqual({ status: "ok" });
    expect(c.text).toMatch(/Comparison against salary/);
    expect(c.text).toMatch(/lin relies most on: \w+ \(r2 −/);
    const roc = await run("%%needs\nshow roc for lin");
    expect(roc.outcome).toMatchObject({
      status: "error",
      evalue:
        "`show roc` draws a classifier's curves; lin predicts a number: show verdicts, metrics, loss or scorecard.",
    });
    const t = await run("%%needs\ntune lin on pay against salary { learning_rate in [0.01, 0.1] }");
    expect(t.outcome).toEqual({ status: "ok" });
    expect(t.text).toMatch(/validation r2 0\.\d{3}/);
    await run("%%needs\nevaluate lin against salary");
    const e = await run('%%needs\nexport lin to "exports/lin"');
    expect(e.outcome).toEqual({ status: "ok" });
    const card = fs.readFileSync(path.join(dir, "exports/lin/model-card.md"), "utf8");
    expect(card).toContain("Predicts `y` (a number)");
    expect(card).toMatch(/\| `r2 >= 0.95` \| must \| 0\.9\d{2} \|/);
    const m = await run("%%needs\nmitigate lin by sex using reweigh");
    expect(m.outcome).toMatchObject({
      status: "error",
      evalue:
        "mitigate works on classifiers: 'lin' predicts a number (regression), and fairness needs compare the groups' decisions.",
    });
  });

  it("refuses text in a regression target, naming the line", async () => {
    const r = await run('%%needs\ndataset bad_pay { source "loans.csv" target default regression drop applicant_id }');
    expect(r.outcome.status).toBe("error");
    if (r.outcome.status === "error")
      expect(r.outcome.evalue).toMatch(
        /^target 'default' is declared a regression target, but line 2 of loans\.csv has '(good|bad)': a regression target holds numbers\./,
      );
  });
});

describe("multiclass", () => {
  const study = () => (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;

  it("learns three classes and judges accuracy, a class's recall and log loss with intervals", async () => {
    // Three classes, each around its own centre in (x1, x2), plus a noise column.
    const rng = createRng(21);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const centres: Record<string, [number, number]> = { a: [0, 0], b: [3, 0], c: [0, 3] };
    const lines = ["id,x1,x2,noise,kind"];
    for (let i = 0; i < 900; i++) {
      const kind = ["a", "b", "c"][i % 3];
      lines.push(
        `${i},${(centres[kind][0] + normal()).toFixed(3)},${(centres[kind][1] + normal()).toFixed(3)},${normal().toFixed(3)},${kind}`,
      );
    }
    fs.writeFileSync(path.join(dir, "three.csv"), lines.join("\n") + "\n");
    const r = await run(`%%needs
dataset kinds { source "three.csv" target kind multiclass drop id split train 60%, validation 20%, test 20% stratify seed 3 }
needs sorting { must accuracy >= 0.8 should recall >= 0.7 on class "c" must log_loss <= 0.8 }
model soft: logistic_regression { epochs 40 learning_rate 0.05 seed 1 }
model net: dense { layer 8 epochs 40 learning_rate 0.02 class_weight balanced seed 1 }
train soft, net on kinds
evaluate soft, net against sorting`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("kind: 3 classes (a, b, c)");
    expect(r.text.match(/\ba, b, c\b/g)).toHaveLength(1); // the classes listed once, not again as a note
    expect(r.text).toContain('net: class weights "a" 1, "b" 1, "c" 1'); // stratified: 180 of each class, n / (3 × 180) = 1
    const s = study();
    const kinds = s.datasets.get("kinds")!;
    for (const m of ["soft", "net"]) {
      const e = s.evaluations.get(m)!;
      const probs = (s.binding(m) as import("../../kernel/study").ModelHandle).predictProba("test");
      const predicted = Array.from({ length: kinds.test.n }, (_, i) =>
        [0, 1, 2].reduce((b, c) => (probs[i * 3 + c] > probs[i * 3 + b] ? c : b), 0),
      );
      const correct = predicted.filter((p, i) => p === kinds.test.y[i]).length;
      expect(e.metrics.accuracy).toBeCloseTo(correct / kinds.test.n, 12);
      const isC = [...kinds.test.y].map((y) => y === 2);
      const recallC = predicted.filter((p, i) => isC[i] && p === 2).length / isC.filter(Boolean).length;
      const v = e.verdicts.find((x) => x.need.text === 'recall >= 0.7 on class "c"')!;
      expect(v.measured).toBeCloseTo(recallC, 12);
      expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(kinds.test.n);
      expect(e.metrics.accuracy).toBeGreaterThan(0.8); // the centres are 3 standard deviations apart
      for (const x of e.verdicts) expect(x.interval!.low).toBeLessThanOrEqual(x.measured);
    }
    expect(r.text).toMatch(/Confusion matrix: soft, accuracy 0\.\d{3}/);
  });

  it("compares, shows, explains and exports; binary views say why not", async () => {
    const c = await run(
      "%%needs\ncompare soft, net against sorting\nshow metrics, confusion, code for net\nexplain soft",
    );
    expect(c.outcome).toEqual({ status: "ok" });
    expect(c.text).toMatch(/balanced accuracy 0\.\d{3}/);
    expect(c.text).toMatch(/soft relies most on: x\d \(accuracy −/);
    expect(c.text).toContain('units: 3, activation: "softmax"'); // the code view shows the softmax output the model has
    const built = study().trained.get("net")!.model.layers.at(-1)!.getConfig() as { units: number; activation: string };
    expect([built.units, built.activation]).toEqual([3, "softmax"]);
    const roc = await run("%%needs\nshow roc for soft");
    expect(roc.outcome).toMatchObject({
      status: "error",
      evalue:
        "`show roc` draws a binary classifier's curves; soft chooses among several classes: show verdicts, metrics, confusion, classes, confused, groups, loss or scorecard.",
    });
    const e = await run('%%needs\nexport soft to "exports/soft"');
    expect(e.outcome).toEqual({ status: "ok" });
    expect(fs.readFileSync(path.join(dir, "exports/soft/model-card.md"), "utf8")).toContain(
      "Predicts `kind` as one of a, b, c (the most probable)",
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, "exports/soft/preprocessing.json"), "utf8")).classes).toEqual([
      "a",
      "b",
      "c",
    ]);
  });
});

describe("k-fold cross-validation", () => {
  const study = () => (globalThis as { __needlab_study__?: import("../../kernel/study").Study }).__needlab_study__!;

  it("scores every row with a model that never saw it, each fold prepared on the other folds", async () => {
    const r = await run(`%%needs
dataset cv { source "loans.csv" target default positive "bad" drop applicant_id sensitive sex split kfold 5 stratify seed 5 }
model cvlr: logistic_regression { epochs 8 learning_rate 0.05 threshold 0.3 seed 1 }
train cvlr on cv
evaluate cvlr against lending`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toMatch(
      /cvlr: 5-fold cross-validation, ROC AUC per fold (0\.\d{3}, ){4}0\.\d{3} \(mean 0\.\d{3} ± 0\.\d{3}\); evaluations use the out-of-fold predictions of all 600 rows/,
    );
    expect(r.text).toContain("5-fold cross-validation, stratified, seed 5");
    const s = study();
    const cv = s.datasets.get("cv")!;
    const t = s.trained.get("cvlr")!;
    const oof = t.crossValidation!;
    // Every row once; fold sizes as stratified dealing gives them.
    expect([...oof.matrix.rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(oof.perFold.map((f) => f.rows)).toEqual([120, 120, 120, 120, 120]);
    // Fold 0's scores are those of a model trained on the other folds only, with their own preparation.
    const fold = cv.folds![0];
    expect([...fold.train.rows].some((row) => fold.test.rows.includes(row))).toBe(false);
    const { train, predictProba } = await import("../../stdlib/train");
    const again = await train(t.spec, fold);
    expect(Array.from(predictProba(again.model, fold.test, fold.featureNames.length))).toEqual(
      Array.from(oof.scores.slice(0, fold.test.n)),
    );
    const income = fold.featureColumns.find((c) => c.column === "income")!;
    const values = [...fold.train.rows]
      .map((row) => cv.frame.column("income").values[row] as number)
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b);
    const mid = values.length / 2;
    expect(income.kind === "numeric" && income.median).toBe(
      values.length % 2 ? values[Math.floor(mid)] : (values[mid - 1] + values[mid]) / 2,
    );
    // The evaluation is on all 600 out-of-fold predictions, and says so.
    expect(s.evaluations.get("cvlr")!.rows).toBe(600);
    expect(r.text).toContain("Needs verdicts (out-of-fold predictions, 95% bootstrap intervals)");
  });

  it("keeps groups in one fold, works for regressions, and says what needs a holdout split", async () => {
    const g = await run(
      '%%needs\ndataset cvg { source "loans.csv" target default positive "bad" drop applicant_id split kfold 3 by group housing seed 2 }\nmodel cvg_lr: logistic_regression { epochs 2 }\ntrain cvg_lr on cvg',
    );
    expect(g.outcome).toEqual({ status: "ok" });
    const cvg = study().datasets.get("cvg")!;
    const housingOf = (row: number) => String(cvg.frame.column("housing").values[row]);
    const foldsOfGroup = new Map<string, Set<number>>();
    cvg.folds!.forEach((f, k) =>
      [...f.test.rows].forEach((row) =>
        (foldsOfGroup.get(housingOf(row)) ?? foldsOfGroup.set(housingOf(row), new Set()).get(housingOf(row))!).add(k),
      ),
    );
    for (const folds of foldsOfGroup.values()) expect(folds.size).toBe(1);
    const reg = await run(
      '%%needs\ndataset cvr { source "linear.csv" target y regression drop id, sex split kfold 3 seed 1 }\nmodel cvlin: linear_regression { epochs 40 learning_rate 0.05 }\ntrain cvlin on cvr\nevaluate cvlin against salary',
    );
    expect(reg.outcome).toEqual({ status: "ok" });
    expect(study().evaluations.get("cvlin")!.metrics.r2).toBeGreaterThan(0.95);
    expect(study().evaluations.get("cvlin")!.rows).toBe(800);
    const tune = await run("%%needs\ntune cvlr on cv against lending { threshold in [0.3, 0.5] }");
    expect(tune.outcome).toEqual({ status: "ok" });
    expect(tune.text).toContain("Tuning cvlr (grid, 2 trials, judged by 5-fold cross-validation of cv)");
    expect(tune.text).toMatch(/out-of-fold ROC AUC 0\.\d{3}/);
    expect(tune.text).toContain(
      "Its cross-validated verdicts are optimistic, since the settings were chosen on the same folds",
    );
    expect(study().trained.get("cvlr")!.crossValidation!.folds).toBe(5);
    const ex = await run("%%needs\nexplain cvg_lr");
    expect(ex.outcome).toEqual({ status: "ok" });
    expect(ex.text).toMatch(/^cvg_lr relies most on: \w+ \(ROC AUC −/m);
    const tuned = await run("%%needs\nexplain cvlr");
    expect(tuned.outcome).toMatchObject({
      status: "error",
      evalue: "model 'cvlr' was tuned, so its fold models were not kept: run `train cvlr on cv` to explain it.",
    });
    // Mitigation on k folds: cut-offs chosen on the out-of-fold predictions (and said to be optimistic), or every fold model reweighed.
    await run("%%needs\nevaluate cvlr against lending");
    const mi = await run("%%needs\nmitigate cvlr by sex using thresholds");
    expect(mi.outcome).toEqual({ status: "ok" });
    expect(mi.text).toMatch(
      /cvlr: cut-offs by sex matching the overall selection rate \(0\.\d{3}\) on the out-of-fold rows \(the verdicts after are measured on the same predictions, so they are optimistic\)/,
    );
    expect(mi.text).toMatch(/Needs verdicts \(out-of-fold predictions[\s\S]*cvlr before\s+cvlr after thresholds/);
    const rw = await run("%%needs\nmitigate cvlr by sex using reweigh");
    expect(rw.outcome).toEqual({ status: "ok" });
    expect(rw.text).toMatch(/cvlr: 5-fold cross-validation, ROC AUC per fold/);
    expect(study().trained.get("cvlr")!.mitigation!.method).toBe("reweigh");
  });
});
