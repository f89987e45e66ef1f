/**
 * Text on Banking77 (../shared/data, 10,003 training and 3,080 test
 * messages, 77 intents): needlab's TF-IDF vectoriser against scikit-learn's
 * TfidfVectorizer with the same settings (uni- and bigrams, min_df 2,
 * sublinear tf), fit on the training messages plus transform of the test
 * messages, run alternately (needlab, scikit-learn, needlab, …) so that the
 * shared machine's load falls on both; reports the time ratio's min, median
 * and max over the pairs. Then scikit-learn's TF-IDF + LogisticRegression
 * macro F1 and time, the baseline a text model is held to.
 * Skipped with a message where the data or Debian's python3-sklearn is absent.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { fitTransformTfidf, transformTfidf, type TfidfOptions } from "../../stdlib/text/tfidf";

type Report = (what: string, value: string) => void;

export const BENCH_TFIDF: Partial<TfidfOptions> = { ngramRange: [1, 2], minDf: 2, sublinearTf: true };
const PAIRS = 5;

function readMessages(file: string): { texts: string[]; labels: string[] } {
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

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(2)}, median ${s[Math.floor(s.length / 2)].toFixed(2)}, max ${s[s.length - 1].toFixed(2)}`;
};

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
  const ours: number[] = [],
    theirs: number[] = [];
  let features = 0,
    theirFeatures = 0;
  for (let i = 0; i < PAIRS; i++) {
    const t = performance.now();
    const fitted = fitTransformTfidf(train.texts, BENCH_TFIDF);
    transformTfidf(fitted.model, test.texts);
    ours.push((performance.now() - t) / 1000);
    features = fitted.model.vocabulary.length;
    const ref = sklearn(py, "vectorise", root, data);
    theirs.push(ref.seconds);
    theirFeatures = ref.features;
  }
  report(
    `TF-IDF 1-2 grams, Banking77 fit 10,003 + transform 3,080 (${features} vs ${theirFeatures} terms)`,
    `needlab median ${[...ours].sort((a, b) => a - b)[2].toFixed(2)} s, scikit-learn ${[...theirs].sort((a, b) => a - b)[2].toFixed(2)} s`,
  );
  report(
    `  time ratio needlab / scikit-learn over ${PAIRS} alternating pairs`,
    stats(ours.map((o, i) => o / theirs[i])),
  );
  const base = sklearn(py, "baseline", root, data);
  report(
    "scikit-learn TF-IDF + LogisticRegression on Banking77 (the baseline)",
    `macro F1 ${base.macro_f1.toFixed(4)}, vectorise ${base.vectorise_s.toFixed(2)} s + train ${base.train_s.toFixed(2)} s`,
  );
}
