/**
 * `needlab fmt`: the canonical layout, idempotent, keeping every comment and
 * the meaning (the lowered plan) of what it formats.
 */
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { compile, isDslCell, stripMagic } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import { format } from "../../dsl/format";
import { lexer } from "../../dsl/lexer";
import { createRng } from "../../stdlib/random";
import { mutate, VALID } from "../helpers/dsl-fuzz";

const env = emptyEnv(() => ({ columns: ["applicant_id", "default", "sex", "age_group", "income", "age"] }));
const fmt = (src: string) => {
  const r = format(src);
  if (r.text === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.text;
};
const comments = (src: string) =>
  ((lexer.tokenize(src).groups.comments ?? []) as { image: string }[]).map((c) => c.image.trimEnd());

describe("needlab fmt", () => {
  it("lays out a messy cell canonically", () => {
    const messy = `# lending study
needs   lending{must recall>=60 % on class "bad"   because "defaults cost most"
should precision >= 0.45 on class "bad" # nice to have
  }
dataset applicants {source "credit.csv" target default positive "bad" drop applicant_id,sex
derive band=bucket( age,[25,40 ,60] ) derive x = -income+ income -1
filter income>=0 split train 80 %,test 20%}
model mlp : dense{layer 16 relu dropout 30%   early_stopping patience 3
  # why a small net
}
train mlp on applicants
evaluate mlp against lending

show roc for mlp
`;
    expect(fmt(messy)).toBe(`# lending study
needs lending {
  must recall >= 60% on class "bad" because "defaults cost most"
  should precision >= 0.45 on class "bad"  # nice to have
}

dataset applicants {
  source "credit.csv"
  target default positive "bad"
  drop applicant_id, sex
  derive band = bucket(age, [25, 40, 60])
  derive x = -income + income - 1
  filter income >= 0
  split train 80%, test 20%
}

model mlp: dense {
  layer 16 relu dropout 30%
  early_stopping patience 3
  # why a small net
}

train mlp on applicants
evaluate mlp against lending

show roc for mlp
`);
  });

  it("is idempotent, keeps every comment and the plan, on the reference study", () => {
    const once = fmt(VALID);
    expect(fmt(once)).toBe(once);
    expect(comments(once)).toEqual(comments(VALID));
    expect(compile(once, env).plan).toEqual(compile(VALID, env).plan);
  });

  it("is idempotent and keeps the plan on every DSL cell of the shipped notebooks", () => {
    const root = path.resolve(__dirname, "../..");
    const files = ["notebooks/credit-risk.ipynb", "notebooks/retail-demand.ipynb", "templates/study.ipynb"].map((f) =>
      path.join(root, f),
    );
    let cells = 0;
    for (const file of files) {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as {
        cells: { cell_type: string; source: string | string[] }[];
      };
      for (const cell of nb.cells) {
        const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
        if (cell.cell_type !== "code" || !isDslCell(src)) continue;
        const body = stripMagic(src);
        const once = fmt(body);
        expect(fmt(once), `${file}\n${body}`).toBe(once);
        expect(comments(once)).toEqual(comments(body));
        cells++;
      }
    }
    expect(cells).toBeGreaterThan(3);
  });

  it("holds on 3,000 seeded mutations of the reference study that still parse", () => {
    const rng = createRng("fmt-2026");
    let formatted = 0;
    for (let i = 0; i < 3000; i++) {
      const src = mutate(VALID, rng);
      const r = format(src);
      if (r.text === undefined) continue; // syntax errors: fmt refuses, with diagnostics
      formatted++;
      const where = `mutation #${i}\n--- input ---\n${src}\n--- formatted ---\n${r.text}`;
      expect(fmt(r.text), where).toBe(r.text);
      expect(comments(r.text), where).toEqual(comments(src));
      const before = compile(src, env),
        after = compile(r.text, env);
      expect(after.plan, where).toEqual(before.plan);
    }
    expect(formatted).toBeGreaterThan(300);
  });

  it("keeps comments after the last statement together, or apart where the author left a blank line", () => {
    expect(fmt("train m on d\n# a\n# b\n\n# c\n")).toBe("train m on d\n# a\n# b\n\n# c\n");
  });

  it("refuses a cell with a syntax error, with the diagnostic", () => {
    const r = format("needs n { must recall >= }");
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`)).toEqual([
      "1:26 expected a number, found '}'",
    ]);
  });
});
