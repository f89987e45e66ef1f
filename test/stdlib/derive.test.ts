import { describe, expect, it } from "vitest";
import { bucket, bucketLabels, deriveColumns } from "../../stdlib/data/derive";
import { compile } from "../../dsl";
import { emptyEnv } from "../../dsl/check";
import type { DerivedColumn } from "../../plan/plan";

/** The derived columns a dataset block declares, lowered as the kernel lowers them. */
function derivedOf(lines: string): DerivedColumn[] {
  const r = compile(
    `dataset d { source "f.csv" target y ${lines} }`,
    emptyEnv(() => ({ columns: ["income", "people", "age", "y", "debt"] })),
  );
  if (!r.plan) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const step = r.plan.steps[0];
  if (step.op !== "defineDataset") throw new Error("expected a dataset");
  return step.dataset.derived;
}
const table = {
  file: "f.csv",
  columns: ["income", "people", "age", "y", "debt"],
  values: [
    [3000, 1200, null, 0, 500],
    [3, 2, 1, 0, 4],
    [20, 50, 33, 41, 64],
    ["a", "b", "a", "b", "a"],
    [600, 0, 10, 5, 250],
  ],
};

describe("derived columns", () => {
  it("labels bands as lenders write them", () => {
    expect(bucketLabels([25, 40, 60])).toEqual(["<25", "25-39", "40-59", "60+"]);
    expect(bucketLabels([2.5, 4])).toEqual(["<2.5", "2.5 to <4", "4+"]);
  });

  it("puts each value in its band, edges belonging to the upper band, blanks staying missing", () => {
    expect(bucket([19, 25, 39, 40, 59.9, 60, 75, null, ""], [25, 40, 60], "age", "f.csv")).toEqual([
      "<25",
      "25-39",
      "25-39",
      "40-59",
      "40-59",
      "60+",
      "60+",
      null,
      null,
    ]);
  });

  it("names the line of a value that is not a number", () => {
    expect(() => bucket([30, "old"], [25], "age", "f.csv")).toThrow(
      "bucket(age, ...) needs numbers, but line 3 of f.csv has 'old'",
    );
  });

  it("adds the column after the table's own", () => {
    const t = deriveColumns(
      {
        file: "f.csv",
        columns: ["age", "y"],
        values: [
          [20, 50],
          ["a", "b"],
        ],
      },
      [{ name: "band", expr: { fn: "bucket", args: [{ col: "age" }], list: [40] } }],
    );
    expect(t.columns).toEqual(["age", "y", "band"]);
    expect(t.values[2]).toEqual(["<40", "40+"]);
  });

  it("evaluates arithmetic with the usual precedence, missing in → missing out, no answer → missing", () => {
    const t = deriveColumns(
      table,
      derivedOf(
        "derive per_person = income / people derive ratio = debt / income * 100 derive shifted = (age - 20) * 2 derive neg = -age + 1",
      ),
    );
    expect(t.values[5]).toEqual([1000, 600, null, null, 125]); // 0 / 0 has no answer; a missing income stays missing
    expect(t.values[6]).toEqual([20, 0, null, null, 50]);
    expect(t.values[7]).toEqual([0, 60, 26, 42, 88]);
    expect(t.values[8]).toEqual([-19, -49, -32, -40, -63]);
  });

  it("reads `a -1` as a subtraction and applies functions", () => {
    const t = deriveColumns(
      table,
      derivedOf(
        "derive a = age -1 derive l = log1p(debt) derive r = round(sqrt(age)) derive m = max(age, people * 20) derive band = bucket(age, [30, 60])",
      ),
    );
    expect(t.values[5]).toEqual([19, 49, 32, 40, 63]);
    expect(t.values[6]).toEqual([600, 0, 10, 5, 250].map(Math.log1p));
    expect(t.values[7]).toEqual([4, 7, 6, 6, 8]);
    expect(t.values[8]).toEqual([60, 50, 33, 41, 80]);
    expect(t.values[9]).toEqual(["<30", "30-59", "30-59", "30-59", "60+"]);
  });

  it("log of 0 is missing, not -Infinity", () => {
    expect(deriveColumns(table, derivedOf("derive l = log(debt)")).values[5]).toEqual([
      Math.log(600),
      null,
      Math.log(10),
      Math.log(5),
      Math.log(250),
    ]);
  });

  it("names the line of text where numbers are needed", () => {
    expect(() => deriveColumns(table, derivedOf("derive z = y * 2"))).toThrow(
      "derive z: 'y' must hold numbers for `(y * 2)`, but line 2 of f.csv has 'a'. Use bucket() or a filter for text columns.",
    );
  });
});
