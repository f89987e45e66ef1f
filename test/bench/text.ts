/**
 * Text on Banking77 (../shared/data, 10,003 training and 3,080 test
 * messages, 77 intents): needlab's TF-IDF vectoriser against scikit-learn's
 * TfidfVectorizer with the same settings (uni- and bigrams, min_df 2,
 * sublinear tf), fit on the training messages plus transform of the test
 * messages, run alternately (needlab, scikit-learn, needlab, …) so that the
 * shared machine's load falls on both; reports the time ratios' min, median
 * and max over the pairs, wall and CPU. Then the TF-IDF + logistic regression
 * baseline (needlab's vectoriser and sparse L-BFGS against TfidfVectorizer +
 * LogisticRegression, C 1): test macro F1 and vectorise + train time, in
 * alternating pairs again. Goal (issue 14): macro F1 within 0.01 of
 * scikit-learn's, time at most 1.0×. Last, the `embedding` network
 * (64-dimensional token embedding averaged over the message, softmax; 3
 * epochs of Adam, seeded) and the `conv1d` network (the same embedding, 32
 * filters of 3 tokens, max over positions) trained through needlab's `train`
 * on the wasm backend on the same split: test macro F1 and training time (no
 * scikit-learn counterpart).
 * Skipped with a message where the data or Debian's python3-sklearn is absent.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { multiclassReport } from "../../stdlib/metrics";
import { argmaxRows } from "../../stdlib/rows";
import { fitSparseLogistic, predictSparseLogistic } from "../../stdlib/text/sparse-logistic";
import { fitTransformTfidf, transformTfidf, type TfidfOptions } from "../../stdlib/text/tfidf";
import { DEFAULT_NETWORK, DEFAULT_TEXT, modelSpec } from "../../plan/plan";
import type { Matrix } from "../../stdlib/data/prepare";
import { predictProba, train as trainModel } from "../../stdlib/train";
import { selectBackend } from "../../stdlib/backend";

type Report = (what: string, value: string) => void;

/** Three epochs, on the WebAssembly backend as the kernel trains text networks (the gradients wasm lacks are needlab's own kernels). */
const NETWORK_EPOCHS = 3;
export const BENCH_TFIDF: Partial<TfidfOptions> = { ngramRange: [1, 2], minDf: 2, sublinearTf: true };
const PAIRS = 5;

interface Messages {
  texts: string[];
  labels: string[];
}

