/**
 * A PII corpus: every dataset setting that would read a column's values,
 * applied to a `pii` column of a real CSV file holding e-mail addresses. Each
 * is refused before anything runs, at the column, with a message that names
 * the column and says why, and no diagnostic quotes any value of the file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkSequence, formatDiagnostics } from "../../dsl";
import { readHeader } from "../../stdlib/data/load";
import { headerExcerpt } from "../../dsl/excerpt";

let dir: string;
const EMAILS = ["ada.lovelace@example.org", "alan.turing@example.org", "grace.hopper@example.org"];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-pii-"));
  const rows = ["email,age,label", ...Array.from({ length: 30 }, (_, i) => `${EMAILS[i % 3]},${20 + i},${i % 2}`)];
  fs.writeFileSync(path.join(dir, "people.csv"), rows.join("\n") + "\n");
});

const dataset = (setting: string) => `dataset people {
  source "people.csv"
  target label
  pii email
  ${setting}
}`;

/** setting → the words its refusal must use. */
const CORPUS: [string, RegExp][] = [
  ["types email: number", /`types` cannot use it: needlab never reads its values/],
  ["types email: category", /`types` cannot use it/],
  ["derive e2 = email * 2", /`derive e2` cannot use it: a derived column would carry its values/],
  ["derive band = bucket(email, [1, 2])", /`derive band` cannot use it/],
  ["derive l = log1p(email)", /`derive l` cannot use it/],
  ["derive m = max(age, email)", /`derive m` cannot use it/],
  ['filter email == "ada.lovelace@example.org"', /`filter` cannot use it: keeping rows by it would read its values/],
  ['filter email in ["x"]', /`filter` cannot use it/],
  ["missing email: mode", /`missing` cannot use it/],
  ['missing email: constant "none"', /`missing` cannot use it/],
  ["encode email: frequency", /`encode` cannot use it: it is never a feature/],
  ["encode email: ordinal", /`encode` cannot use it/],
  ["scale email: robust", /`scale` cannot use it/],
  ["split train 80%, test 20% by group email", /`split ... by` cannot use it: grouping rows by it/],
  ["split train 80%, test 20% by time email", /`split ... by` cannot use it/],
  ["sensitive email", /cannot also be a sensitive attribute/],
  ["keep email, age", /can never be a feature/],
];

describe("settings on a pii column", () => {
  it.each(CORPUS)("`%s` is refused at the column, naming it, quoting no value", (setting, why) => {
    const source = dataset(setting);
    const [diags] = checkSequence([source], (src, options) => readHeader(src, dir, options));
    const errors = diags.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    const refusal = errors.find((d) => why.test(d.message));
    expect(refusal, JSON.stringify(errors)).toBeDefined();
    expect(refusal!.message).toMatch(/^'email' is personal data \(pii\)/);
    // Positioned at the column in the setting's line (line 5), not at the `pii` line.
    const line = source.split("\n")[refusal!.span.line - 1];
    expect(line.slice(refusal!.span.col - 1, refusal!.span.col - 1 + refusal!.span.length)).toBe("email");
    const text = formatDiagnostics(diags, source, "cell");
    // The user's own `filter` value is in the source line, but never in any message.
    for (const e of EMAILS) for (const d of diags) expect(d.message).not.toContain(e);
    expect(
      text
        .split("\n")
        .filter((l) => l.includes("error:"))
        .join("\n"),
    ).not.toMatch(/@example\.org/);
  });

  it("accepts a pii column used only as pii", () => {
    const [diags] = checkSequence([dataset("drop age")], (src, options) => readHeader(src, dir, options));
    expect(diags.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("a file that is not a CSV", () => {
  it("is not quoted when its first line has no delimiter (/etc/passwd, say)", () => {
    const file = path.join(dir, "passwd");
    fs.writeFileSync(file, "root:x:0:0:root:/root:/bin/bash\nsecond-line-secret\n");
    const source = `dataset d {\n  source "passwd"\n  target label\n}`;
    const [diags] = checkSequence([source], (src, options) => readHeader(src, dir, options));
    const message = diags.map((d) => d.message).join("\n");
    expect(message).toContain("its columns are: one column only, not shown");
    expect(message).not.toContain("root:x");
    expect(message).not.toContain("second-line-secret");
  });

  it("is quoted only as a bounded, escaped excerpt of its header", () => {
    const secret = "s".repeat(200) + "\u001b[31m";
    fs.writeFileSync(path.join(dir, "wide.csv"), `id,${secret}\n1,second-line-secret\n`);
    const source = `dataset d {\n  source "wide.csv"\n  target label\n}`;
    const [diags] = checkSequence([source], (src, options) => readHeader(src, dir, options));
    const message = diags.map((d) => d.message).join("\n");
    expect(message).toContain("its columns are: id, " + "s".repeat(40) + "…");
    expect(message).not.toContain("s".repeat(41));
    expect(message).not.toContain("second-line-secret");
    expect(message).not.toContain("\u001b");
  });

  it("lists at most 30 names of a wide header", () => {
    const names = Array.from({ length: 100 }, (_, i) => `c${i}`);
    expect(headerExcerpt(names)).toBe(`${names.slice(0, 30).join(", ")}, … (100 in all)`);
    expect(headerExcerpt(["id", 'a"b\n'])).toBe('id, a\\"b\\n');
  });
});
