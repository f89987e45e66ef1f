/**
 * Hostile DSL cells in a live session: deep nesting, an include of a named
 * pipe, of a folder, of a device, of itself, and more includes than allowed
 * each end their cell with one positioned NeedsError (no stack trace, no hang)
 * and the session keeps answering with what was declared before.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "../../kernel/session";
import { OutputCollector } from "../../kernel/notebook";
import { MAX_INCLUDES } from "../../dsl/limits";

let dir: string;
let session: Session;

async function run(code: string) {
  const out = new OutputCollector(1);
  const outcome = await session.execute(code, out);
  return { outcome, outputs: out.outputs };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-hostile-"));
  execFileSync("mkfifo", [path.join(dir, "pipe.needs")]);
  fs.mkdirSync(path.join(dir, "folder.needs"));
  fs.writeFileSync(path.join(dir, "self.needs"), 'include "self.needs"\n');
  // A chain longer than the limit: inc0 includes inc1, which includes inc2, ...
  for (let i = 0; i <= MAX_INCLUDES + 1; i++)
    fs.writeFileSync(
      path.join(dir, `inc${i}.needs`),
      `include "inc${i + 1}.needs"\nneeds n${i} { must recall >= 0.5 }\n`,
    );
  fs.writeFileSync(path.join(dir, `inc${MAX_INCLUDES + 2}.needs`), "needs last { must recall >= 0.5 }\n");
  session = new Session(dir);
});
afterAll(() => session.close());

// Lines count from the cell's first line, the `%%needs` magic: the DSL starts on line 2.
describe("hostile cells end with one positioned error", () => {
  it("declares something first", async () => {
    const r = await run("%%needs\nneeds kept { must recall >= 0.5 }");
    expect(r.outcome.status).toBe("ok");
  }, 60_000);

  it.each([
    [
      "2,000 nested parentheses",
      `dataset d {\n  source "x.csv"\n  derive a = ${"(".repeat(2000)}b${")".repeat(2000)}\n}`,
      "cell:4:77: error: brackets are nested more than 64 deep",
    ],
    ["an include of a named pipe", 'include "pipe.needs"', "cell:2:9: error: pipe.needs is a named pipe, not a file"],
    ["an include of a folder", 'include "folder.needs"', "cell:2:9: error: folder.needs is a folder, not a file"],
    ["an include of a device", 'include "/dev/zero"', "cell:2:9: error: /dev/zero is a device, not a file"],
    ["a file that includes itself", 'include "self.needs"', "self.needs:1:9: error: self.needs includes itself"],
    [
      "a chain of includes past the limit",
      'include "inc0.needs"',
      `error: more than ${MAX_INCLUDES} files are included by this cell`,
    ],
  ])(
    "%s",
    async (_what, code, message) => {
      const r = await run(`%%needs\n${code}`);
      expect(r.outcome.status).toBe("error");
      if (r.outcome.status !== "error") return;
      expect(r.outcome.ename).toBe("NeedsError");
      const text = r.outcome.traceback.join("\n");
      expect(text).toContain(message);
      expect(text).not.toMatch(/\n\s+at |RangeError|Maximum call stack/);
    },
    60_000,
  );

  it("keeps answering, with what was declared before", async () => {
    const r = await run("kept.needs.length");
    expect(r.outcome.status).toBe("ok");
    expect(r.outputs).toEqual([expect.objectContaining({ data: expect.objectContaining({ "text/plain": "1" }) })]);
  }, 60_000);
});
