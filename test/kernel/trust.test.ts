/**
 * The notebook signature against Debian's nbformat (python3-nbformat): the
 * same HMAC for a notebook full of the values where JSON, JavaScript and
 * Python disagree (floats, astral characters in keys, split lines, trust
 * marks); a store Python made that needlab adds to and Python still reads;
 * the secret made as nbformat makes it, readable by its owner only.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notebookSecret, notebookSignature, pythonFloatRepr, storeSignature, trustNotebook } from "../../kernel/trust";
import { systemPython, requireTool } from "../helpers/tools";

const py = systemPython(["nbformat"]);
const ROOT = path.resolve(__dirname, "..", "..");
let tmp: string;

const python = (script: string, ...args: string[]) => {
  const r = spawnSync(py!, ["-W", "error", "-c", script, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};

const FLOATS = [
  0.1,
  1e-7,
  1.5e300,
  -2.5,
  123.456,
  0.0001,
  0.00012,
  1e21,
  2.5e-5,
  5e-324,
  1 / 3,
  -1e22,
  9007199254740993.5,
];

/** A notebook with every value the HMAC reads differently in JavaScript and Python. */
const tricky = () =>
  JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        floats: FLOATS,
        ints: [0, -0, 3, 1e20],
        "😀 astral": true,
        "\uffff bmp": false,
        none: null,
        signature: "sha256:ignored",
        orig_nbformat: 3,
      },
      cells: [
        {
          cell_type: "code",
          id: "a1",
          metadata: { trusted: true },
          execution_count: 1,
          source: ["line 1\n", "é line 2"],
          outputs: [
            {
              output_type: "display_data",
              metadata: {},
              data: { "text/html": ["<b>\n", "x</b>"], "application/vnd.x+json": ["kept", "as a list"] },
            },
            { output_type: "stream", name: "stdout", text: ["a\n", "b"] },
          ],
        },
        { cell_type: "markdown", id: "b2", metadata: {}, source: ["# T\n", "x"] },
      ],
    },
    null,
    1,
  );

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-trust-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("signing as jupyter trust does", () => {
  it("writes floats as Python's repr does", () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    const expected = python(
      `import json,sys; print("\\n".join(repr(float(x)) for x in json.loads(sys.argv[1])))`,
      JSON.stringify(FLOATS),
    );
    expect(FLOATS.map(pythonFloatRepr).join("\n")).toBe(expected);
  });

  it("computes the signature nbformat computes, for the same secret", () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    const dir = path.join(tmp, "same");
    const secret = notebookSecret(dir);
    const file = path.join(tmp, "tricky.ipynb");
    fs.writeFileSync(file, tricky());
    const theirs = python(
      `import sys, nbformat
from nbformat.sign import NotebookNotary
nb = nbformat.read(sys.argv[1], as_version=4)
print(NotebookNotary(data_dir=sys.argv[2]).compute_signature(nb))`,
      file,
      dir,
    );
    expect(theirs).toMatch(/^[0-9a-f]{64}$/);
    expect(notebookSignature(tricky(), secret)).toBe(theirs);
    // Any change to the content changes it.
    expect(notebookSignature(tricky().replace("line 2", "line 3"), secret)).not.toBe(theirs);
  });

  it("adds to a store Python made, which Python then reads", async () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    const dir = path.join(tmp, "shared-store");
    fs.mkdirSync(dir);
    const first = path.join(tmp, "first.ipynb"),
      second = path.join(tmp, "second.ipynb");
    fs.writeFileSync(first, tricky());
    fs.writeFileSync(second, tricky().replace("line 2", "second notebook"));
    const check = (file: string) =>
      python(
        `import sys, nbformat
from nbformat.sign import NotebookNotary
n = NotebookNotary(data_dir=sys.argv[2])
print(n.check_signature(nbformat.read(sys.argv[1], as_version=4)))`,
        file,
        dir,
      );
    // Python signs the first (creating the secret and the store), needlab the second.
    python(
      `import sys, nbformat
from nbformat.sign import NotebookNotary
NotebookNotary(data_dir=sys.argv[2]).sign(nbformat.read(sys.argv[1], as_version=4))`,
      first,
      dir,
    );
    expect(check(second)).toBe("False");
    await trustNotebook(fs.readFileSync(second, "utf8"), dir);
    expect(check(second)).toBe("True");
    expect(check(first)).toBe("True");
    // Signing again refreshes the row instead of adding one.
    await storeSignature(dir, notebookSignature(fs.readFileSync(second, "utf8"), notebookSecret(dir)));
    const rows = python(
      `import sqlite3, sys
db = sqlite3.connect(sys.argv[1], detect_types=sqlite3.PARSE_DECLTYPES)
print([(a, type(t).__name__) for a, t in db.execute("select algorithm, last_seen from nbsignatures")])`,
      path.join(dir, "nbsignatures.db"),
    );
    expect(rows).toBe("[('sha256', 'datetime'), ('sha256', 'datetime')]");
  });

  it("keeps every signature when several processes store theirs at once", async () => {
    if (!requireTool("python3-nbformat", py, "apt-get install python3-nbformat")) return;
    const dir = path.join(tmp, "concurrent");
    notebookSecret(dir);
    const files = Array.from({ length: 8 }, (_, i) => {
      const f = path.join(tmp, `concurrent-${i}.ipynb`);
      fs.writeFileSync(f, tricky().replace("line 2", `notebook ${i}`));
      return f;
    });
    // Separate processes (the built CLI's module), as parallel `needlab run`s would be.
    const trust = path.join(ROOT, "dist", "kernel", "trust.js");
    const exits = await Promise.all(
      files.map(
        (f) =>
          new Promise<number | null>((resolve) =>
            spawn(
              process.execPath,
              [
                "-e",
                `require(${JSON.stringify(trust)}).trustNotebook(require("fs").readFileSync(${JSON.stringify(f)}, "utf8"), ${JSON.stringify(dir)})`,
              ],
              { stdio: "inherit" },
            ).on("exit", resolve),
          ),
      ),
    );
    expect(exits).toEqual(files.map(() => 0));
    const verdicts = python(
      `import sys, nbformat
from nbformat.sign import NotebookNotary
n = NotebookNotary(data_dir=sys.argv[1])
print(" ".join(str(n.check_signature(nbformat.read(f, as_version=4))) for f in sys.argv[2:]))`,
      dir,
      ...files,
    );
    expect(verdicts).toBe(files.map(() => "True").join(" "));
    expect(fs.readdirSync(dir).sort()).toEqual(["nbsignatures.db", "notebook_secret"]);
  });

  it("makes the secret as nbformat does, readable by its owner only, and keeps it", () => {
    const dir = path.join(tmp, "fresh");
    const secret = notebookSecret(dir);
    const stat = fs.statSync(path.join(dir, "notebook_secret"));
    expect(stat.mode & 0o777).toBe(0o600);
    // base64.encodebytes of 1024 random bytes: 76-character lines, each ending in a newline.
    const lines = secret.toString().split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(""), "base64")).toHaveLength(1024);
    expect(notebookSecret(dir).equals(secret)).toBe(true);
  });
});
