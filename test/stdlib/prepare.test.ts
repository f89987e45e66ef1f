import { describe, expect, it } from "vitest";
import { prepare, RawTable } from "../../stdlib/data/prepare";
import { holdoutSplit } from "../../stdlib/data/split";
import { datasetSpec, type DatasetSpec } from "../../plan/plan";

const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec =>
  datasetSpec({
    name: "d",
    source: "loans.csv",
    target: "default",
    positive: "bad",
    split: { train: 0.8, validation: 0, test: 0.2 },
    stratify: true,
    seed: 1,
    ...over,
  });

// 20 rows: income with two blanks, a housing category, the target.
const income = [10, 20, null, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, null, 150, 160, 170, 180, 190, 200];
const housing = [
  "own",
  "rent",
  "rent",
  "own",
  "free",
  "rent",
  "own",
  "rent",
  null,
  "own",
  "rent",
  "rent",
  "own",
  "free",
  "rent",
  "own",
  "rent",
  "own",
  "rent",
  "own",
];
const target = [
  "bad",
  "good",
  "good",
  "bad",
  "good",
  "good",
  "good",
  "bad",
  "good",
  "good",
  "bad",
  "good",
  "good",
  "good",
  "bad",
  "good",
  "good",
  "good",
  "bad",
  "good",
];
const table = (): RawTable => ({
  file: "loans.csv",
  columns: ["id", "income", "housing", "default"],
  values: [income.map((_, i) => `L${i}`), [...income], [...housing], [...target]],
});

describe("splits", () => {
  it("covers every row once, with the requested sizes, the same for the same seed", () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const a = holdoutSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 5, false);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([70, 10, 20]);
    expect([...a.train, ...a.validation, ...a.test].sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
    expect(holdoutSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 5, false)).toEqual(a);
    expect(holdoutSplit(labels, { train: 0.7, validation: 0.1, test: 0.2 }, 6, false).test).not.toEqual(a.test);
  });

  it("keeps class balance when stratified", () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 25 positives
    const s = holdoutSplit(labels, { train: 0.8, validation: 0, test: 0.2 }, 3, true);
    expect(Array.from(s.test).filter((i) => labels[i] === 1)).toHaveLength(5); // 25 × 0.2
    expect(Array.from(s.train).filter((i) => labels[i] === 1)).toHaveLength(20);
  });
});

describe("preparation fitted on the training rows only", () => {
  const p = prepare(table(), spec({ drop: ["id"] }));

  it("encodes the target with the named positive class", () => {
    expect([p.positive, p.negative]).toEqual(["bad", "good"]);
    const all = [...p.train.rows, ...p.test.rows];
    for (const [k, row] of [...p.train.rows].entries()) expect(p.train.y[k]).toBe(target[row] === "bad" ? 1 : 0);
    expect(all.sort((a, b) => a - b)).toEqual(target.map((_, i) => i));
  });

  it("imputes the training median, then standard-scales with training mean and population std", () => {
    const trainRows = [...p.train.rows];
    const present = trainRows
      .map((r) => income[r])
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const mid = present.length / 2;
    const median = present.length % 2 ? present[Math.floor(mid)] : (present[mid - 1] + present[mid]) / 2;
    const filled = trainRows.map((r) => income[r] ?? median);
    const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
    const std = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length);
    const f = p.featureColumns[0];
    expect(f).toMatchObject({ kind: "numeric", column: "income" });
    if (f.kind !== "numeric") throw new Error("income should be numeric");
    expect(f.median).toBe(median);
    expect(f.mean).toBeCloseTo(mean, 10);
    expect(f.std).toBeCloseTo(std, 10);
    const width = p.featureNames.length;
    p.test.rows.forEach((row, k) => expect(p.test.x[k * width]).toBeCloseTo(((income[row] ?? median) - mean) / std, 5));
  });

  it("one-hot encodes categories seen in training, filling blanks with the training mode", () => {
    expect(p.featureNames).toEqual(["income", "housing=free", "housing=own", "housing=rent"]);
    const width = p.featureNames.length;
    const f = p.featureColumns[1];
    if (f.kind !== "categorical") throw new Error("housing should be categorical");
    [...p.train.rows].forEach((row, k) => {
      const value = housing[row] ?? f.mode;
      expect(Array.from(p.train.x.subarray(k * width + 1, k * width + 4))).toEqual(
        f.categories.map((c) => (c === value ? 1 : 0)),
      );
    });
  });

  it("is the same for the same seed", () => {
    expect(prepare(table(), spec({ drop: ["id"] })).test.x).toEqual(p.test.x);
  });
});

