/**
 * Picks the TensorFlow.js backend once per process, in the order
 * tfjs-node-gpu → tfjs-node → wasm → cpu, and remembers why each was skipped.
 * `NEEDLAB_BACKEND=wasm` (or cpu, tensorflow) forces one.
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { NeedlabError } from "./errors";

export interface BackendInfo {
  /** The tfjs backend name: tensorflow, wasm or cpu. */
  name: string;
  /** What a person would call it, e.g. "WebAssembly (SIMD, 1 thread)". */
  label: string;
  /** One line per backend tried before it and why it was not used. */
  skipped: string[];
}

let chosen: Promise<BackendInfo> | undefined;

/** The package a native backend's require resolves to (an npm alias can hide plain tfjs behind the name). */
function registersNative(pkg: string): { ok: true } | { ok: false; why: string } {
  try {
    require(pkg);
  } catch (e) {
    const msg =
      (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" ? "not installed" : (e as Error).message.split("\n")[0];
    return { ok: false, why: msg };
  }
  return tf.findBackend("tensorflow")
    ? { ok: true }
    : { ok: false, why: "installed, but it provides no native TensorFlow (it is an alias of plain tfjs)" };
}

/** Registers the WebAssembly backend (once), with its .wasm files from the installed package. */
let wasmRegistered = false;
function registerWasm(): void {
  if (wasmRegistered) return;
  wasmRegistered = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm: typeof import("@tensorflow/tfjs-backend-wasm") = require("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep);
}

async function choose(): Promise<BackendInfo> {
  // tfjs's own console banner on the cpu backend ("Hi, looks like you are running TensorFlow.js in Node.js ...
  // install our node backend") would land in the notebook; needlab says itself which backend it chose and why.
  tf.env().set("PROD", true);
  const forced = process.env.NEEDLAB_BACKEND?.trim();
  const skipped: string[] = [];
  const natives: [string, string][] = [
    ["@tensorflow/tfjs-node-gpu", "TensorFlow native (CUDA GPU)"],
    ["@tensorflow/tfjs-node", "TensorFlow native (CPU)"],
  ];
  if (!forced || forced === "tensorflow") {
    for (const [pkg, label] of natives) {
      const r = registersNative(pkg);
      if (r.ok && (await tf.setBackend("tensorflow"))) return { name: "tensorflow", label, skipped };
      skipped.push(`${pkg}: ${r.ok ? "failed to start" : r.why}`);
    }
  }
  if (!forced || forced === "wasm") {
    try {
      registerWasm();
      if (await tf.setBackend("wasm")) return { name: "wasm", label: "WebAssembly (SIMD, 1 thread)", skipped };
      skipped.push("@tensorflow/tfjs-backend-wasm: failed to start");
    } catch (e) {
      skipped.push(`@tensorflow/tfjs-backend-wasm: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  await tf.setBackend("cpu");
  return { name: "cpu", label: "plain JavaScript (cpu)", skipped };
}

export function initBackend(): Promise<BackendInfo> {
  chosen ??= choose().then(async (info) => {
    await tf.ready();
    return info;
  });
  return chosen;
}

const PREFERENCE_BACKENDS = { gpu: "tensorflow", native: "tensorflow", wasm: "wasm", cpu: "cpu" } as const;

/**
 * The backend a model asked for (`backend wasm`), or the automatic choice.
 * TensorFlow.js has one active backend per process, so this switches it;
 * a model trained elsewhere still predicts (tfjs moves its weights).
 */
export async function selectBackend(preference: "auto" | keyof typeof PREFERENCE_BACKENDS): Promise<BackendInfo> {
  const auto = await initBackend();
  if (preference === "auto") {
    if (tf.getBackend() !== auto.name) await tf.setBackend(auto.name);
    return auto;
  }
  const name = PREFERENCE_BACKENDS[preference];
  if (name === "wasm") {
    try {
      registerWasm();
    } catch {
      /* reported below as not available */
    }
  }
  const gpuOk = preference !== "gpu" || auto.label.includes("GPU");
  const started =
    gpuOk && !(name === "tensorflow" && auto.name !== "tensorflow") && (await tf.setBackend(name).catch(() => false));
  if (!started) {
    const why =
      auto.skipped.find((s) =>
        preference === "gpu"
          ? s.includes("gpu")
          : preference === "native"
            ? s.includes("tfjs-node:")
            : s.includes(name),
      ) ?? `${preference} did not load`;
    throw new NeedlabError(
      `backend ${preference} is not available on this machine (${why}). Available here: ${[auto.name, ...(auto.name !== "cpu" ? ["cpu"] : [])].join(", ")}; write \`backend auto\` to take the fastest.`,
    );
  }
  await tf.ready();
  return name === auto.name
    ? auto
    : {
        name,
        label:
          name === "cpu" ? "plain JavaScript (cpu)" : name === "wasm" ? "WebAssembly (SIMD, 1 thread)" : auto.label,
        skipped: [],
      };
}
