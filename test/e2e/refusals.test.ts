/**
 * The CLI refuses, with exit 2 (or 1 for `check` findings) and one clear
 * message, before anything is written: outputs that would land on the input
 * notebook or on each other, inputs that are folders, named pipes or devices,
 * include cycles (as the kernel does) and hostile DSL files, never with a
 * stack trace.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/kill";

let dir: string;
const NB = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ cell_type: "markdown", source: "# hello", metadata: {} }],
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "needlab-refuse-"));
  fs.writeFileSync(path.join(dir, "nb.ipynb"), NB);
  fs.mkdirSync(path.join(dir, "folder.ipynb"));
  fs.mkdirSync(path.join(dir, "folder.needs"));
  execFileSync("mkfifo", [path.join(dir, "pipe.ipynb"), path.join(dir, "pipe.needs")]);
  fs.writeFileSync(path.join(dir, "self.needs"), 'include "self.needs"\n'.repeat(1000));
  fs.writeFileSync(path.join(dir, "a.needs"), 'needs n { must recall >= 0.5 }\ninclude "b.needs"\n');
  fs.writeFileSync(path.join(dir, "b.needs"), 'include "a.needs"\n');
  for (const [name, target] of [
    ["inc-pipe.needs", "pipe.needs"],
    ["inc-folder.needs", "folder.needs"],
    ["inc-device.needs", "/dev/zero"],
  ])
    fs.writeFileSync(path.join(dir, name), `needs n { must recall >= 0.5 }\ninclude "${target}"\n`);
  const derive = (expr: string) => `dataset d {\n  source "x.csv"\n  derive a = ${expr}\n}\n`;
  fs.writeFileSync(path.join(dir, "parens.needs"), derive("(".repeat(20_000) + "b" + ")".repeat(20_000)));
  fs.writeFileSync(path.join(dir, "calls.needs"), derive("log1p(".repeat(10_000) + "b" + ")".repeat(10_000)));
  fs.writeFileSync(path.join(dir, "sum.needs"), derive(Array(100_000).fill("b").join(" + ")));
  fs.writeFileSync(path.join(dir, "strings.needs"), '"abc\n'.repeat(20_000));
});

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |RangeError|Maximum call stack/);

describe("needlab run refuses where its outputs would land", () => {
  it.each([
    [["--html", "nb.ipynb"], "--html names the input notebook"],
    [["--in-place", "--html", "nb.ipynb"], "--html names the input notebook"],
    [["--out", "x.ipynb", "--html", "x.ipynb"], "--html and --out name the same file"],
    [["--in-place", "--out", "other.ipynb"], "--in-place writes the executed notebook over nb.ipynb, but --out names"],
    [["--out", "./nb.ipynb"], "--out names the input notebook; add --in-place to overwrite it"],
    [["--html", "/proc/report.html"], "/proc is a system folder"],
  ])("run nb.ipynb %j: exit 2, nothing written", async (args, message) => {
    const r = await runCli(["run", "nb.ipynb", ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    noStack(r.stderr);
    expect(fs.readFileSync(path.join(dir, "nb.ipynb"), "utf8")).toBe(NB);
    expect(fs.existsSync(path.join(dir, "x.ipynb"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "nb.executed.ipynb"))).toBe(false);
  });

  it("refuses the input through a symbolic link to it", async () => {
    fs.symlinkSync(path.join(dir, "nb.ipynb"), path.join(dir, "alias.html"));
    const r = await runCli(["run", "nb.ipynb", "--html", "alias.html"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--html names the input notebook");
  });

  it.each([
    ["folder.ipynb", "folder.ipynb is a folder, not a file"],
    ["pipe.ipynb", "pipe.ipynb is a named pipe, not a file"],
  ])("refuses to run %s", async (file, message) => {
    const r = await runCli(["run", file], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe("needlab check and fmt read only regular files", () => {
  it.each([
    ["pipe.needs", "pipe.needs is a named pipe, not a file"],
    ["folder.needs", "folder.needs is a folder, not a file"],
  ])("check %s: a message, no hang", async (file, message) => {
    const r = await runCli(["check", file], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it("fmt refuses a named pipe", async () => {
    const r = await runCli(["fmt", "pipe.needs"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pipe.needs is a named pipe, not a file");
  });

  it.each([
    ["inc-pipe.needs", "pipe.needs is a named pipe, not a file"],
    ["inc-folder.needs", "folder.needs is a folder, not a file"],
    ["inc-device.needs", "/dev/zero is a device, not a file"],
  ])("check %s: the include is refused at its line", async (file, message) => {
    const r = await runCli(["check", file], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:2:9: error: `);
    expect(r.stdout).toContain(message);
    noStack(r.stdout + r.stderr);
  });
});

describe("needlab check refuses include cycles as the kernel does", () => {
  it("a file that includes itself 1,000 times: one error per include, at once", async () => {
    const r = await runCli(["check", "self.needs"], dir);
    expect(r.code).toBe(1);
    const errors = r.stdout.split("\n").filter((l) => l.includes(": error: "));
    expect(errors).toHaveLength(1000);
    expect(errors[0]).toBe(
      "self.needs:1:9: error: self.needs includes itself (through self.needs → self.needs): remove one of the includes",
    );
    expect(errors[999]).toMatch(/^self\.needs:1000:9: error: /);
  }, 20_000);

  it("a cycle through two files names the chain", async () => {
    const r = await runCli(["check", "a.needs"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "b.needs:1:9: error: a.needs includes itself (through a.needs → b.needs → a.needs): remove one of the includes",
    );
  });
});

describe("needlab check on hostile DSL files", () => {
  it.each([
    ["parens.needs", "parens.needs:3:77: error: brackets are nested more than 64 deep"],
    ["calls.needs", "calls.needs:3:397: error: brackets are nested more than 64 deep"],
    ["sum.needs", "sum.needs:3:4016: error: this expression has more than 1000 operators"],
    ["strings.needs", "strings.needs:50:1: error: more than 50 characters here cannot start a token"],
  ])("%s: one positioned error, no stack trace", async (file, message) => {
    const r = await runCli(["check", file], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(message);
    noStack(r.stdout + r.stderr);
    expect(r.stdout.split("\n").every((l) => l.length < 400)).toBe(true);
  });
});
