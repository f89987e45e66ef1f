/**
 * Writing a user's files so that a crash, a kill or a full disk never leaves
 * a torn one: each file is written to a temporary sibling, flushed to disk
 * and renamed over the target (rename is atomic within a folder); a folder
 * (an export) is built as a temporary sibling and swapped in whole. Reads
 * check the file type first, so a named pipe or a device never hangs a cell.
 */
import fs from "node:fs";
import path from "node:path";
import { NeedlabError } from "../errors";

/** Folders whose "files" are the kernel's or the hardware's, not the user's: never written into. */
const SPECIAL_ROOTS = ["/proc", "/sys", "/dev"];

const kindOf = (stat: fs.Stats): string =>
  stat.isDirectory()
    ? "a folder"
    : stat.isFIFO()
      ? "a named pipe"
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? "a device"
        : stat.isSocket()
          ? "a socket"
          : stat.isSymbolicLink()
            ? "a symbolic link"
            : "not a regular file";

/** The nearest existing folder at or above `p`, with symbolic links resolved. */
function existingAncestor(p: string): string {
  let dir = path.resolve(p);
  for (;;) {
    try {
      return fs.realpathSync(dir);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

const under = (p: string, root: string) => p === root || p.startsWith(root + path.sep);

/**
 * Refuses, before anything is written, a target inside /proc, /sys or /dev,
 * or whose nearest existing folder cannot be written to.
 */
export function assertWritableTarget(target: string, shown = target): void {
  const real = existingAncestor(path.dirname(path.resolve(target)));
  const special = SPECIAL_ROOTS.find((r) => under(real, r));
  if (special)
    throw new NeedlabError(
      `cannot write ${shown}: ${special} is a system folder, not a place for files; choose another.`,
    );
  try {
    fs.accessSync(real, fs.constants.W_OK);
  } catch {
    throw new NeedlabError(`cannot write ${shown}: the folder ${real} is not writable; choose another.`);
  }
}

/** Reads a regular file as text; a folder, named pipe or device is refused with its name instead of read. */
export function readRegularFile(file: string, shown = file): string {
  assertRegularFile(file, shown);
  return fs.readFileSync(file, "utf8");
}

/** Throws a NeedlabError unless `file` is (or links to) a regular file. */
export function assertRegularFile(file: string, shown = file): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new NeedlabError(`cannot find ${shown} (looked for ${path.resolve(file)})`);
  }
  if (!stat.isFile()) throw new NeedlabError(`${shown} is ${kindOf(stat)}, not a file: name a regular file instead.`);
}

const tempName = (target: string, tag: string) =>
  path.join(
    path.dirname(target),
    `.${path.basename(target)}.${tag}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
  );

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic.
  }
}

function writeAndSync(file: string, data: string | Uint8Array, mode: number): void {
  const fd = fs.openSync(file, "wx", mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces `file` with `data` atomically: readers (and a crash at any point)
 * see the old content or the new, never a mix. An existing target that is a
 * folder, pipe or device is refused; a symbolic link is replaced, not followed.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, shown = file): void {
  const target = path.resolve(file);
  assertWritableTarget(target, shown);
  let mode = 0o644;
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isFile() && !existing.isSymbolicLink())
    throw new NeedlabError(`cannot write ${shown}: it is ${kindOf(existing)}; name a file instead.`);
  if (existing?.isFile()) mode = existing.mode & 0o777;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempName(target, "tmp");
  try {
    writeAndSync(temp, data, mode);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fsyncDir(path.dirname(target));
}

/**
 * Builds a folder in a temporary sibling (`fill` writes into it) and swaps it
 * in whole for `dir`. The old folder is first renamed aside and removed only
 * once the new one is in place; should the process die between the two
 * renames, `recoverFolder` (called first by every swap) puts the old one back.
 */
export async function replaceFolderAtomic(dir: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const target = path.resolve(dir);
  recoverFolder(target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempName(target, "new");
  fs.mkdirSync(temp);
  try {
    await fill(temp);
    for (const f of fs.readdirSync(temp)) {
      const fd = fs.openSync(path.join(temp, f), "r");
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fsyncDir(temp);
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw e;
  }
  const old = path.join(path.dirname(target), `.${path.basename(target)}.old`);
  if (fs.existsSync(target)) {
    fs.rmSync(old, { recursive: true, force: true });
    fs.renameSync(target, old);
  }
  fs.renameSync(temp, target);
  fsyncDir(path.dirname(target));
  fs.rmSync(old, { recursive: true, force: true });
  sweepTemps(target);
}

/** Puts back a folder left aside by a swap that was cut between its two renames; removes an aside one otherwise. */
export function recoverFolder(dir: string): void {
  const target = path.resolve(dir);
  const old = path.join(path.dirname(target), `.${path.basename(target)}.old`);
  if (!fs.existsSync(old)) return;
  if (fs.existsSync(target)) fs.rmSync(old, { recursive: true, force: true });
  else fs.renameSync(old, target);
}

/** Removes temporary siblings of `target` left by earlier processes that were killed while writing. */
function sweepTemps(target: string): void {
  const prefix = `.${path.basename(target)}.new-`;
  for (const f of fs.readdirSync(path.dirname(target))) {
    if (!f.startsWith(prefix)) continue;
    const pid = Number(f.slice(prefix.length).split("-")[0]);
    if (pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(path.dirname(target), f), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
