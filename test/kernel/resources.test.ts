/**
 * What a long session holds on to: retraining a model frees the one it
 * replaces (weights and optimizer slots), redefining a model of any task
 * drops its evaluation, and closing the session frees every tensor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";
import { writeCreditApplicants } from "../../stdlib/synth/credit";
import { writeStoreWeeks } from "../../stdlib/synth/retail";

let dir: string;
let session: Session;

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  const errors = out.outputs.flatMap((o) => (o.output_type === "error" ? [o.evalue] : []));
  expect(errors, code).toEqual([]);
  return outcome;
}
const study = () => session.study;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-resources-"));
  writeCreditApplicants(path.join(dir, "loans.csv"), { rows: 400, seed: 3 });
  writeStoreWeeks(path.join(dir, "sales.csv"), { stores: 4, weeks: 30, seed: 2 });
  session = new Session(dir);
  await run(`%%needs
needs ok { must accuracy >= 0.1 }
needs fit { must r2 >= -100 }
needs classes { must accuracy >= 0.1 }
dataset loans {
  source "loans.csv"
  target default positive "bad"
  drop applicant_id
  seed 5
}
dataset grades {
  source "loans.csv"
  target age_group multiclass
  drop applicant_id, default
  seed 5
}
dataset sales {
  source "sales.csv"
  target units_sold regression
  drop week
  seed 5
}
model m: dense { layer 8 relu epochs 1 batch_size 64 seed 1 }`);
}, 300_000);

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("resources", () => {
  it("100 train cycles of one model keep the tensor count constant and memory flat", async () => {
    await run("%%needs\ntrain m on loans");
    const tensors = tf.memory().numTensors;
    global.gc?.();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 100; i++) await run("%%needs\ntrain m on loans");
    global.gc?.();
    const grown = (process.memoryUsage().rss - rss) / 2 ** 20;
    console.log(
      `100 train cycles: numTensors ${tensors} → ${tf.memory().numTensors}, RSS growth ${grown.toFixed(1)} MB`,
    );
    expect(tf.memory().numTensors).toBe(tensors);
    expect(grown).toBeLessThan(50);
  }, 600_000);

  it("redefining a binary, a multiclass or a regression model drops its evaluation", async () => {
    const cases = [
      { name: "bin", data: "loans", needs: "ok", handle: "evaluation" },
      { name: "multi", data: "grades", needs: "classes", handle: "multiclass" },
      { name: "reg", data: "sales", needs: "fit", handle: "regression" },
    ] as const;
    for (const c of cases) {
      const model = `model ${c.name}: dense { layer 4 relu epochs 1 seed 1 }`;
      await run(`%%needs\n${model}\ntrain ${c.name} on ${c.data}\nevaluate ${c.name} against ${c.needs}`);
      expect(study().evaluations.get(c.name)?.task).toBe(c.data === "loans" ? "binary" : c.handle);
      const handle = study().binding(c.name) as Record<string, unknown>;
      expect(handle[c.handle]).toBeDefined();
      await run(`%%needs\n${model}`);
      expect(study().evaluations.has(c.name)).toBe(false);
      expect(handle[c.handle]).toBeUndefined();
      expect(study().trained.has(c.name)).toBe(false);
    }
  }, 300_000);

  it("redefining a dataset forgets the models trained on it and their evaluations", async () => {
    await run("%%needs\nmodel d: dense { layer 4 relu epochs 1 seed 1 }\ntrain d on loans\nevaluate d against ok");
    const before = tf.memory().numTensors;
    await run(`%%needs
dataset loans {
  source "loans.csv"
  target default positive "bad"
  drop applicant_id
  seed 6
}`);
    expect(study().trained.has("d")).toBe(false);
    expect(study().evaluations.has("d")).toBe(false);
    expect(tf.memory().numTensors).toBeLessThan(before);
  }, 300_000);

  it("closing the session frees every model's tensors", async () => {
    await run("%%needs\ntrain m on loans");
    expect(study().trained.size).toBeGreaterThan(0);
    const held = tf.memory().numTensors;
    session.close();
    expect(study().trained.size).toBe(0);
    expect(tf.memory().numTensors).toBeLessThan(held);
  });
});
