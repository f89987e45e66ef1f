/**
 * `npm run bench`: the numbers behind needlab's speed claims, measured on
 * this machine. Not a test: it prints, it asserts nothing.
 *
 *   1. parse + check of a 1,000-line study file
 *   2. danfojs readCSV and column-wise preparation of 100,000 synthetic applicants
 *   3. training the case study's two models (backend as chosen at run time)
 *   4. `needlab run` of the credit-risk study, end to end (a fresh process)
 *   5. `needlab audit` on 1,000,000 predictions with three sensitive columns:
 *      overall + by-group + intersection + disparities + 1,000-sample bootstrap
 *      (in memory), and the whole command from a CSV file
 *   6. kernel start-up to kernel_info_reply and the median `1+1` round trip,
 *      with jupyter_client (needs Debian's python3 with jupyter-client), for
 *      needlab and, where installed, ipykernel on the same machine
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compile } from "../../dsl";
import { format } from "../../dsl/format";
import { emptyEnv } from "../../dsl/check";
import { loadCsv } from "../../stdlib/data/load";
import { prepare } from "../../stdlib/data/prepare";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { initBackend } from "../../stdlib/backend";
import { train } from "../../stdlib/train";
import { datasetSpec, modelSpec, type DatasetSpec, type ModelSpec } from "../../plan/plan";
import { PACKAGE_ROOT } from "../../kernel/session";
import { audit } from "../../stdlib/audit";
import { createRng } from "../../stdlib/random";
import { evaluateRegression } from "../../stdlib/evaluate-regression";
import { evaluateMulticlass } from "../../stdlib/evaluate-multiclass";
import { benchIsComplete } from "./console";
import { benchLimits } from "./limits";
import { benchLinear } from "./linear";
import { benchResources } from "./resources";
import { benchText } from "./text";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: [string, string][] = [];
const report = (what: string, value: string) => {
  rows.push([what, value]);
  process.stdout.write(`${what.padEnd(66)} ${value}\n`);
};

/** A study of `lines` lines: whole needs/dataset/model units, then comment lines to make up the count. */
function studyFile(lines: number): string {
  const unit = (i: number) => [
    `needs n${i} {`,
    `  must recall >= 80% on class "bad" because "reason ${i}"`,
    `  should roc_auc >= 0.7`,
    `}`,
    `dataset d${i} {`,
    `  source "credit.csv"`,
    `  target default positive "bad"`,
    `  drop applicant_id`,
    `  filter age >= 18`,
    `  missing age: median`,
    `  derive band = bucket(age, [30, 50]) # bands`,
    `  scale minmax`,
    `  split train 70%, test 30%`,
    `  stratify`,
    `  seed ${i}`,
    `}`,
    `model m${i}: dense {`,
    `  layer 16 relu dropout 20%`,
    `  schedule step 0.5 every 5`,
    `  class_weight balanced`,
    `  epochs 10`,
    `}`,
    `train m${i} on d${i}`,
    `evaluate m${i} against n${i}`,
    `export m${i} to "out/m${i}"`,
  ];
  const out: string[] = [];
  for (let i = 0; out.length + unit(i).length <= lines; i++) out.push(...unit(i));
  while (out.length < lines) out.push(`# line ${out.length + 1}`);
  return out.join("\n") + "\n";
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-bench-"));
  process.stdout.write(
    `needlab bench on ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}\n\n`,
  );

  const src = studyFile(1000);
  const env = emptyEnv(() => ({ columns: ["applicant_id", "age", "default"] }));
  for (let i = 0; i < 5; i++) compile(src, env); // warm the JIT
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const r = compile(src, env);
    times.push(performance.now() - t);
    if (!r.plan) throw new Error("the bench study file does not compile");
  }
  report("DSL parse + check + lower, 1,000 lines (median of 20)", `${median(times).toFixed(1)} ms`);
  const fmtTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    if (format(src).text === undefined) throw new Error("the bench study file does not format");
    fmtTimes.push(performance.now() - t);
  }
  report("needlab fmt, the same 1,000 lines (median of 10)", `${median(fmtTimes).toFixed(1)} ms`);
  benchLimits(report);

  const csv = path.join(tmp, "applicants-100k.csv");
  writeCreditApplicants(csv, { rows: 100_000, seed: 1 });
  let t = performance.now();
  const { table } = await loadCsv(csv, tmp);
  report(
    `danfojs readCSV, 100,000 rows × ${table.columns.length} columns`,
    `${((performance.now() - t) / 1000).toFixed(2)} s`,
  );
  const spec: DatasetSpec = datasetSpec({
    name: "d",
    source: csv,
    target: "default",
    positive: "bad",
    drop: ["applicant_id"],
    sensitive: ["sex"],
    split: { train: 0.7, validation: 0, test: 0.3 },
    stratify: true,
    seed: 7,
  });
  t = performance.now();
  const prepared = prepare(table, spec);
  report("prepare (split, impute, one-hot, scale), 100,000 rows", `${((performance.now() - t) / 1000).toFixed(2)} s`);

  // Verdicts of regression and multiclass needs on 100,000 test rows (1,000 bootstrap samples each).
  {
    const rng = createRng(3);
    const n = 100_000;
    const yTrue = Float64Array.from({ length: n }, () => 50 + 10 * rng.normal());
    const yPred = yTrue.map((v) => v + 3 * rng.normal());
    const need = (metric: string) => ({
      id: `n.${metric}`,
      level: "must" as const,
      metric: metric as never,
      comparator: ">=" as const,
      threshold: 0.5,
      text: metric,
    });
    t = performance.now();
    evaluateRegression({ model: "m", dataset: "d", yTrue, yPred }, { name: "n", needs: [need("r2")] }, { seed: 1 });
    report(
      "regression need (r2), 100,000 test rows, 1,000 bootstrap",
      `${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    const y = Uint8Array.from({ length: n }, () => rng.int(3));
    const probs = new Float32Array(n * 3).map(() => rng.next());
    t = performance.now();
    evaluateMulticlass(
      { model: "m", dataset: "d", classNames: ["a", "b", "c"], yTrue: y, probs },
      { name: "n", needs: [need("accuracy"), need("log_loss")] },
      { seed: 1 },
    );
    report(
      "multiclass needs (accuracy, log_loss), 100,000 rows × 3 classes",
      `${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
  }

  const backend = await initBackend();
  const small = prepare(
    (
      await loadCsv(path.join(tmp, "study.csv"), tmp).catch(async () => {
        writeCreditApplicants(path.join(tmp, "study.csv"), { rows: 4000, seed: 2024 });
        return loadCsv(path.join(tmp, "study.csv"), tmp);
      })
    ).table,
    { ...spec, source: "study.csv" },
  );
  const base: Omit<ModelSpec, "name" | "family" | "layers"> = {
    ...modelSpec({ name: "", family: "dense" }),
    learningRate: 0.05,
    epochs: 30,
    batchSize: 64,
    threshold: 0.27,
    seed: 1,
  };
  for (const m of [
    { ...base, name: "baseline", family: "logistic_regression" as const, layers: [] },
    {
      ...base,
      name: "mlp",
      family: "dense" as const,
      layers: [
        { units: 16, activation: "relu" as const, dropout: 0.3, l2: 0, batchNorm: false },
        { units: 8, activation: "relu" as const, dropout: 0, l2: 0, batchNorm: false },
      ],
      learningRate: 0.01,
      epochs: 25,
    },
  ]) {
    const run = await train(m, small);
    report(
      `train ${m.name} on 2,800 rows, ${m.epochs} epochs (${backend.name})`,
      `${(run.trainingMs / 1000).toFixed(2)} s`,
    );
  }
  const big = await train(
    {
      ...base,
      name: "mlp100k",
      family: "dense",
      layers: [{ units: 16, activation: "relu", dropout: 0.3, l2: 0, batchNorm: false }],
      epochs: 1,
      batchSize: 256,
    },
    prepared,
  );
  report(
    `train a 16-unit net on 70,000 rows, 1 epoch, batch 256 (${backend.name})`,
    `${(big.trainingMs / 1000).toFixed(2)} s`,
  );

  await (await import("./dense")).benchDense(report);

  const walls: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        path.join(PACKAGE_ROOT, "bin", "needlab.js"),
        "run",
        path.join(PACKAGE_ROOT, "notebooks", "credit-risk.ipynb"),
        "--out",
        path.join(tmp, "study.ipynb"),
        "--html",
        path.join(tmp, "study.html"),
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`needlab run failed: ${r.stderr}`);
    walls.push((performance.now() - t) / 1000);
  }
  report("needlab run credit-risk.ipynb → notebook + HTML (median of 3)", `${median(walls).toFixed(1)} s`);
  report("HTML report size", `${(fs.statSync(path.join(tmp, "study.html")).size / 1024 / 1024).toFixed(1)} MB`);
  const rng = createRng(5);
  const N = 1_000_000;
  const sexes = ["female", "male"],
    ages = ["<25", "25-39", "40-59", "60+"],
    regions = ["north", "south", "east", "west", "centre"];
  const yTrue = new Uint8Array(N),
    yPred = new Uint8Array(N),
    yScore = new Float64Array(N);
  const sex = new Array<string>(N),
    age = new Array<string>(N),
    region = new Array<string>(N);
  for (let i = 0; i < N; i++) {
    yTrue[i] = rng.next() < 0.3 ? 1 : 0;
    yScore[i] = Math.min(1, Math.max(0, 0.3 * yTrue[i] + 0.7 * rng.next()));
    yPred[i] = yScore[i] >= 0.5 ? 1 : 0;
    sex[i] = sexes[rng.int(2)];
    age[i] = ages[rng.int(4)];
    region[i] = regions[rng.int(5)];
  }
  const input = {
    yTrue,
    yPred,
    yScore,
    sensitive: [
      ["sex", sex],
      ["age_group", age],
      ["region", region],
    ] as [string, string[]][],
  };
  audit(input, { bootstrap: 10 }); // warm the JIT
  const auditTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    audit(input, { bootstrap: 1000, privileged: { sex: "male" }, seed: i });
    auditTimes.push((performance.now() - t) / 1000);
  }
  const auditSeconds = median(auditTimes);
  report("audit, 1,000,000 rows × 3 sensitive columns, 1,000 bootstrap (median of 3)", `${auditSeconds.toFixed(2)} s`);
  // Fairlearn 0.9 here: about 24 s for the metrics alone on 100,000 rows, i.e. 240 s per million rows.
  report("  speed-up over Fairlearn's measured rate (240 s per million rows)", `${(240 / auditSeconds).toFixed(0)}×`);
  const predsCsv = path.join(tmp, "predictions-1m.csv");
  fs.writeFileSync(
    predsCsv,
    "y_true,y_pred,y_score,sex,age_group,region\n" +
      Array.from(
        { length: N },
        (_, i) => `${yTrue[i]},${yPred[i]},${yScore[i].toFixed(4)},${sex[i]},${age[i]},${region[i]}`,
      ).join("\n") +
      "\n",
  );
  t = performance.now();
  const cliAudit = spawnSync(
    process.execPath,
    [
      path.join(PACKAGE_ROOT, "bin", "needlab.js"),
      "audit",
      predsCsv,
      "--sensitive",
      "sex,age_group,region",
      "--privileged",
      "sex=male",
      "--json",
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (cliAudit.status !== 0) throw new Error(`needlab audit failed: ${cliAudit.stderr}`);
  report(
    "needlab audit CLI on that file as CSV (parse + audit + JSON)",
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const py = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import jupyter_client"]).status === 0);
  if (!py) report("kernel latency", "skipped: no python3 with jupyter_client (apt-get install jupyter-client)");
  else {
    spawnSync(process.execPath, [path.join(PACKAGE_ROOT, "bin", "needlab.js"), "install", "--prefix", tmp]);
    const env = {
      ...process.env,
      JUPYTER_PATH: `${path.join(tmp, "share", "jupyter")}${path.delimiter}${process.env.JUPYTER_PATH ?? ""}`,
    };
    for (const kernel of ["needlab", "python3"]) {
      const r = spawnSync(py, [path.join(PACKAGE_ROOT, "test", "bench", "kernel_latency.py"), kernel], {
        cwd: tmp,
        env,
        encoding: "utf8",
      });
      const line = r.stdout.trim().split("\n").pop() ?? "";
      if (r.status !== 0 || !line.startsWith("{")) {
        report(`kernel ${kernel}`, "not available");
        continue;
      }
      const m = JSON.parse(line.replace(/^[^{]*/, "")) as { startup_s: number; execute_median_ms: number };
      report(`kernel ${kernel}: start-up to kernel_info_reply`, `${m.startup_s.toFixed(2)} s`);
      report(`kernel ${kernel}: execute_request 1+1, median of 20`, `${m.execute_median_ms.toFixed(1)} ms`);
    }
  }
  await (await import("./data")).benchData(report, tmp, PACKAGE_ROOT);
  await benchText(report, PACKAGE_ROOT);
  fs.rmSync(tmp, { recursive: true, force: true });
  await benchLinear(report);
  await benchResources(report);
  benchIsComplete(PACKAGE_ROOT, report);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
