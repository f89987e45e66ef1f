/**
 * The layering rule of ARCHITECTURE.md, checked on the source itself:
 * plan/ imports nothing of ours; dsl/ and stdlib/ import plan/ (and
 * themselves) only; kernel/ sits on top; and no file imports, directly or
 * through others, a file that imports it (type-only imports included).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const LAYERS = ["plan", "dsl", "stdlib", "kernel"] as const;
type Layer = (typeof LAYERS)[number];
/** What each layer may import besides itself. */
const ALLOWED: Record<Layer, Layer[]> = {
  plan: [],
  dsl: ["plan"],
  stdlib: ["plan"],
  kernel: ["plan", "dsl", "stdlib"],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Relative imports of a file, resolved to repository paths (`import`, `export ... from`, `import()`, `require()`). */
export function importsOf(file: string, text = fs.readFileSync(path.join(ROOT, file), "utf8")): string[] {
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/g),
    ...text.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g),
    ...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  return specs
    .filter((s) => s.startsWith("."))
    .map((s) => {
      const base = path.normalize(path.join(path.dirname(file), s));
      for (const candidate of [`${base}.ts`, path.join(base, "index.ts")])
        if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
      return base;
    });
}

const layerOf = (file: string): Layer | undefined => LAYERS.find((l) => file.startsWith(`${l}/`));
const files = LAYERS.flatMap((l) => sourceFiles(l));
const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => files.includes(i))]));

/** Every cycle, found by depth-first search (each reported once, from its first file). */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe("layering", () => {
  it("reads imports of every form", () => {
    const text = `import a from "./a";\nimport type { B } from "../plan/b";\nexport { c } from "./c";\nconst d = await import("../stdlib/d");\nimport "./e";`;
    expect(importsOf("dsl/x.ts", text)).toEqual(["dsl/a", "plan/b", "dsl/c", "dsl/e", "stdlib/d"]);
  });

  it("finds every layer's files", () => {
    for (const l of LAYERS)
      expect(
        files.some((f) => layerOf(f) === l),
        l,
      ).toBe(true);
  });

  it("imports only downwards: plan ← dsl, plan ← stdlib, kernel on top", () => {
    const wrong = files.flatMap((f) =>
      (graph.get(f) ?? [])
        .filter((i) => layerOf(i) !== layerOf(f) && !ALLOWED[layerOf(f)!].includes(layerOf(i)!))
        .map((i) => `${f} imports ${i}`),
    );
    expect(wrong).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles().map((c) => c.join(" → "))).toEqual([]);
  });

  it("detects a cycle and a wrong-way import when there is one", () => {
    graph.set("stdlib/__probe_a.ts", ["stdlib/__probe_b.ts"]);
    graph.set("stdlib/__probe_b.ts", ["stdlib/__probe_a.ts"]);
    files.push("stdlib/__probe_a.ts", "stdlib/__probe_b.ts");
    try {
      expect(cycles().map((c) => c.join(" → "))).toContain(
        "stdlib/__probe_a.ts → stdlib/__probe_b.ts → stdlib/__probe_a.ts",
      );
    } finally {
      graph.delete("stdlib/__probe_a.ts");
      graph.delete("stdlib/__probe_b.ts");
      files.splice(files.indexOf("stdlib/__probe_a.ts"), 2);
    }
  });
});
