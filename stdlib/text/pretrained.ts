/**
 * `pretrained "path"`: start a text network's embedding from vectors on this
 * machine (nothing is downloaded). Two forms:
 *
 *   a text file of `token v1 v2 … vD` lines (GloVe's and fastText's .vec
 *   layout; a first line of two numbers, fastText's header, is skipped);
 *   a folder a needlab export wrote (model.json + weights.bin + vectorizer.json):
 *   the rows of its first embedding weight, by its vocabulary's tokens.
 *
 * Each token of the new vocabulary found there starts from its vector; the
 * others (and padding, out of vocabulary) start from small seeded values as usual.
 */
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { NeedlabError } from "../errors";
import { createRng, deriveSeed } from "../random";
import type { SequenceVocabulary } from "./sequences";

function fromTextFile(file: string): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  lines.forEach((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2 || (i === 0 && parts.length === 2 && parts.every((p) => /^\d+$/.test(p)))) return;
    const values = Float32Array.from(parts.slice(1), Number);
    if (values.some((v) => !Number.isFinite(v)))
      throw new NeedlabError(
        `${file}, line ${i + 1}: not \`token v1 v2 ...\` with numbers; give a vectors file in that layout.`,
      );
    vectors.set(parts[0], values);
  });
  return vectors;
}

function fromExport(dir: string): Map<string, Float32Array> {
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  const model = JSON.parse(read("model.json").toString("utf8"));
  const vocab = JSON.parse(read("vectorizer.json").toString("utf8")) as SequenceVocabulary;
  if (vocab.format !== "needlab-sequences")
    throw new NeedlabError(
      `${dir} holds a TF-IDF model, not a text network: pretrained vectors come from an embedding, conv1d or gru export.`,
    );
  const specs = model.weightsManifest[0].weights as { name: string; shape: number[] }[];
  const bytes = read("weights.bin");
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a + b, 1);
    if (/embedding/.test(s.name) && s.shape.length === 2) {
      const [, d] = s.shape;
      return new Map(vocab.tokens.map((t, i) => [t, all.slice(offset + (i + 2) * d, offset + (i + 3) * d)]));
    }
    offset += size;
  }
  throw new NeedlabError(`${dir}: its model has no embedding weight; export an embedding, conv1d or gru model.`);
}

/** The starting embedding table [vocabulary rows × dim], or a message naming the fix. */
export function pretrainedEmbeddings(
  where: string,
  baseDir: string,
  vocab: SequenceVocabulary,
  dim: number,
  spec: { name: string; seed: number },
): tf.Tensor2D {
  const model = spec.name;
  const file = path.resolve(baseDir, where);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat)
    throw new NeedlabError(
      `model '${model}': pretrained "${where}" does not exist; give a vectors file or an exported model folder.`,
    );
  const vectors = stat.isDirectory() ? fromExport(file) : fromTextFile(file);
  const first = vectors.values().next().value as Float32Array | undefined;
  if (!first) throw new NeedlabError(`model '${model}': pretrained "${where}" holds no vectors.`);
  if (first.length !== dim)
    throw new NeedlabError(
      `model '${model}': the vectors in "${where}" have ${first.length} dimensions, the embedding ${dim}: set \`embedding_dim ${first.length}\`.`,
    );
  const rows = vocab.tokens.length + 2;
  const rng = createRng(deriveSeed(spec.seed, "pretrained"));
  const table = Float32Array.from({ length: rows * dim }, () => (rng.next() - 0.5) * 0.1);
  let found = 0;
  vocab.tokens.forEach((t, i) => {
    const v = vectors.get(t);
    if (v && v.length === dim) (table.set(v, (i + 2) * dim), found++);
  });
  if (found === 0)
    throw new NeedlabError(
      `model '${model}': none of the ${vocab.tokens.length} tokens of the training messages is in "${where}"; check that it is a vectors file for this language and casing.`,
    );
  return tf.tensor2d(table, [rows, dim]);
}
