/**
 * The dataset options beyond the defaults, each checked against values
 * worked out by hand (or by the formula scikit-learn documents).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepare, RawTable } from "../../stdlib/data/prepare";
import { groupSplit, timeSplit } from "../../stdlib/data/split";
import { loadCsv, readHeader } from "../../stdlib/data/load";
import { datasetSpec, type DatasetSpec } from "../../plan/plan";

// 20 rows: age, city (a category with blanks), grade (ordered), income (blanks), customer (groups of 2), month, target.
const N = 20;
const age = Array.from({ length: N }, (_, i) => 18 + i * 3);
const city = Array.from({ length: N }, (_, i) => (i % 7 === 3 ? null : ["Oslo", "Rome", "Rome", "Lima"][i % 4]));
const grade = Array.from({ length: N }, (_, i) => ["low", "mid", "high"][i % 3]);
const income = Array.from({ length: N }, (_, i) => (i % 5 === 2 ? null : 1000 + 100 * i));
const customer = Array.from({ length: N }, (_, i) => `C${Math.floor(i / 2)}`);
const month = Array.from({ length: N }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, "0")}-01`);
const y = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? "bad" : "good"));
const table = (): RawTable => ({
  file: "t.csv",
  columns: ["age", "city", "grade", "income", "customer", "month", "y"],
  values: [[...age], [...city], [...grade], [...income], [...customer], [...month], [...y]],
});
const spec = (over: Partial<DatasetSpec> = {}) =>
  datasetSpec({
    name: "d",
    source: "t.csv",
    target: "y",
    positive: "bad",
    drop: ["customer", "month"],
    stratify: true,
    seed: 3,
    ...over,
  });
const column = (p: ReturnType<typeof prepare>, part: "train" | "test", name: string) => {
  const j = p.featureNames.indexOf(name),
    w = p.featureNames.length;
  return Array.from({ length: p[part].n }, (_, k) => p[part].x[k * w + j]);
};

describe("row filters", () => {
  it("keep only the rows where every filter holds, before the split", () => {
    const p = prepare(
      table(),
      spec({
        filters: [
          { column: "age", op: ">=", values: [30] },
          { column: "city", op: "in", values: ["Rome", "Lima"] },
        ],
      }),
    );
    const kept = [...p.split.train, ...p.split.validation, ...p.split.test].sort((a, b) => a - b);
    expect(kept).toEqual(
      age.map((a, i) => i).filter((i) => age[i] >= 30 && (city[i] === "Rome" || city[i] === "Lima")),
    );
    expect(p.notes.slice(0, 2)).toEqual([
      "filter age >= 30: kept 16 of 20 rows.",
      'filter city in ["Rome","Lima"]: kept 10 of 16 rows.',
    ]);
  });

  it("say which filter left nothing", () => {
    expect(() => prepare(table(), spec({ filters: [{ column: "city", op: "==", values: ["rome"] }] }))).toThrow(
      'no rows of t.csv pass `filter city == "rome"` (text is compared exactly, case included): loosen or remove the filter.',
    );
  });
});

describe("per-column missing values, encodings and scaling", () => {
  it("mean, constant and drop fill as declared; others keep median and mode", () => {
    const p = prepare(
      table(),
      spec({ missing: { income: { strategy: "mean" }, city: { strategy: "constant", value: "unknown" } } }),
    );
    const f = p.featureColumns.find((c) => c.column === "income")!;
    const trainIncome = [...p.split.train].map((r) => income[r]).filter((v): v is number => v !== null);
    expect(f.fill).toBeCloseTo(trainIncome.reduce((a, b) => a + b, 0) / trainIncome.length, 10);
    expect(p.featureNames).toContain("city=unknown");
    const dropped = prepare(table(), spec({ missing: { income: { strategy: "drop" } } }));
    expect([...dropped.split.train, ...dropped.split.test].every((r) => income[r] !== null)).toBe(true);
    expect(dropped.notes).toContain("4 rows with no 'income' value were left out (`missing income: drop`).");
  });

  it("refuses a strategy that does not fit the column", () => {
    expect(() => prepare(table(), spec({ missing: { city: { strategy: "median" } } }))).toThrow(
      "column 'city' holds categories: fill its gaps with mode or constant, not median (`missing city: mode`).",
    );
    expect(() => prepare(table(), spec({ missing: { income: { strategy: "mode" } } }))).toThrow(
      "column 'income' holds numbers: fill its gaps with median, mean or constant, not mode (`missing income: median`).",
    );
  });

  it("ordinal codes follow the declared order; frequency codes are training shares", () => {
    const p = prepare(
      table(),
      spec({
        encode: { grade: { method: "ordinal", order: ["low", "mid", "high"] }, city: { method: "frequency" } },
        scale: { default: "none", columns: {} },
      }),
    );
    expect(p.featureNames).toEqual(["age", "city", "grade", "income"]);
    expect(column(p, "test", "grade")).toEqual([...p.split.test].map((r) => ["low", "mid", "high"].indexOf(grade[r])));
    const train = [...p.split.train];
    const share = (c: string) => train.filter((r) => (city[r] ?? "Rome") === c).length / train.length; // the mode (Rome) fills blanks
    expect(column(p, "test", "city")).toEqual([...p.split.test].map((r) => Math.fround(share(city[r] ?? "Rome"))));
    expect(() => prepare(table(), spec({ encode: { grade: { method: "ordinal", order: ["low", "high"] } } }))).toThrow(
      "column 'grade' has values not in its ordinal order: 'mid'. Add them to `encode grade: ordinal [...]`.",
    );
  });

  it("min-max and robust scaling use the training rows (as sklearn's MinMaxScaler and RobustScaler)", () => {
    const p = prepare(table(), spec({ keep: ["age"], scale: { default: "minmax", columns: {} } }));
    const trainAge = [...p.split.train].map((r) => age[r]);
    const lo = Math.min(...trainAge),
      hi = Math.max(...trainAge);
    expect(column(p, "train", "age")).toEqual(trainAge.map((a) => Math.fround((a - lo) / (hi - lo))));
    const r = prepare(table(), spec({ keep: ["age"], scale: { default: "standard", columns: { age: "robust" } } }));
    const sorted = [...r.split.train].map((i) => age[i]).sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (sorted.length - 1) * p,
        f = Math.floor(h);
      return sorted[f] + (h - f) * (sorted[f + 1] - sorted[f]);
    };
    expect(column(r, "test", "age")).toEqual(
      [...r.split.test].map((i) => Math.fround((age[i] - q(0.5)) / (q(0.75) - q(0.25)))),
    );
    expect(r.featureNames).toEqual(["age"]); // keep: only age is a feature
  });

  it("refuses choices that do not fit the column, saying why", () => {
    expect(() => prepare(table(), spec({ encode: { age: { method: "frequency" } } }))).toThrow(
      "column 'age' holds numbers, so `encode age: frequency` does not apply: declare it a category first (`types age: category`) or remove the encoding.",
    );
    expect(() => prepare(table(), spec({ scale: { default: "standard", columns: { city: "minmax" } } }))).toThrow(
      "column 'city' holds categories, one-hot encoded, so `scale city: minmax` does not apply",
    );
    // With a frequency code, the category becomes a number, and scaling it is fine.
    expect(
      prepare(
        table(),
        spec({
          encode: { city: { method: "frequency" } },
          scale: { default: "standard", columns: { city: "minmax" } },
        }),
      ).featureNames,
    ).toContain("city");
  });

  it("refuses targets that cannot be learned, naming the problem", () => {
    const t = table();
    t.values[0] = t.values[0].map(() => 30);
    expect(() =>
      prepare(
        t,
        spec({
          target: "age",
          task: "regression",
          positive: undefined,
          drop: ["customer", "month", "y"],
          stratify: false,
        }),
      ),
    ).toThrow("target 'age' in t.csv is 30 in every row: there is nothing to predict.");
    const many: RawTable = {
      file: "ids.csv",
      columns: ["x", "code"],
      values: [Array.from({ length: 120 }, (_, i) => i), Array.from({ length: 120 }, (_, i) => `c${i % 60}`)],
    };
    expect(() =>
      prepare(
        many,
        spec({ source: "ids.csv", target: "code", task: "multiclass", positive: undefined, drop: [], stratify: false }),
      ),
    ).toThrow(
      "target 'code' in ids.csv has 60 different values; a multiclass target has at most 50 classes (a text dataset's up to 255). If it is a number, declare `target code regression`.",
    );
  });

  it("forced types: numbers kept as categories, text read as numbers", () => {
    const t = table();
    t.values[0] = t.values[0].map(String);
    expect(prepare(t, spec({ types: { age: "number" }, keep: ["age"] })).featureColumns[0].kind).toBe("numeric");
    expect(prepare(table(), spec({ types: { age: "category" }, keep: ["age"] })).featureColumns[0].kind).toBe(
      "categorical",
    );
    t.values[0][4] = "thirty";
    expect(() => prepare(t, spec({ types: { age: "number" } }))).toThrow(
      "column 'age' is declared a number (`types age: number`), but line 6 of t.csv has 'thirty'. Fix the value or declare it a category.",
    );
  });

  it("k folds: every row in one fold's test part, classes dealt evenly, each fold fitted without its own rows", () => {
    const p = prepare(table(), spec({ split: { train: 0.8, validation: 0, test: 0.2, kfold: 4 } }));
    expect(p.folds).toHaveLength(4);
    expect(p.folds!.flatMap((f) => [...f.test.rows]).sort((a, b) => a - b)).toEqual(y.map((_, i) => i));
    // 7 "bad" rows dealt round-robin over 4 folds (stratified): 2, 2, 2, 1 in some order.
    expect(p.folds!.map((f) => f.test.y.reduce((a, b) => a + b, 0)).sort()).toEqual([1, 2, 2, 2]);
    for (const f of p.folds!) {
      expect([...f.train.rows].some((row) => f.test.rows.includes(row))).toBe(false);
      const trainIncome = [...f.train.rows]
        .map((r) => income[r])
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b);
      const mid = trainIncome.length / 2;
      const median =
        trainIncome.length % 2 ? trainIncome[Math.floor(mid)] : (trainIncome[mid - 1] + trainIncome[mid]) / 2;
      expect((f.featureColumns.find((c) => c.column === "income") as { median: number }).median).toBe(median);
    }
    // The dataset itself (for the final model) is prepared on every row, with its own notes only (none repeated per fold).
    expect([p.train.n, p.test.n]).toEqual([20, 0]);
    expect(p.notes.filter((n) => n.startsWith("Column 'income'"))).toEqual([
      "Column 'income': 4 missing training values filled with the training median (1950).",
    ]); // median of 1000 + 100i over the 16 present rows
  });
});

describe("other targets", () => {
  it("a multiclass target becomes class indices into the sorted classes", () => {
    const p = prepare(
      table(),
      spec({ target: "grade", task: "multiclass", positive: undefined, drop: ["customer", "month", "y"] }),
    );
    expect(p.classNames).toEqual(["high", "low", "mid"]);
    expect([...p.test.rows].map((r, k) => p.classNames![p.test.y[k]] === grade[r])).toEqual(
      [...p.test.rows].map(() => true),
    );
  });

  it("a regression target keeps its values and its training mean and standard deviation", () => {
    const p = prepare(
      table(),
      spec({
        target: "age",
        task: "regression",
        positive: undefined,
        drop: ["customer", "month", "y"],
        stratify: false,
      }),
    );
    expect(Array.from(p.test.value!)).toEqual([...p.test.rows].map((r) => age[r]));
    const train = [...p.train.rows].map((r) => age[r]);
    const mean = train.reduce((a, b) => a + b, 0) / train.length;
    expect(p.targetScale!.center).toBeCloseTo(mean, 10);
    expect(p.targetScale!.scale).toBeCloseTo(
      Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length),
      10,
    );
  });
});

describe("group and time splits", () => {
  it("keep every group in one part, with about the requested share", () => {
    const groups = Array.from({ length: 100 }, (_, i) => `g${i % 23}`);
    const s = groupSplit(groups, { train: 0.7, validation: 0.1, test: 0.2 }, 4);
    const partOf = new Map<string, string>();
    for (const part of ["train", "validation", "test"] as const)
      for (const r of s[part]) {
        expect(partOf.get(groups[r]) ?? part).toBe(part);
        partOf.set(groups[r], part);
      }
    expect(s.train.length + s.validation.length + s.test.length).toBe(100);
    expect(s.test.length).toBeGreaterThanOrEqual(20);
    expect(s.test.length).toBeLessThan(20 + 5); // one group (at most 5 rows) past the target
    expect(groupSplit(groups, { train: 0.7, validation: 0.1, test: 0.2 }, 4)).toEqual(s);
  });

  it("puts the latest rows in test and the earliest in train", () => {
    const s = timeSplit(month, { train: 0.6, validation: 0.2, test: 0.2 }, "month", "t.csv");
    const latest = (rows: Int32Array) => Math.max(...[...rows].map((r) => Date.parse(month[r])));
    const earliest = (rows: Int32Array) => Math.min(...[...rows].map((r) => Date.parse(month[r])));
    expect(latest(s.train)).toBeLessThanOrEqual(earliest(s.validation));
    expect(latest(s.validation)).toBeLessThanOrEqual(earliest(s.test));
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([12, 4, 4]);
    expect(() => timeSplit(["2024-01-01", "soon"], { train: 0.5, validation: 0, test: 0.5 }, "month", "t.csv")).toThrow(
      "split by time month: row 2 of t.csv has 'soon', which is neither a number nor a date (use ISO dates such as 2024-03-31).",
    );
  });

  it("a group split keeps the group column out of the features", () => {
    const p = prepare(
      table(),
      spec({ drop: ["month"], split: { train: 0.7, validation: 0, test: 0.3, group: "customer" }, stratify: false }),
    );
    expect(p.featureColumns.map((f) => f.column)).not.toContain("customer");
    const trainCustomers = new Set([...p.split.train].map((r) => customer[r]));
    expect([...p.split.test].some((r) => trainCustomers.has(customer[r]))).toBe(false);
  });
});

describe("reading other file layouts", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-options-"));
    fs.writeFileSync(path.join(dir, "semi.csv"), Buffer.from("name;città;y\nA;Zürich;1\nB;Genève;0\n", "latin1"));
    fs.writeFileSync(
      path.join(dir, "rows.jsonl"),
      '{"a": 1, "b": "x", "y": "p"}\n{"a": 2.5, "y": "n", "c": true}\n\n{"a": null, "b": "z", "y": "p"}\n',
    );
    fs.writeFileSync(path.join(dir, "bad.jsonl"), '{"a": 1}\n[1, 2]\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads a semicolon-separated latin1 file", async () => {
    expect(readHeader("semi.csv", dir, { delimiter: ";", encoding: "latin1" })).toEqual({
      columns: ["name", "città", "y"],
    });
    const { table: t } = await loadCsv("semi.csv", dir, { delimiter: ";", encoding: "latin1" });
    expect(t.columns).toEqual(["name", "città", "y"]);
    expect(t.values).toEqual([
      ["A", "B"],
      ["Zürich", "Genève"],
      [1, 0],
    ]);
  });

  it("reads JSON lines, the union of their keys, missing keys as missing", async () => {
    expect(readHeader("rows.jsonl", dir)).toEqual({ columns: ["a", "b", "y", "c"] });
    const { table: t, frame } = await loadCsv("rows.jsonl", dir);
    expect(t.values).toEqual([
      [1, 2.5, null],
      ["x", null, "z"],
      ["p", "n", "p"],
      [null, true, null],
    ]);
    expect(frame.shape).toEqual([3, 4]);
  });

  it("keeps JSON's own types: a quoted postcode stays text", async () => {
    fs.writeFileSync(path.join(dir, "zips.jsonl"), '{"zip": "02134", "n": 3}\n{"zip": "10001", "n": 4}\n');
    const { table: t } = await loadCsv("zips.jsonl", dir);
    expect(t.values).toEqual([
      ["02134", "10001"],
      [3, 4],
    ]);
  });

  it("names a line that is not a JSON object, and a wrong delimiter", async () => {
    await expect(loadCsv("bad.jsonl", dir)).rejects.toThrow(
      'line 2 of bad.jsonl is not a JSON object: a JSON-lines file has one {"column": value, ...} object per line.',
    );
    fs.writeFileSync(path.join(dir, "commas.csv"), "a;b\n1;2;3\n");
    await expect(loadCsv("commas.csv", dir, { delimiter: ";" })).rejects.toThrow(
      "cannot parse commas.csv: line 2 has 3 fields, the header has 2.",
    );
  });
});
