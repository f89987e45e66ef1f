/**
 * The customers' need of the intents study: each group's accuracy and the
 * best-minus-worst gap with a seeded bootstrap interval, hand-worked.
 */
import { describe, expect, it } from "vitest";
import { describeGroupAccuracy, groupGap } from "../../../stdlib/text/group-accuracy";

const ones = (n: number) => Array<number>(n).fill(1);
const zeros = (n: number) => Array<number>(n).fill(0);

describe("accuracy by group and the gap", () => {
  it("hand-worked: groups that are always right or always wrong have no spread, so the verdict is sure", () => {
    const r = groupGap(
      new Map([
        ["email", ones(50)],
        ["chat", [...ones(30), ...zeros(20)]],
      ]),
      0.1,
      7,
      400,
    );
    expect(r.groups).toEqual([
      { group: "chat", rows: 50, accuracy: 0.6 },
      { group: "email", rows: 50, accuracy: 1 },
    ]);
    expect(r.gap).toMatchObject({ worst: "chat", best: "email", status: "fail" });
    expect(r.gap.value).toBeCloseTo(0.4, 12);
    // Email never varies; chat's resampled accuracy is a binomial share around 0.6 (sd ≈ 0.07).
    expect(r.gap.low).toBeGreaterThan(0.2);
    expect(r.gap.high).toBeLessThan(0.6);
    expect(r.gap.low).toBeLessThanOrEqual(r.gap.value);
    expect(r.gap.high).toBeGreaterThanOrEqual(r.gap.value);
  });

  it("passes equal groups, leaves a small sample undecided, and is seeded", () => {
    const same = groupGap(
      new Map([
        ["a", ones(40)],
        ["b", ones(40)],
      ]),
      0.1,
      1,
      200,
    );
    expect(same.gap).toMatchObject({ value: 0, low: 0, high: 0, status: "pass" });
    const few = new Map([
      ["a", [1, 1, 1, 0]],
      ["b", [1, 1, 0, 0]],
    ]);
    expect(groupGap(few, 0.1, 1, 500).gap.status).toBe("undecided");
    expect(groupGap(few, 0.1, 1, 500)).toEqual(groupGap(few, 0.1, 1, 500));
  });

  it("describes the groups and the verdict in one line", () => {
    const r = groupGap(
      new Map([
        ["a", ones(10)],
        ["b", ones(10)],
      ]),
      0.1,
      1,
      50,
    );
    expect(describeGroupAccuracy("m", { column: "segment", ...r })).toBe(
      "m: accuracy by segment: a 100.0% (10), b 100.0% (10); gap 0.0% [0.0%, 0.0%] vs limit 10.0%: pass",
    );
  });
});
