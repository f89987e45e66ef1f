/**
 * Logistic regression on Adult (adult_train.csv in ../shared/data, prepared
 * as a needlab dataset block prepares it: 80% training rows, stratified,
 * seed 1): needlab's train() (exact solver, C = 1) against scikit-learn's
 * LogisticRegression(solver="lbfgs", C=1, max_iter=1000).fit on the very same
 * matrix, alternating in one run, one fit each per pair, after one warm-up
 * each. Reports each side's median time and the ratio scikit-learn / needlab
 * (above 1: needlab is faster) as min / median / max over the pairs. Skips,
 * saying so, without the data or Debian's python3-sklearn.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { modelSpec } from "../../plan/plan";
import { train } from "../../stdlib/train";
import { initBackend } from "../../stdlib/backend";
import { prepareReal, sharedData } from "../helpers/real-binary";

type Report = (what: string, value: string) => void;

const PAIRS = 7;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];

/** The peer: one Python process, asked to fit once per line. */
function startPeer(python: string, args: string[]) {
  const env = { ...process.env };
  // These slow numpy's BLAS on this machine; they are set for the tfjs side only.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const child = spawn(python, [path.join(__dirname, "..", "..", "..", "test", "bench", "linear_peer.py"), ...args], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  return {
    ready: next,
    fit: async (): Promise<{ seconds: number; n_iter: number; coef: number[] }> => {
      child.stdin!.write("fit\n");
      return next();
    },
    stop: () => child.stdin!.end(),
  };
}

export async function benchLinear(report: Report): Promise<void> {
  const dir = sharedData();
  if (!dir) return report("logistic regression on Adult vs scikit-learn", "skipped: ../shared/data is absent");
  const python = ["/usr/bin/python3", "python3"].find(
    (p) => spawnSync(p, ["-c", "import sklearn, numpy"]).status === 0,
  );
  if (!python)
    return report(
      "logistic regression on Adult vs scikit-learn",
      "skipped: no python3-sklearn (apt-get install python3-sklearn)",
    );
  await initBackend();
  const data = await prepareReal(dir, { source: "adult_train.csv", target: "income", positive: ">50K" });
  const { n } = data.train,
    d = data.featureNames.length;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-bench-linear-"));
  const xFile = path.join(tmp, "x.f32"),
    yFile = path.join(tmp, "y.u8");
  fs.writeFileSync(xFile, Buffer.from(data.train.x.buffer, data.train.x.byteOffset, data.train.x.byteLength));
  fs.writeFileSync(yFile, Buffer.from(data.train.y.buffer, data.train.y.byteOffset, data.train.y.byteLength));
  const peer = startPeer(python, [xFile, String(n), String(d), yFile, "1"]);
  await peer.ready();
  const spec = modelSpec({ name: "lr", family: "logistic_regression", l2: 1 });
  const ours: number[] = [],
    theirs: number[] = [];
  let last: Awaited<ReturnType<typeof train>> | undefined, peerLast: Awaited<ReturnType<typeof peer.fit>> | undefined;
  try {
    for (let pair = 0; pair <= PAIRS; pair++) {
      last?.model.dispose();
      const started = performance.now();
      last = await train(spec, data);
      const ms = performance.now() - started;
      peerLast = await peer.fit();
      // Pair 0 warms both up (JIT, caches) and is not counted.
      if (pair > 0) {
        ours.push(ms / 1000);
        theirs.push(peerLast.seconds);
      }
    }
  } finally {
    peer.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const [kernel, bias] = last!.model.getLayer("output").getWeights();
  const coef = [...Array.from(kernel.dataSync()), bias.dataSync()[0]];
  const scale = Math.max(...peerLast!.coef.map(Math.abs));
  const gap = Math.max(...coef.map((v, i) => Math.abs(v - peerLast!.coef[i]))) / scale;
  last!.model.dispose();
  const ratios = sorted(ours.map((t, i) => theirs[i] / t));
  const title = `logistic regression, Adult ${n.toLocaleString("en")} × ${d}`;
  report(`${title}: needlab train() (${last!.solver}), median of ${PAIRS}`, `${(median(ours) * 1000).toFixed(0)} ms`);
  report(
    `${title}: scikit-learn lbfgs fit (${peerLast!.n_iter} iterations), median`,
    `${(median(theirs) * 1000).toFixed(0)} ms`,
  );
  report(
    `  speed ratio scikit-learn / needlab, min / median / max of ${PAIRS} pairs`,
    `${ratios[0].toFixed(2)}× / ${median(ratios).toFixed(2)}× / ${ratios[ratios.length - 1].toFixed(2)}×`,
  );
  report(`  largest coefficient difference, relative to the largest coefficient`, gap.toExponential(1));
}

/** `node dist/test/bench/linear.js`: this benchmark alone. */
if (require.main === module)
  benchLinear((what, value) => process.stdout.write(`${what.padEnd(66)} ${value}\n`)).catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  });
