/**
 * Dense nets against PyTorch: the MLP 20→64→32→1 (ReLU, Adam 1e-3) on 20
 * seeded synthetic features, trained through needlab's own `train()` (what a
 * notebook gets) and by PyTorch 1.13 on one thread (Debian's python3-torch,
 * test/bench/dense_torch.py), alternating needlab and PyTorch run by run so
 * both see the same machine load. Samples per second and the ratio
 * needlab / PyTorch, min / median / max over the pairs, at batch 32, 256, 1024;
 * by wall clock, and by each process's CPU time (steadier on a shared machine).
 *
 *   node dist/test/bench/dense.js [pairs]     (or as part of `npm run bench`)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { modelSpec, type ModelSpec } from "../../plan/plan";
import { PACKAGE_ROOT } from "../../kernel/session";
import { initBackend } from "../../stdlib/backend";
import type { Matrix } from "../../stdlib/data/prepare";
import { createRng } from "../../stdlib/random";
import { train, type TrainingData } from "../../stdlib/train";

const ROWS = 32_768;
const WIDTH = 20;
/** Samples per run: 8 epochs over the rows. */
const EPOCHS = 8;

function syntheticData(): TrainingData {
  const rng = createRng(20);
  const x = Float32Array.from({ length: ROWS * WIDTH }, () => rng.normal());
  const coef = Array.from({ length: WIDTH }, () => rng.normal());
  const y = Uint8Array.from({ length: ROWS }, (_, i) => {
    let s = 0.5 * rng.normal();
    for (let j = 0; j < WIDTH; j++) s += coef[j] * x[i * WIDTH + j] * (j % 2 ? 1 : x[i * WIDTH + j]);
    return s > 0 ? 1 : 0;
  });
  const empty: Matrix = { x: new Float32Array(0), y: new Uint8Array(0), rows: new Int32Array(0), n: 0 };
  return {
    train: { x, y, rows: Int32Array.from({ length: ROWS }, (_, i) => i), n: ROWS },
    validation: empty,
    featureNames: Array.from({ length: WIDTH }, (_, i) => `x${i}`),
  };
}

const mlp = (batchSize: number): ModelSpec => ({
  ...modelSpec({ name: "mlp", family: "dense" }),
  layers: [
    { units: 64, activation: "relu", dropout: 0, l2: 0, batchNorm: false },
    { units: 32, activation: "relu", dropout: 0, l2: 0, batchNorm: false },
  ],
  optimizer: "adam",
  learningRate: 1e-3,
  epochs: EPOCHS,
  batchSize,
  seed: 1,
});

const ratioLine = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(2)}× / ${s[Math.floor(s.length / 2)].toFixed(2)}× / ${s[s.length - 1].toFixed(2)}×`;
};

/** The PyTorch peer as a long-lived process answering "BATCH EPOCHS" lines, or why it is absent. */
async function startTorch(data: TrainingData, dir: string) {
  const py = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import torch, numpy"]).status === 0);
  if (!py) return "skipped: no python3 with torch (apt-get install python3-torch)";
  const file = path.join(dir, "dense.f32");
  const y = Float32Array.from(data.train.y);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(data.train.x.buffer), Buffer.from(y.buffer)]));
  const child = spawn(
    py,
    [path.join(PACKAGE_ROOT, "test", "bench", "dense_torch.py"), file, String(ROWS), String(WIDTH)],
    {
      stdio: ["pipe", "pipe", "inherit"],
      cwd: dir,
    },
  );
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, number | string>;
  const version = (await next()).ready;
  return {
    version,
    run: async (batch: number) => {
      child.stdin.write(`${batch} ${EPOCHS}\n`);
      return (await next()) as { seconds: number; cpu: number; loss: number };
    },
    stop: () => child.stdin.end(),
  };
}

export async function benchDense(report: (what: string, value: string) => void, pairs = 5): Promise<void> {
  const data = syntheticData();
  const backend = await initBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-bench-dense-"));
  try {
    const torch = await startTorch(data, dir);
    if (typeof torch === "string") report("dense MLP 20→64→32→1 vs PyTorch", torch);
    const samples = ROWS * EPOCHS;
    for (const batch of [32, 256, 1024]) {
      await train({ ...mlp(batch), epochs: 1 }, data); // warm the JIT and the kernel
      const ours: number[] = [],
        theirs: number[] = [],
        oursCpu: number[] = [],
        theirsCpu: number[] = [];
      let trainedBy = "";
      for (let i = 0; i < pairs; i++) {
        const started = performance.now(),
          cpu = process.cpuUsage();
        const run = await train(mlp(batch), data);
        const used = process.cpuUsage(cpu);
        ours.push(samples / ((performance.now() - started) / 1000));
        oursCpu.push(samples / ((used.user + used.system) / 1e6));
        trainedBy = run.path ?? "exact";
        if (typeof torch === "string") continue;
        const peer = await torch.run(batch);
        theirs.push(samples / peer.seconds);
        theirsCpu.push(samples / peer.cpu);
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      report(
        `MLP 20→64→32→1, batch ${batch}: needlab train() (${trainedBy}, ${backend.name}), median samples/s`,
        `${Math.round(med(ours)).toLocaleString("en")}`,
      );
      if (typeof torch === "string") continue;
      report(
        `  PyTorch ${torch.version} one thread, median samples/s`,
        `${Math.round(med(theirs)).toLocaleString("en")}`,
      );
      report(
        `  needlab / PyTorch, min / median / max of ${pairs} alternating pairs`,
        ratioLine(ours.map((v, i) => v / theirs[i])),
      );
      // On a shared machine the wall clock counts the others' load too; CPU time counts only each side's own work.
      report(
        `  the same by CPU time (samples per CPU second), min / median / max`,
        ratioLine(oursCpu.map((v, i) => v / theirsCpu[i])),
      );
    }
    if (typeof torch !== "string") torch.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const pairs = Number(process.argv[2] ?? 5);
  benchDense((what, value) => process.stdout.write(`${what.padEnd(90)} ${value}\n`), pairs).catch((e) => {
    process.stderr.write(`dense bench failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  });
}
