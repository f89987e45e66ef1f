/**
 * The committed WebAssembly kernels (base64 in stdlib/fast/dense-wasm.ts and
 * stdlib/text/sparse-wasm.ts) are exactly what `npm run build:wasm`
 * (wasm/build.js, AssemblyScript) builds from their sources: nobody can edit
 * a kernel's source and ship stale bytes, or the other way round.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DENSE_WASM_BASE64 } from "../../stdlib/fast/dense-wasm";
import { SPARSE_WASM_BASE64 } from "../../stdlib/text/sparse-wasm";

const root = path.join(__dirname, "..", "..");
const build = createRequire(__filename)(path.join(root, "wasm", "build.js")) as {
  KERNELS: { source: string; target: string; name: string }[];
  compile(kernel: { source: string }, out: string): Buffer;
};
const committed: Record<string, string> = { DENSE_WASM_BASE64, SPARSE_WASM_BASE64 };

describe("the committed WebAssembly", () => {
  it("names every kernel module the build writes", () => {
    expect(build.KERNELS.map((k) => k.name).sort()).toEqual(Object.keys(committed).sort());
    for (const k of build.KERNELS) expect(fs.readFileSync(path.join(root, k.target), "utf8")).toContain(k.name);
  });

  for (const kernel of build.KERNELS)
    it(`is what AssemblyScript builds from ${kernel.source}`, () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "needlab-asc-")), "kernel.wasm");
      expect(build.compile(kernel, out).toString("base64")).toBe(committed[kernel.name]);
    });
});
