/**
 * The TF-IDF + logistic regression baseline on the real Banking77 messages
 * (../shared/data, 10,003 training messages, 77 intents), declared and
 * trained through a kernel session: its test macro F1 is within 0.01 of
 * scikit-learn's TfidfVectorizer + LogisticRegression on the same split with
 * the same settings. Skipped, saying so, when the data folder is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { cellValue, runCell } from "../helpers/run-cell";
import { SHARED_DATA_ABSENT, sharedData } from "../helpers/real-binary";
import { requireTool, systemPython } from "../helpers/tools";

const DATA = sharedData("banking77_train.csv");
const TRAIN = path.join(DATA ?? "", "banking77_train.csv");

let dir: string;
let session: Session;

const run = (code: string) => runCell(session, code);
const json = <T>(expr: string) => cellValue<T>(session, dir, expr);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-b77-"));
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Banking77: the TF-IDF baseline against scikit-learn", () => {
  it("reaches scikit-learn's macro F1 within 0.01 on the same split", async ({ skip }) => {
    if (!DATA) skip(SHARED_DATA_ABSENT);
    const r = await run(`%%needs
dataset intents {
  source ${JSON.stringify(TRAIN)}
  target category multiclass
  text text ngrams 1 to 2 min_count 2 sublinear_tf
  split train 80%, test 20%
  stratify
  seed 7
}
needs support { must f1 >= 0.8 }
model baseline: logistic_regression
train baseline on intents
evaluate baseline against support`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    const ours = await json<number>("baseline.multiclass!.metrics.f1");
    if (!requireTool("python3 with scikit-learn", systemPython(["sklearn"]), "apt-get install python3-sklearn")) return;
    const split = await json<{ train: number[]; test: number[] }>(
      "{ train: Array.from(intents.split.train), test: Array.from(intents.split.test) }",
    );
    const py = spawnSync(
      systemPython(["sklearn"])!,
      [
        path.join(__dirname, "text_sklearn.py"),
        TRAIN,
        "text",
        "category",
        JSON.stringify(split),
        JSON.stringify({ ngram_range: [1, 2], min_df: 2, sublinear_tf: true }),
      ],
      { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
    );
    expect(py.status, py.stderr).toBe(0);
    const ref = JSON.parse(py.stdout) as { macro_f1: number; features: number };
    console.log(`Banking77 macro F1: needlab ${ours.toFixed(4)}, scikit-learn ${ref.macro_f1.toFixed(4)}`);
    expect(ours).toBeGreaterThan(0.8);
    expect(Math.abs(ours - ref.macro_f1)).toBeLessThan(0.01);
  }, 600_000);
});
