/**
 * The atomic-write helper and the export folder's guards, in process: what is
 * refused (system folders, pipes, folders, symbolic links, the notebook's
 * folder, folders holding files an export did not write) and what a swap
 * leaves when it is cut between its two renames.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertRegularFile, recoverFolder, replaceFolderAtomic, writeFileAtomic } from "../../stdlib/fs/atomic";
import { assertExportTarget } from "../../stdlib/export/model";

let dir: string;
const cwd = process.cwd();

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "needlab-atomic-")));
});
afterEach(() => process.chdir(cwd));

describe("writeFileAtomic", () => {
  it("replaces a file whole, keeps its mode, and leaves no temporary file", () => {
    const f = path.join(dir, "a.json");
    fs.writeFileSync(f, "old");
    fs.chmodSync(f, 0o600);
    writeFileAtomic(f, "new content");
    expect(fs.readFileSync(f, "utf8")).toBe("new content");
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(["a.json"]);
  });

  it("replaces a symbolic link instead of writing through it", () => {
    const outside = path.join(dir, "outside.txt");
    fs.writeFileSync(outside, "keep me");
    const link = path.join(dir, "link.txt");
    fs.symlinkSync(outside, link);
    writeFileAtomic(link, "new");
    expect(fs.readFileSync(outside, "utf8")).toBe("keep me");
    expect(fs.lstatSync(link).isFile()).toBe(true);
  });

  it("refuses system folders, folders and named pipes, before writing anything", () => {
    expect(() => writeFileAtomic("/proc/nope.txt", "x")).toThrow(/\/proc is a system folder/);
    expect(() => writeFileAtomic("/sys/kernel/nope/x.txt", "x")).toThrow(/\/sys is a system folder/);
    expect(() => writeFileAtomic(dir, "x")).toThrow(/it is a folder; name a file/);
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    expect(() => writeFileAtomic(fifo, "x")).toThrow(/it is a named pipe/);
  });
});

describe("assertRegularFile", () => {
  it("names what a path is when it is not a file", () => {
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    expect(() => assertRegularFile(fifo)).toThrow(`${fifo} is a named pipe, not a file`);
    expect(() => assertRegularFile(dir)).toThrow(`${dir} is a folder, not a file`);
    expect(() => assertRegularFile("/dev/zero")).toThrow("/dev/zero is a device, not a file");
    expect(() => assertRegularFile(path.join(dir, "none"))).toThrow(/cannot find/);
  });
});

describe("export folders", () => {
  it("refuses the notebook's folder and any folder holding it", () => {
    process.chdir(dir);
    expect(() => assertExportTarget(".")).toThrow(/it is the notebook's folder;/);
    expect(() => assertExportTarget("..")).toThrow(/it is the notebook's folder or holds it/);
  });

  it("refuses a symbolic link, a file, a system folder and a folder with foreign files", () => {
    fs.mkdirSync(path.join(dir, "real"));
    fs.symlinkSync(path.join(dir, "real"), path.join(dir, "link"));
    expect(() => assertExportTarget(path.join(dir, "link"))).toThrow(/is a symbolic link/);
    fs.writeFileSync(path.join(dir, "file"), "x");
    expect(() => assertExportTarget(path.join(dir, "file"))).toThrow(/is a file, not a folder/);
    expect(() => assertExportTarget("/proc/nope")).toThrow(/\/proc is a system folder/);
    fs.mkdirSync(path.join(dir, "mixed"));
    fs.writeFileSync(path.join(dir, "mixed", "model.json"), "{}");
    fs.writeFileSync(path.join(dir, "mixed", "thesis.docx"), "mine");
    expect(() => assertExportTarget(path.join(dir, "mixed"))).toThrow(
      /holds thesis.docx, which an export did not write/,
    );
    fs.mkdirSync(path.join(dir, "linked"));
    fs.symlinkSync("/etc/hostname", path.join(dir, "linked", "model.json"));
    expect(() => assertExportTarget(path.join(dir, "linked"))).toThrow(
      /holds model.json, which an export did not write/,
    );
  });

  it("accepts a new folder and one holding only an earlier export", () => {
    expect(() => assertExportTarget(path.join(dir, "new"))).not.toThrow();
    fs.mkdirSync(path.join(dir, "earlier"));
    for (const f of ["model.json", "weights.bin", "model-card.md"]) fs.writeFileSync(path.join(dir, "earlier", f), f);
    expect(() => assertExportTarget(path.join(dir, "earlier"))).not.toThrow();
  });
});

describe("replaceFolderAtomic", () => {
  it("swaps a folder in whole and removes what the old one held", async () => {
    const target = path.join(dir, "m");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "old.txt"), "old");
    await replaceFolderAtomic(target, async (temp) => fs.writeFileSync(path.join(temp, "new.txt"), "new"));
    expect(fs.readdirSync(target)).toEqual(["new.txt"]);
    expect(fs.readdirSync(dir)).toEqual(["m"]);
  });

  it("leaves the old folder when filling fails", async () => {
    const target = path.join(dir, "m");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "old.txt"), "old");
    await expect(
      replaceFolderAtomic(target, async () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(fs.readdirSync(target)).toEqual(["old.txt"]);
    expect(fs.readdirSync(dir)).toEqual(["m"]);
  });

  it("puts the old folder back when a swap was cut between its renames", () => {
    // The state a kill between the two renames leaves: the target gone, the old one aside.
    fs.mkdirSync(path.join(dir, ".m.old"));
    fs.writeFileSync(path.join(dir, ".m.old", "old.txt"), "old");
    recoverFolder(path.join(dir, "m"));
    expect(fs.readdirSync(path.join(dir, "m"))).toEqual(["old.txt"]);
    expect(fs.existsSync(path.join(dir, ".m.old"))).toBe(false);
  });
});
