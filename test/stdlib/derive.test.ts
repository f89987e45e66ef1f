import { describe, expect, it } from "vitest";
import { bucket, bucketLabels, deriveColumns } from "../../stdlib/data/derive";

describe("derived columns", () => {
  it("labels bands as lenders write them", () => {
    expect(bucketLabels([25, 40, 60])).toEqual(["<25", "25-39", "40-59", "60+"]);
    expect(bucketLabels([2.5, 4])).toEqual(["<2.5", "2.5 to <4", "4+"]);
  });

  it("puts each value in its band, edges belonging to the upper band, blanks staying missing", () => {
    expect(bucket([19, 25, 39, 40, 59.9, 60, 75, null, ""], [25, 40, 60], "age", "f.csv")).toEqual(["<25", "25-39", "25-39", "40-59", "40-59", "60+", "60+", null, null]);
  });

  it("names the line of a value that is not a number", () => {
    expect(() => bucket([30, "old"], [25], "age", "f.csv")).toThrow("bucket(age, ...) needs numbers, but line 3 of f.csv has 'old'");
  });

  it("adds the column after the table's own", () => {
    const t = deriveColumns({ file: "f.csv", columns: ["age", "y"], values: [[20, 50], ["a", "b"]] }, [{ name: "band", fn: "bucket", column: "age", edges: [40] }]);
    expect(t.columns).toEqual(["age", "y", "band"]);
    expect(t.values[2]).toEqual(["<40", "40+"]);
  });
});
