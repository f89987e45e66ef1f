/**
 * Provenance: a manifest of what produced a run's results (each data file's
 * sha256 and rows, each DSL cell's text hash, needlab / TensorFlow.js / Node
 * versions, the backend and training path, the seeds, the parameters, start
 * and end time). `needlab run` stores it in the executed notebook's
 * `metadata.needlab.provenance`; every export puts it in its model card;
 * `needlab diff` compares two of them.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../runtime";
import type { StudyState } from "./state";

export interface DataProvenance {
  dataset: string;
  /** Relative to the notebook's folder. */
  file: string;
  sha256: string | null;
  bytes: number | null;
  rows: number;
}

export interface ModelProvenance {
  model: string;
  dataset: string;
  backend: string;
  /** fused-wasm or tfjs-layers for gradient training; exact for solved linear models. */
  training: string;
  solver?: string;
  epochs: number;
}

export interface Manifest {
  needlab: string;
  tfjs: string;
  node: string;
  backend: { name: string; label: string } | null;
  started: string;
  ended: string;
  /** The notebook's parameters as they stood (`param` declarations, values injected by `needlab run -p`); empty when none. */
  parameters: Record<string, unknown>;
  data: DataProvenance[];
  /** sha256 of each DSL cell's text, in the order run; `cell` (1-based) and `id` where it came from a notebook. */
  dsl: { cell?: number; id?: string; sha256: string }[];
  models: ModelProvenance[];
  /** Every seed that decided a number: "dataset NAME" (its split), "model NAME" (its initial weights, shuffling, dropout). */
  seeds: Record<string, number>;
}

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

const packageVersion = (file: string): string => {
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

/** The installed TensorFlow.js, read from its package.json so that tfjs itself is not loaded for it. */
function tfjsVersion(): string {
  try {
    return packageVersion(require.resolve("@tensorflow/tfjs/package.json"));
  } catch {
    return "unknown";
  }
}

/** A file's hash, remembered by path, size and mtime: a study exporting several models hashes its data once. */
const hashes = new Map<string, string>();
function fileHash(file: string): { sha256: string | null; bytes: number | null } {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return { sha256: null, bytes: null };
  const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
  let hash = hashes.get(key);
  if (!hash) hashes.set(key, (hash = sha256(fs.readFileSync(file))));
  return { sha256: hash, bytes: stat.size };
}

/** The manifest of the study as it stands; `dsl` and `ended` given by the caller when it knows better (a notebook's cells, the run's end). */
export function manifestOf(
  state: StudyState,
  baseDir: string,
  options: { dsl?: Manifest["dsl"]; ended?: Date } = {},
): Manifest {
  const { provenance } = state;
  const seeds: Record<string, number> = {};
  const data = [...state.datasets.values()].map((ds) => {
    seeds[`dataset ${ds.name}`] = ds.spec.seed;
    return { dataset: ds.name, file: path.relative(baseDir, ds.path) || ds.path, ...fileHash(ds.path), rows: ds.rows };
  });
  const models = [...state.trained.values()].map((t) => {
    seeds[`model ${t.name}`] = t.spec.seed;
    return {
      model: t.name,
      dataset: t.dataset,
      backend: t.backend,
      training: t.path ?? (t.solver ? "exact" : "unknown"),
      ...(t.solver ? { solver: t.solver } : {}),
      epochs: t.epochsRun,
    };
  });
  return {
    needlab: packageVersion(path.join(PACKAGE_ROOT, "package.json")),
    tfjs: tfjsVersion(),
    node: process.version,
    backend: state.backend ? { name: state.backend.name, label: state.backend.label } : null,
    started: provenance.started.toISOString(),
    ended: (options.ended ?? new Date()).toISOString(),
    parameters: Object.fromEntries(state.params),
    data,
    dsl: options.dsl ?? provenance.dsl.map((h) => ({ sha256: h })),
    models,
    seeds,
  };
}
