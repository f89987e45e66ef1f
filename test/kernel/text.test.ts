/**
 * Text datasets and every text model kind through a kernel session: a
 * `text` column declared in a dataset block, the TF-IDF baseline (held to
 * scikit-learn's TfidfVectorizer + LogisticRegression), the embedding,
 * conv1d, gru and transformer networks trained on a small seeded corpus and
 * judged against needs; the same notebook gives the same numbers; the export
 * predicts the same from plain tfjs; `pretrained` vectors start the embedding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { cellValue, runCell } from "../helpers/run-cell";
import { textCorpus, writeCorpus } from "../helpers/text-corpus";
import { requireTool, systemPython } from "../helpers/tools";

let dir: string;
let session: Session;
const corpus = textCorpus(240, 1);

async function run(code: string) {
  const { outcome, text } = await runCell(session, code);
  return { outcome, text: outcome.status === "error" ? `${text}\n${outcome.evalue}` : text };
}

const json = <T>(expr: string) => cellValue<T>(session, dir, expr);

const DATASET = (name: string, target = "intent multiclass", extra = "") => `%%needs
dataset ${name} {
  source "msgs.csv"
  target ${target}
  text message ngrams 1 to 2 sublinear_tf max_length 10
  sensitive channel${extra}
  split train 70%, validation 10%, test 20%
  stratify
  seed 3
}`;

function sklearnBaseline(split: { train: number[]; test: number[] }, label: string) {
  const py = systemPython(["sklearn"])!;
  const r = spawnSync(
    py,
    [
      path.join(__dirname, "text_sklearn.py"),
      path.join(dir, "msgs.csv"),
      "message",
      label,
      JSON.stringify(split),
      JSON.stringify({ ngram_range: [1, 2], sublinear_tf: true }),
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { classes: string[]; proba: number[][]; macro_f1: number };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-text-"));
  writeCorpus(path.join(dir, "msgs.csv"), corpus, {
    lost: corpus.map((r) => (r.intent === "card_lost" ? "yes" : "no")),
  });
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("text datasets and models in a session", () => {
  it("declares a text dataset: the message column is read as text, not refused as free text", async () => {
    const r = await run(DATASET("msgs", "intent multiclass", "\n  drop lost"));
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    expect(r.text).toContain("Dataset msgs");
    // The summary names the message column and how models read it, and no "0 columns → 0 model inputs".
    expect(r.text).toContain(
      "text            message: one message per row; each model fits its own vectoriser on the training messages (TF-IDF of word 1- to 2-grams; networks: up to 10 tokens)",
    );
    expect(r.text).not.toContain("model inputs");
    const shape = await json<number[]>("[msgs.featureNames.length, msgs.train.texts!.length, msgs.test.texts!.length]");
    expect(shape).toEqual([0, 168, 48]);
    const first = await json<string[]>("msgs.test.texts!.slice(0, 3)");
    const rows = await json<number[]>("Array.from(msgs.test.rows.slice(0, 3))");
    expect(first).toEqual(rows.map((r) => corpus[r].message));
  }, 120_000);

  it("trains the TF-IDF baseline to scikit-learn's probabilities and judges it against the needs", async () => {
    const r = await run(`%%needs
needs support { must accuracy >= 0.5 }
model base: logistic_regression
train base on msgs
evaluate base against support`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    expect(r.text).toMatch(/accuracy >= 0\.5\s+must\s+\d\.\d+ \[/);
    if (!requireTool("python3 with scikit-learn", systemPython(["sklearn"]), "apt-get install python3-sklearn")) return;
    const split = await json<{ train: number[]; test: number[] }>(
      "{ train: Array.from(msgs.split.train), test: Array.from(msgs.split.test) }",
    );
    const ours = await json<number[]>("Array.from(base.predictProba())");
    const ref = sklearnBaseline(split, "intent");
    expect(await json<string[]>("msgs.classNames")).toEqual(ref.classes);
    expect(maxAbsDiff(ours, ref.proba.flat())).toBeLessThan(2e-3);
  }, 120_000);

  for (const [kind, settings] of [
    ["embedding", "embedding_dim 16 epochs 8 learning_rate 0.05"],
    ["conv1d", "embedding_dim 16 units 16 epochs 4 learning_rate 0.02"],
    ["gru", "embedding_dim 8 units 8 epochs 3 learning_rate 0.05"],
    ["transformer", "embedding_dim 16 heads 2 units 16 epochs 4 learning_rate 0.01"],
  ])
    it(`trains a ${kind} network that beats chance`, async () => {
      const r = await run(`%%needs
model net_${kind}: ${kind} { ${settings} }
train net_${kind} on msgs
evaluate net_${kind} against support`);
      expect(r.outcome, r.text).toEqual({ status: "ok" });
      const accuracy = await json<number>(`net_${kind}.multiclass!.metrics.accuracy`);
      expect(accuracy).toBeGreaterThan(0.5); // four balanced intents: chance is 0.25
    }, 300_000);

  it("gives the same predictions when a network is trained again (seeded)", async () => {
    const before = await json<number[]>("Array.from(net_embedding.predictProba())");
    const r = await run("%%needs\ntrain net_embedding on msgs");
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    expect(await json<number[]>("Array.from(net_embedding.predictProba())")).toEqual(before);
  }, 300_000);

  it("exports the vectoriser with the model; predict.js with plain tfjs predicts what the kernel does", async () => {
    const r = await run(`%%needs\nexport base, net_embedding to "exported"`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    const messages = await json<string[]>("msgs.test.texts");
    const require = createRequire(__filename);
    for (const m of ["base", "net_embedding"]) {
      const folder = path.join(dir, "exported", m);
      // net_embedding was trained again after its evaluation, so it has no evaluation.json.
      const files = [
        "model-card.md",
        "model.json",
        "predict.js",
        "preprocessing.json",
        "vectorizer.json",
        "weights.bin",
      ];
      expect(fs.readdirSync(folder).sort()).toEqual(m === "base" ? ["evaluation.json", ...files] : files);
      const exported = await require(path.join(folder, "predict.js")).load(folder, require("@tensorflow/tfjs"));
      const theirs = (exported.predict(messages) as number[][]).flat();
      const ours = await json<number[]>(`Array.from(${m}.predictProba())`);
      expect(theirs.length).toBe(ours.length);
      expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-6);
      exported.model.dispose();
    }
    const code = await run("%%needs\nshow code for base, net_embedding");
    expect(code.text).toContain(
      'const tfidf = fitTransformTfidf(trainTexts, {"lowercase":true,"unicode":"none","placeholders":[],"analyzer":"word","ngramRange":[1,2]',
    );
    expect(code.text).toContain("const model = buildTextNetwork(");
  }, 120_000);

  it("starts an embedding from a pretrained vectors file, and says which embedding_dim fits one that differs", async () => {
    const vectors = ["card", "refund", "balance", "transfer"].map((t, i) =>
      [t, ...Array.from({ length: 8 }, (_, j) => ((i + 1) * 0.1 + j * 0.01).toFixed(2))].join(" "),
    );
    fs.writeFileSync(path.join(dir, "vectors.txt"), vectors.join("\n") + "\n");
    const wrong = await run(`%%needs
model pt_wrong: embedding { embedding_dim 16 pretrained "vectors.txt" epochs 1 }
train pt_wrong on msgs`);
    expect(wrong.outcome.status).toBe("error");
    expect(wrong.text).toContain(
      'the vectors in "vectors.txt" have 8 dimensions, the embedding 16: set `embedding_dim 8`',
    );
    const ok = await run(`%%needs
model pt: embedding { embedding_dim 8 pretrained "vectors.txt" epochs 1 learning_rate 0.0000001 }
train pt on msgs`);
    expect(ok.outcome, ok.text).toEqual({ status: "ok" });
    const table = await json<number[][]>(
      `(pt.trained!.model.getLayer("embedding").getWeights()[0].arraySync() as number[][])`,
    );
    for (const line of vectors) {
      const v = line.split(" ").slice(1).map(Number);
      expect(table.some((row) => maxAbsDiff(row, v) < 1e-4)).toBe(true);
    }
    // The folder of an exported network: its token vectors, by its vocabulary.
    const warm = await run(`%%needs
model warm: embedding { embedding_dim 16 pretrained "exported/net_embedding" epochs 1 learning_rate 0.0000001 }
train warm on msgs`);
    expect(warm.outcome, warm.text).toEqual({ status: "ok" });
    const ours = await json<number[][]>(
      `(warm.trained!.model.getLayer("embedding").getWeights()[0].arraySync() as number[][])`,
    );
    const source = await json<number[][]>(
      `(net_embedding.trained!.model.getLayer("embedding").getWeights()[0].arraySync() as number[][])`,
    );
    // Same training messages, same vocabulary: every token's row (ids 2 and up) starts where the exported one ended.
    expect(maxAbsDiff(ours.slice(2).flat(), source.slice(2).flat())).toBeLessThan(1e-4);
  }, 120_000);

  it("takes a binary target on text: the baseline equals scikit-learn's binary logistic regression", async () => {
    const r = await run(`${DATASET("lost_msgs", 'lost positive "yes"', "\n  drop intent")}
model lost_base: logistic_regression
train lost_base on lost_msgs`);
    expect(r.outcome, r.text).toEqual({ status: "ok" });
    if (!requireTool("python3 with scikit-learn", systemPython(["sklearn"]), "apt-get install python3-sklearn")) return;
    const split = await json<{ train: number[]; test: number[] }>(
      "{ train: Array.from(lost_msgs.split.train), test: Array.from(lost_msgs.split.test) }",
    );
    const ours = await json<number[]>("Array.from(lost_base.predictProba())");
    const ref = sklearnBaseline(split, "lost");
    expect(ref.classes).toEqual(["no", "yes"]);
    expect(
      maxAbsDiff(
        ours,
        ref.proba.map((p) => p[1]),
      ),
    ).toBeLessThan(2e-3);
  }, 120_000);
});
