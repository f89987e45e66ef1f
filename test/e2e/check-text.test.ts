/** `needlab check` on text datasets: text columns against the header, and the messages' problems before a run. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "needlab.js");
let tmp: string;
const check = (file: string, source: string) => {
  fs.writeFileSync(path.join(tmp, file), source);
  return spawnSync(process.execPath, [CLI, "check", file], { cwd: tmp, encoding: "utf8" });
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-check-text-"));
  const rows = Array.from({ length: 40 }, (_, i) =>
    [i === 4 ? "" : i % 2 ? `please refund order ${i}` : `lost my card ${i}`, i * 2.5, i % 2 ? "refund" : "card"].join(
      ",",
    ),
  );
  fs.writeFileSync(path.join(tmp, "msgs.csv"), ["message,amount,intent", ...rows].join("\n") + "\n");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("needlab check on text columns", () => {
  it("checks text columns against the header, with the name it probably meant", () => {
    const r = check("typo.needs", 'dataset d {\n  source "msgs.csv"\n  target intent multiclass\n  text mesage\n}\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("typo.needs:4:8: error: column 'mesage' is not in msgs.csv; did you mean 'message'?");
  });

  it("says before any run that a text column holds numbers", () => {
    const r = check(
      "numbers.needs",
      'dataset d {\n  source "msgs.csv"\n  target intent multiclass\n  text amount\n}\n',
    );
    expect(r.stdout).toContain(
      "warning: text column 'amount' in msgs.csv holds numbers (40 of 40 values, such as 0), not messages",
    );
  });

  it("warns of empty messages, naming their lines", () => {
    const r = check("empty.needs", 'dataset d {\n  source "msgs.csv"\n  target intent multiclass\n  text message\n}\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("warning: 1 message in 'message' is empty (line 6 of msgs.csv)");
  });
});
