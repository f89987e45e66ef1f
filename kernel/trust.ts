/**
 * Signing an executed notebook the way `jupyter trust` does (nbformat.sign),
 * so that Jupyter shows its HTML and JavaScript outputs (the charts) when the
 * person who ran it opens it: an HMAC-SHA256, keyed by the user's
 * `notebook_secret`, over every key and value of the notebook as Python's
 * nbformat reads it (keys sorted, its signature and trust marks left out),
 * stored in the SQLite store `nbsignatures.db` beside the secret.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../stdlib/fs/atomic";
import { userDataDir } from "./kernelspec";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Python orders str keys by code point; JavaScript's `<` compares UTF-16 units (they differ past U+FFFF). */
const byCodePoint = (a: string, b: string): number => {
  const ca = Array.from(a),
    cb = Array.from(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i].codePointAt(0)! - cb[i].codePointAt(0)!;
    if (d) return d;
  }
  return ca.length - cb.length;
};

/** Python's repr of a float: the shortest digits that read back, fixed between 1e-4 and 1e16, else d.ddde±XX. */
export function pythonFloatRepr(n: number): string {
  const [mantissa, expText] = Math.abs(n).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const sign = n < 0 ? "-" : "";
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
  }
  const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return `${sign}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e${e}`;
}

/**
 * A JSON number as Python's str() writes the value json.loads made of it:
 * JSON.stringify writes whole numbers below 1e21 without a point (an int for
 * Python), anything else as a float.
 */
const pythonNumber = (n: number): string =>
  Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : pythonFloatRepr(n);

/** nbformat.sign.yield_everything: every key and value, in order, as the bytes the HMAC reads. */
function* everything(value: Json): Generator<string> {
  if (value === null) yield "None";
  else if (typeof value === "boolean") yield value ? "True" : "False";
  else if (typeof value === "number") yield pythonNumber(value);
  else if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* everything(v);
  else
    for (const key of Object.keys(value).sort(byCodePoint)) {
      yield key;
      yield* everything(value[key]);
    }
}

const isJsonMime = (mime: string) => mime === "application/json" || /^application\/.*\+json$/.test(mime);

/** What nbformat.read hands the notary: multi-line strings joined (rejoin_lines), transient fields gone (strip_transient). */
function asNbformatReadsIt(written: string): { [key: string]: Json } {
  const nb = JSON.parse(written);
  const join = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === "string") ? v.join("") : v);
  const rejoinBundle = (data: Record<string, unknown> = {}) => {
    for (const [k, v] of Object.entries(data)) if (!isJsonMime(k)) data[k] = join(v);
  };
  for (const key of ["orig_nbformat", "orig_nbformat_minor", "signature"]) delete nb.metadata?.[key];
  for (const cell of nb.cells ?? []) {
    if ("source" in cell) cell.source = join(cell.source);
    for (const attachment of Object.values(cell.attachments ?? {})) rejoinBundle(attachment as Record<string, unknown>);
    delete cell.metadata?.trusted;
    if (cell.cell_type !== "code") continue;
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "execute_result" || out.output_type === "display_data") rejoinBundle(out.data);
      else if (out.output_type && Array.isArray(out.text)) out.text = join(out.text);
    }
  }
  return nb;
}

/** The signature `jupyter trust` computes for this notebook file's text with this secret (hex). */
export function notebookSignature(written: string, secret: Buffer): string {
  const hmac = crypto.createHmac("sha256", secret);
  for (const piece of everything(asNbformatReadsIt(written))) hmac.update(piece, "utf8");
  return hmac.digest("hex");
}

/** The secret (as nbformat makes it: 1024 random bytes in base64 lines), created readable by its owner only. */
export function notebookSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, "notebook_secret");
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const secret = Buffer.from(
    crypto.randomBytes(1024).toString("base64").replace(/.{76}/g, "$&\n").replace(/\n?$/, "\n"),
  );
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Exclusive create: a secret another process wrote meanwhile wins, as it may already have signed with it.
  try {
    const fd = fs.openSync(file, "wx", 0o600);
    try {
      fs.writeFileSync(fd, secret);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(file, 0o600);
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file);
    throw e;
  }
}

/** datetime.utcnow() as Python's sqlite3 stores a `timestamp` column. */
const sqliteTimestamp = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "000");

const SCHEMA = `CREATE TABLE IF NOT EXISTS nbsignatures
  (id integer PRIMARY KEY AUTOINCREMENT, algorithm text, signature text, path text, last_seen timestamp);
CREATE INDEX IF NOT EXISTS algosig ON nbsignatures(algorithm, signature);`;

/** Holds `lock` (made with O_EXCL) while `work` runs, so two runs signing at once do not lose each other's row. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      fs.closeSync(fs.openSync(lock, "wx"));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      // A lock left by a killed run is older than any signing takes.
      if (age > 10_000 || tries > 200) fs.rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Adds (or refreshes) a signature in nbsignatures.db, as SQLiteSignatureStore.store_signature does; the file is replaced atomically. */
export async function storeSignature(dataDir: string, signature: string, now = new Date()): Promise<void> {
  const initSqlJs = (await import("sql.js")).default;
  const SQL = await initSqlJs();
  const file = path.join(dataDir, "nbsignatures.db");
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  await withLock(file + ".needlab-lock", async () => {
    const existing = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    const db = new SQL.Database(existing);
    try {
      db.exec(SCHEMA);
      const known = db.exec("SELECT id FROM nbsignatures WHERE algorithm = ? AND signature = ?", ["sha256", signature]);
      if (known.length)
        db.run("UPDATE nbsignatures SET last_seen = ? WHERE algorithm = ? AND signature = ?", [
          sqliteTimestamp(now),
          "sha256",
          signature,
        ]);
      else
        db.run("INSERT INTO nbsignatures (algorithm, signature, last_seen) VALUES (?, ?, ?)", [
          "sha256",
          signature,
          sqliteTimestamp(now),
        ]);
      writeFileAtomic(file, db.export());
    } finally {
      db.close();
    }
  });
}

/** Marks the notebook file just written (its exact text) as trusted for this user; returns the data dir used. */
export async function trustNotebook(written: string, dataDir = userDataDir()): Promise<string> {
  const signature = notebookSignature(written, notebookSecret(dataDir));
  await storeSignature(dataDir, signature);
  return dataDir;
}

/** Signs for `needlab run`: says where, or why it could not (a run never fails for want of a signature). */
export async function signExecuted(
  written: string,
): Promise<{ ok: true; dataDir: string } | { ok: false; why: string }> {
  try {
    return { ok: true, dataDir: await trustNotebook(written) };
  } catch (e) {
    return { ok: false, why: (e as Error).message };
  }
}
