/**
 * Where `needlab run` writes, decided and checked before anything runs: the
 * executed notebook and the report never land on the input (unless
 * `--in-place` says so for the notebook) or on each other, and never in a
 * place they cannot be written.
 */
import fs from "node:fs";
import path from "node:path";
import { NeedlabError } from "../stdlib/errors";
import { assertRegularFile, assertWritableTarget } from "../stdlib/fs/atomic";

export interface RunTargets {
  input: string;
  out: string;
  html?: string;
}

/** Two paths name the same file: the same path once links are resolved, or the same inode. */
function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      try {
        return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
      } catch {
        return path.resolve(p);
      }
    }
  };
  if (real(a) === real(b)) return true;
  const sa = fs.statSync(a, { throwIfNoEntry: false });
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

export function runTargets(notebook: string, opts: { out?: string; html?: string; inPlace?: boolean }): RunTargets {
  const input = path.resolve(notebook);
  if (!fs.existsSync(input)) throw new NeedlabError(`no notebook at ${input}`);
  assertRegularFile(input, notebook);
  const defaultOut = input.replace(/\.ipynb$/i, "") + ".executed.ipynb";
  const out = path.resolve(opts.out ?? (opts.inPlace ? input : defaultOut));
  const html = opts.html ? path.resolve(opts.html) : undefined;
  if (opts.inPlace && !sameFile(out, input))
    throw new NeedlabError(
      `--in-place writes the executed notebook over ${notebook}, but --out names ${opts.out}: give one or the other`,
    );
  if (!opts.inPlace && sameFile(out, input))
    throw new NeedlabError(`--out names the input notebook; add --in-place to overwrite it`);
  if (html && sameFile(html, input))
    throw new NeedlabError(
      `--html names the input notebook ${notebook}: the report would replace it; name an .html file`,
    );
  if (html && sameFile(html, out))
    throw new NeedlabError(
      `--html and --out name the same file ${opts.html}: the report would replace the executed notebook; name an .html file`,
    );
  for (const [file, flag] of [
    [out, "--out"],
    [html, "--html"],
  ] as const) {
    if (!file) continue;
    assertWritableTarget(file, `${flag} ${file}`);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) throw new NeedlabError(`${flag} ${file} is not a regular file: name a file to write`);
  }
  return { input, out, html };
}
