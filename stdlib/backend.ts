/**
 * Picks the TensorFlow.js backend once per process, in the order
 * tfjs-node-gpu → tfjs-node → wasm → cpu, and remembers why each was skipped.
 * `NEEDLAB_BACKEND=wasm` (or cpu, tensorflow) forces one.
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

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
    const msg = (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" ? "not installed" : (e as Error).message.split("\n")[0];
    return { ok: false, why: msg };
  }
  return tf.findBackend("tensorflow") ? { ok: true } : { ok: false, why: "installed, but it provides no native TensorFlow (it is an alias of plain tfjs)" };
}

async function choose(): Promise<BackendInfo> {
  const forced = process.env.NEEDLAB_BACKEND?.trim();
  const skipped: string[] = [];
  const natives: [string, string][] = [["@tensorflow/tfjs-node-gpu", "TensorFlow native (CUDA GPU)"], ["@tensorflow/tfjs-node", "TensorFlow native (CPU)"]];
  if (!forced || forced === "tensorflow") {
    for (const [pkg, label] of natives) {
      const r = registersNative(pkg);
      if (r.ok && (await tf.setBackend("tensorflow"))) return { name: "tensorflow", label, skipped };
      skipped.push(`${pkg}: ${r.ok ? "failed to start" : r.why}`);
    }
  }
  if (!forced || forced === "wasm") {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wasm: typeof import("@tensorflow/tfjs-backend-wasm") = require("@tensorflow/tfjs-backend-wasm");
      wasm.setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep);
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
