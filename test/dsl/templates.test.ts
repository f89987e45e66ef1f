/** The shipped notebooks' DSL cells parse and check, so a new study starts from something that works. */
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { compile, isDslCell, stripMagic } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { parseSource } from "../../dsl/syntax";

const ROOT = path.resolve(__dirname, "..", "..");

describe.each(["templates/study.ipynb", "notebooks/credit-risk.ipynb"])("%s", (file) => {
  const cells = (JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { cells: { cell_type: string; source: string | string[] }[] }).cells
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .filter(isDslCell);

  it("has DSL cells that parse and check in order", () => {
    expect(cells.length).toBeGreaterThanOrEqual(3);
    const env = emptyEnv(() => ({ columns: ["id", "outcome", "applicant_id", "sex", "age_group", "default"] }));
    const datasets = new Set<string>(), models = new Set<string>(), needs = new Set<string>(), trained = new Map<string, string>();
    for (const src of cells) {
      const r = compile(stripMagic(src), { ...env, datasets, models, needs, trained });
      expect(r.diagnostics).toEqual([]);
      for (const st of parseSource(stripMagic(src)).program.statements) {
        if (st.kind === "dataset") datasets.add(st.name.text);
        if (st.kind === "model") models.add(st.name.text);
        if (st.kind === "needs") needs.add(st.name.text);
        if (st.kind === "train") st.models.forEach((m) => trained.set(m.text, st.dataset.text));
      }
    }
  });
});
