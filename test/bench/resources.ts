/**
 * What a long session holds: full study cycles (train two models, evaluate,
 * show every binary chart, explain, compare) in one session, with the tensor
 * count and resident memory every 10 cycles. Before the re-cut each cycle
 * left 28 tensors behind (replaced models and their optimizers' slots).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { OutputCollector } from "../../kernel/notebook";
import { Session } from "../../kernel/session";
import { writeCreditApplicants } from "../../stdlib/synth/credit";

type Report = (what: string, value: string) => void;

export async function benchResources(report: Report, cycles = 30): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-resources-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 1000, seed: 3 });
  const session = new Session(dir);
  const run = async (code: string) => {
    const outcome = await session.execute(code, new OutputCollector(1));
    if (outcome.status !== "ok") throw new Error(`bench cell failed: ${outcome.evalue}`);
  };
  await run(`%%needs
needs ok { must roc_auc >= 0.6 must demographic_parity_difference <= 0.2 by sex }
dataset loans { source "loans.csv" target default positive "bad" drop applicant_id sensitive sex seed 5 }
model a: logistic_regression { optimizer adam epochs 5 seed 1 }
model b: dense { layer 16 relu dropout 20% layer 8 relu epochs 5 seed 1 }`);
  const mb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
  const seen: string[] = [];
  for (let i = 1; i <= cycles; i++) {
    await run(`%%needs
train a, b on loans
evaluate a, b against ok
show roc, pr, calibration, thresholds, groups
explain b
compare a, b against ok`);
    if (i % 10 === 0) seen.push(`cycle ${i}: ${tf.memory().numTensors} tensors, RSS ${mb()} MB`);
  }
  session.close();
  report(
    `resources: ${cycles} full cycles in one session`,
    `${seen.join("; ")}; after close ${tf.memory().numTensors} tensors`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
