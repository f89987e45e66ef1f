/**
 * One dataset, many forms: the same rows as CSV, JSON lines, Parquet
 * (written here by DuckDB's COPY) and a SQL query read to the same typed
 * columns; the DataFrame built lazily from them equals what danfojs reads
 * from the CSV itself; and it is not built until something asks for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCsv } from "../../stdlib/data/load";
import { generateCreditApplicants, toCsv } from "../../stdlib/synth/credit";

let dir: string;
const CSV = "credit.csv";
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-formats-"));
  const { columns, rows } = generateCreditApplicants({ rows: 500, seed: 5 });
  fs.writeFileSync(path.join(dir, CSV), toCsv(columns, rows));
  fs.writeFileSync(
    path.join(dir, "credit.jsonl"),
    rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, j) => [c, r[j]])))).join("\n") + "\n",
  );
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  await con.run(
    `COPY (SELECT * FROM read_csv('${path.join(dir, CSV)}', header = true)) TO '${path.join(dir, "credit.parquet")}' (FORMAT parquet)`,
  );
  con.closeSync();
  db.closeSync();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the same data in every format", () => {
  it("JSON lines and Parquet read to the same columns and values as the CSV", async () => {
    const csv = (await loadCsv(CSV, dir)).table;
    for (const other of ["credit.jsonl", "credit.parquet"]) {
      const t = (await loadCsv(other, dir)).table;
      expect(t.columns).toEqual(csv.columns);
      csv.columns.forEach((c, j) => expect([other, c, t.values[j]]).toEqual([other, c, csv.values[j]]));
      expect(t.data!.map((d) => d.kind)).toEqual(csv.data!.map((d) => d.kind));
    }
  }, 60_000);

  it("a SQL source runs in DuckDB, relative paths from the notebook's folder; its errors name the query", async () => {
    const { table } = await loadCsv(CSV, dir, {
      sql: "select age, income, \"default\" from 'credit.parquet' where age >= 60 order by applicant_id",
    });
    const csv = (await loadCsv(CSV, dir)).table;
    const ages = csv.values[1] as number[];
    const old = ages.flatMap((a, i) => (a >= 60 ? [i] : []));
    expect(table.columns).toEqual(["age", "income", "default"]);
    expect(table.values[0]).toEqual(old.map((i) => ages[i]));
    expect(table.values[1]).toEqual(old.map((i) => csv.values[4][i]));
    await expect(loadCsv(CSV, dir, { sql: "select nope from 'credit.parquet'" })).rejects.toThrow(
      /^the `source sql` query failed in DuckDB: Binder Error: Referenced column "nope" not found/,
    );
  }, 60_000);

  it("the DataFrame equals what danfojs reads from the CSV (blanks as null), and is built only when used", async () => {
    const { frame, table } = await loadCsv(CSV, dir);
    expect(frame.shape).toEqual([500, 14]); // answered without building it
    frame.drop({ columns: ["sex"], inplace: true });
    expect(frame.columns).toEqual(table.columns.filter((c) => c !== "sex"));
    const dfd = await import("danfojs-node");
    const danfo = await dfd.readCSV(path.join(dir, CSV), { skipEmptyLines: true } as never);
    danfo.drop({ columns: ["sex"], inplace: true });
    expect(frame.columns).toEqual(danfo.columns);
    expect(frame.values).toEqual(danfo.values);
    expect(frame.dtypes).toEqual(danfo.dtypes);
    expect(frame.head(3).values).toEqual(danfo.head(3).values);
  }, 60_000);
});