describe("bad input gets one clear message", () => {
  it("names a missing target column and suggests the right one", () => {
    expect(() => prepare(table(), spec({ target: "defualt" }))).toThrow(
      "target column 'defualt' is not in loans.csv; did you mean 'default'? Its columns are: id, income, housing, default. Fix the name in the dataset block.",
    );
  });

  it("refuses a target with one class", () => {
    const t = table();
    t.values[3] = t.values[3].map(() => "good");
    expect(() => prepare(t, spec({ positive: undefined }))).toThrow(
      "target column 'default' in loans.csv has only one class ('good' in all 20 rows): a classifier needs at least two. Check that this is the right file and target.",
    );
  });

  it("names the line of text in a numeric column", () => {
    const t = table();
    t.values[1][6] = "seventy";
    expect(() => prepare(t, spec({ drop: ["id"] }))).toThrow(
      "column 'income' in loans.csv holds numbers, but line 8 has 'seventy'. Fix or blank those values (blanks are imputed), or add 'income' to `drop`.",
    );
  });

  it("refuses a positive class that never occurs", () => {
    expect(() => prepare(table(), spec({ positive: "bda", drop: ["id"] }))).toThrow(
      "positive class \"bda\" never occurs in target 'default' of loans.csv; did you mean 'bad'? Its classes are: bad, good.",
    );
  });

  it("refuses an identifier-like column instead of one-hot encoding it", () => {
    const big: RawTable = {
      file: "big.csv",
      columns: ["id", "y"],
      values: [
        Array.from({ length: 200 }, (_, i) => `P${i}`),
        Array.from({ length: 200 }, (_, i) => (i % 3 ? "n" : "y")),
      ],
    };
    expect(() => prepare(big, spec({ source: "big.csv", target: "y", positive: "y" }))).toThrow(
      "column 'id' in big.csv has 160 different values in 160 training rows",
    );
  });

  it("says when the test split has no positive rows", () => {
    const t: RawTable = {
      file: "rare.csv",
      columns: ["x", "y"],
      values: [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => (i === 0 ? "yes" : "no"))],
    };
    expect(() =>
      prepare(t, spec({ source: "rare.csv", target: "y", positive: "yes", stratify: false, seed: 2 })),
    ).toThrow(/split of rare.csv has no 'yes' rows .* add `stratify`/);
  });

  it("needs at least 10 rows", () => {
    const t: RawTable = {
      file: "tiny.csv",
      columns: ["x", "y"],
      values: [
        [1, 2, 3],
        ["a", "b", "a"],
      ],
    };
    expect(() => prepare(t, spec({ target: "y", positive: "a" }))).toThrow(
      "tiny.csv has 3 usable rows; needlab needs at least 10 to split into training and test rows.",
    );
  });
});

describe("missing values written as text", () => {
  it("reads pandas' missing-value texts as missing, not as words", () => {
    const t = table();
    t.values[1][6] = "NaN";
    t.values[1][7] = "NA";
    t.values[2][5] = "null";
    const p = prepare(t, spec({ drop: ["id"] }));
    const income = p.featureColumns[0];
    const trainHas = (i: number) => p.split.train.includes(i);
    // two blanks in the fixture plus the two texts, counted where they fell in the training rows
    expect(income.missing).toBe([2, 13, 6, 7].filter(trainHas).length);
    expect(p.featureNames).toEqual(["income", "housing=free", "housing=own", "housing=rent"]); // no "housing=null"
  });
});