export function readMessages(file: string): Messages {
  const rows = Papa.parse<{ text: string; category: string }>(fs.readFileSync(file, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  return { texts: rows.map((r) => r.text), labels: rows.map((r) => r.category) };
}

function python(): string | undefined {
  return ["/usr/bin/python3", "python3"].find(
    (p) => spawnSync(p, ["-c", "import sklearn"], { encoding: "utf8" }).status === 0,
  );
}

function sklearn(py: string, mode: "vectorise" | "baseline", root: string, data: string): Record<string, number> {
  const r = spawnSync(
    py,
    [
      path.join(root, "test", "bench", "text_sklearn.py"),
      mode,
      path.join(data, "banking77_train.csv"),
      path.join(data, "banking77_test.csv"),
    ],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`text_sklearn.py ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(2)}, median ${s[Math.floor(s.length / 2)].toFixed(2)}, max ${s[s.length - 1].toFixed(2)}`;
};

/** Wall and CPU seconds of `work` (CPU: this process, all threads). */
function timed<T>(work: () => T): { value: T; seconds: number; cpu: number } {
  const t = performance.now(),
    c = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(c);
  return { value, seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** needlab's baseline: vectorise, fit the logistic regression, predict the test messages; macro F1. */
function needlabBaseline(train: Messages, test: Messages) {
  const classes = [...new Set(train.labels)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const run = timed(() => {
    const fitted = fitTransformTfidf(train.texts, BENCH_TFIDF);
    const testMatrix = transformTfidf(fitted.model, test.texts).matrix;
    const model = fitSparseLogistic(
      fitted.matrix,
      Int32Array.from(train.labels, (l) => index.get(l)!),
      classes.length,
    );
    return { model, testMatrix };
  });
  const predicted = argmaxRows(predictSparseLogistic(run.value.model, run.value.testMatrix), classes.length);
  const truth = test.labels.map((l) => index.get(l) ?? -1);
  const f1 = multiclassReport(truth, predicted, classes.length).macro.f1;
  return { seconds: run.seconds, cpu: run.cpu, f1, iterations: run.value.model.iterations };
}

/** A text network through needlab's own training (the kernel's path for `model bag: embedding {...}`), on wasm. */
export async function needlabNetwork(train: Messages, test: Messages, family: "embedding" | "conv1d", epochs: number) {
  const classes = [...new Set(train.labels)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const matrix = (m: Messages): Matrix => ({
    x: new Float32Array(0),
    y: Uint8Array.from(m.labels, (l) => index.get(l) ?? 0),
    rows: Int32Array.from(m.texts, (_, i) => i),
    n: m.texts.length,
    texts: m.texts,
  });
  await selectBackend("wasm");
  const spec = modelSpec({
    name: "bag",
    family,
    network: { ...DEFAULT_NETWORK, embeddingDim: 64 },
    epochs,
    batchSize: 64,
    learningRate: 0.01,
  });
  const started = performance.now();
  const run = await trainModel(
    spec,
    {
      train: matrix(train),
      validation: matrix({ texts: [], labels: [] }),
      featureNames: [],
      classNames: classes,
      text: { ...DEFAULT_TEXT, columns: ["text"], maxLength: 48 },
    },
    {
      onEpoch: (log, total) =>
        process.stderr.write(`  ${family} epoch ${log.epoch}/${total}, loss ${log.loss.toFixed(3)}\n`),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const testMatrix = matrix(test);
  const predicted = argmaxRows(predictProba(run.model, testMatrix, 0), classes.length);
  const f1 = multiclassReport(Array.from(testMatrix.y), predicted, classes.length).macro.f1;
  run.model.dispose();
  return { seconds, f1 };
}

/** `root`: the package root (where test/bench/text_sklearn.py is); the data is ../shared/data beside it. */
export async function benchText(report: Report, root: string): Promise<void> {
  const data = path.resolve(root, "..", "shared", "data");
  if (!fs.existsSync(path.join(data, "banking77_train.csv"))) {
    report("text (Banking77)", `skipped: ${path.join(data, "banking77_train.csv")} is absent`);
    return;
  }
  const py = python();
  if (!py) {
    report("text (Banking77)", "skipped: no python3 with scikit-learn (apt-get install python3-sklearn)");
    return;
  }
  const train = readMessages(path.join(data, "banking77_train.csv")),
    test = readMessages(path.join(data, "banking77_test.csv"));
  fitTransformTfidf(train.texts.slice(0, 500), BENCH_TFIDF); // warm the JIT
  const ours: ReturnType<typeof timed>[] = [],
    theirs: Record<string, number>[] = [];
  let features = 0;
  for (let i = 0; i < PAIRS; i++) {
    const run = timed(() => {
      const fitted = fitTransformTfidf(train.texts, BENCH_TFIDF);
      transformTfidf(fitted.model, test.texts);
      return fitted.model.vocabulary.length;
    });
    ours.push(run);
    features = run.value;
    theirs.push(sklearn(py, "vectorise", root, data));
  }
  report(
    `TF-IDF 1-2 grams, min_df 2, Banking77 fit 10,003 + transform 3,080 (${features} vs ${theirs[0].features} terms)`,
    `needlab median ${median(ours.map((r) => r.seconds)).toFixed(2)} s, scikit-learn ${median(theirs.map((r) => r.seconds)).toFixed(2)} s`,
  );
  report(
    `  wall-time ratio needlab / scikit-learn, ${PAIRS} alternating pairs`,
    stats(ours.map((o, i) => o.seconds / theirs[i].seconds)),
  );
  report(`  CPU-time ratio, same pairs`, stats(ours.map((o, i) => o.cpu / theirs[i].cpu_s)));

  const base: ReturnType<typeof needlabBaseline>[] = [],
    ref: Record<string, number>[] = [];
  for (let i = 0; i < PAIRS; i++) {
    base.push(needlabBaseline(train, test));
    ref.push(sklearn(py, "baseline", root, data));
  }
  report(
    "TF-IDF + logistic regression (C 1, lbfgs), Banking77 test macro F1",
    `needlab ${base[0].f1.toFixed(4)} (${base[0].iterations} iterations), scikit-learn ${ref[0].macro_f1.toFixed(4)} (${ref[0].iterations})`,
  );
  report(
    "  vectorise + train, median wall time",
    `needlab ${median(base.map((r) => r.seconds)).toFixed(1)} s, scikit-learn ${median(ref.map((r) => r.seconds)).toFixed(1)} s`,
  );
  report(
    `  wall-time ratio needlab / scikit-learn, ${PAIRS} alternating pairs`,
    stats(base.map((b, i) => b.seconds / ref[i].seconds)),
  );
  report(`  CPU-time ratio, same pairs`, stats(base.map((b, i) => b.cpu / ref[i].cpu_s)));
  const emb = await needlabNetwork(train, test, "embedding", NETWORK_EPOCHS);
  report(
    `embedding network (64 dims, mean over tokens, ${NETWORK_EPOCHS} epochs Adam 0.01, wasm backend), Banking77 test macro F1`,
    `needlab ${emb.f1.toFixed(4)} in ${emb.seconds.toFixed(1)} s of training (the TF-IDF baseline above: ${base[0].f1.toFixed(4)})`,
  );
  const conv = await needlabNetwork(train, test, "conv1d", NETWORK_EPOCHS);
  report(
    `conv1d network (64 dims, 32 filters of 3 tokens, max over positions, ${NETWORK_EPOCHS} epochs, wasm backend), Banking77 test macro F1`,
    `needlab ${conv.f1.toFixed(4)} in ${conv.seconds.toFixed(1)} s of training`,
  );
}
