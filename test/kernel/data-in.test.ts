/**
 * The reading settings through a real session: a `%%needs` dataset cell
 * with `missing_values`, `thousands`, a date column and a `source sql`
 * query is lowered, read and prepared as declared, and the summary says what
 * was done; the DataFrame a cell sees has every column.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";

let dir: string;
let session: Session;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-data-in-"));
  const lines = Array.from({ length: 60 }, (_, i) => {
    const income = i === 7 ? "?" : `"${10 + (i % 9)},${String(100 + i).padStart(3, "0")}"`;
    return `${income},2024-01-${String((i % 28) + 1).padStart(2, "0")},${i % 3 ? "own" : "rent"},${i % 4 ? "good" : "bad"}`;
  });
  fs.writeFileSync(path.join(dir, "loans.csv"), ["income,opened,housing,default", ...lines].join("\n") + "\n");
  session = new Session(dir);
});
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  const text = out.outputs
    .map((o) =>
      o.output_type === "stream" ? o.text : o.output_type === "error" ? o.evalue : String(o.data["text/plain"] ?? ""),
    )
    .join("\n");
  return { outcome, text };
}

describe("reading settings in a session", () => {
  it("missing_values, thousands and a date column are read as declared", async () => {
    const r = await run(`%%needs
dataset loans {
  source "loans.csv"
  target default positive "bad"
  missing_values "?"
  thousands ","
  split train 75%, test 25%
  stratify
  seed 1
}`);
    expect(r.outcome).toEqual({ status: "ok" });
    expect(r.text).toContain("holds dates: it is used as opened_year, opened_month, opened_weekday");
    expect(r.text).toMatch(/Column 'income': 1 missing training values filled with the training median/);
    const names = await run("loans.featureNames.join(' ')");
    expect(names.text).toContain("income housing=own housing=rent opened_year opened_month opened_weekday");
    const frame = await run("[loans.frame.shape[0], loans.frame.column('income').values[0]]");
    expect(frame.text).toContain("[ 60, 10100 ]");
  }, 120_000);

  it("a SQL source runs in DuckDB before rows reach the session", async () => {
    const r = await run(`%%needs
dataset owners {
  source sql "select * from read_csv('loans.csv', thousands = ',', nullstr = '?') where housing = 'own'"
  target default positive "bad"
  split train 75%, test 25%
  seed 1
}`);
    expect(r.outcome).toEqual({ status: "ok" });
    const rows = await run("[owners.rows, owners.featureNames.includes('housing=rent')]");
    expect(rows.text).toContain("[ 40, false ]");
  }, 120_000);
});
