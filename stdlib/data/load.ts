/**
 * Reading a CSV file with danfojs-node, with the failures people actually
 * hit (wrong path, empty file, a file too big for memory) turned into clear
 * messages. danfojs is loaded on first use: it costs most of a second.
 */
import fs from "node:fs";
import path from "node:path";
import type { DataFrame } from "danfojs-node";
import { NeedlabError } from "../errors";
import { jsonProblem } from "./redact";
import type { Cell, RawTable } from "./table";

/** Above this, a CSV is refused before reading: danfojs holds it all in memory several times over. */
export const MAX_CSV_BYTES = 1024 ** 3;

export function resolveSource(source: string, baseDir: string): string {
  return path.resolve(baseDir, source);
}

function checkReadable(file: string, shown: string, baseDir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new NeedlabError(
      `cannot find ${shown} (looked for ${file}). Relative paths are read from the notebook's folder (${baseDir}); fix the \`source\` path.`,
    );
  }
  if (stat.isDirectory())
    throw new NeedlabError(`${shown} is a folder, not a CSV file: point \`source\` at a file inside it.`);
  if (!stat.isFile()) throw new NeedlabError(`${shown} is not a regular file (a pipe or a device): name a CSV file.`);
  if (stat.size === 0) throw new NeedlabError(`${shown} is empty: it needs a header row and data rows.`);
  if (stat.size > MAX_CSV_BYTES) {
    throw new NeedlabError(
      `${shown} is ${(stat.size / 1024 ** 3).toFixed(1)} GB; needlab reads CSV files up to ${MAX_CSV_BYTES / 1024 ** 3} GB into memory. Sample it first (e.g. \`head -n 1000000\`).`,
    );
  }
}

/** How a source file is read (the dataset block's format, delimiter and encoding). */
export interface FileOptions {
  format?: "csv" | "jsonl";
  delimiter?: string;
  encoding?: string;
}

const formatOf = (source: string, options: FileOptions) =>
  options.format ?? (/\.(jsonl|ndjson)$/i.test(source) ? "jsonl" : "csv");

/** The header of a CSV file (or the keys of a JSON-lines file's first records), for checks before anything runs. */
export function readHeader(
  source: string,
  baseDir: string,
  options: FileOptions = {},
): { columns: string[] } | { problem: string } {
  const file = resolveSource(source, baseDir);
  try {
    checkReadable(file, source, baseDir);
    const fd = fs.openSync(file, "r");
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const lines = new TextDecoder(options.encoding ?? "utf-8")
        .decode(buf.subarray(0, n))
        .replace(/^\uFEFF/, "")
        .split(/\r?\n/);
      if (formatOf(source, options) === "jsonl") {
        const keys = new Set<string>();
        // The last line may be cut by the 64 KB read: only whole lines count.
        for (const line of lines.slice(0, Math.min(100, Math.max(1, lines.length - 1)))) {
          if (!line.trim()) continue;
          const record = parseJsonLine(line, lines.indexOf(line) + 1, source);
          Object.keys(record).forEach((k) => keys.add(k));
        }
        return { columns: [...keys] };
      }
      return { columns: splitHeader(lines[0], options.delimiter ?? ",") };
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { problem: e instanceof NeedlabError ? e.message : `cannot read ${source}: ${(e as Error).message}` };
  }
}

function parseJsonLine(line: string, lineNo: number, source: string): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (e) {
    throw new NeedlabError(
      `line ${lineNo} of ${source} is not JSON (${jsonProblem(e)}): a JSON-lines file has one object per line.`,
    );
  }
  if (record === null || typeof record !== "object" || Array.isArray(record))
    throw new NeedlabError(
      `line ${lineNo} of ${source} is not a JSON object: a JSON-lines file has one {"column": value, ...} object per line.`,
    );
  return record as Record<string, unknown>;
}

/** Splits one CSV header line, honouring RFC 4180 quotes. */
export function splitHeader(line: string, delimiter = ","): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The first malformed line of a CSV file, as "line N: problem" (only computed once reading has failed). */
function firstCsvProblem(file: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Papa: typeof import("papaparse") = require("papaparse");
  const parsed = Papa.parse<string[]>(fs.readFileSync(file, "utf8"), { skipEmptyLines: true });
  const width = parsed.data[0]?.length ?? 0;
  const ragged = parsed.data.findIndex((row) => row.length !== width);
  const firstError = parsed.errors[0];
  const candidates = [
    ragged >= 0
      ? { row: ragged, text: `line ${ragged + 1} has ${parsed.data[ragged].length} fields, the header has ${width}` }
      : undefined,
    firstError
      ? { row: firstError.row ?? Infinity, text: `line ${(firstError.row ?? 0) + 2}: ${firstError.message}` }
      : undefined,
  ].filter((c): c is { row: number; text: string } => !!c);
  return candidates.sort((a, b) => a.row - b.row)[0]?.text;
}

export interface LoadedCsv {
  frame: DataFrame;
  table: RawTable;
}

/** A CSV field as a typed value: a number where it parses as one (as danfojs and pandas read CSV files), else its text. */
function csvCell(v: string | undefined): Cell {
  if (v === undefined) return null;
  const t = v.trim();
  return t !== "" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : v;
}

/** A JSON value as a cell: JSON's own types are kept (the string "02134" stays a string); nested values become their JSON text, a category. */
function jsonCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  return JSON.stringify(v);
}

/** Columns of a JSON-lines or non-default CSV file (another delimiter or encoding), read with papaparse. */
function readColumns(file: string, source: string, options: FileOptions): { columns: string[]; values: Cell[][] } {
  const text = new TextDecoder(options.encoding ?? "utf-8").decode(fs.readFileSync(file)).replace(/^\uFEFF/, "");
  if (formatOf(source, options) === "jsonl") {
    const records = text.split(/\r?\n/).flatMap((line, i) => (line.trim() ? [parseJsonLine(line, i + 1, source)] : []));
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return { columns, values: columns.map((c) => records.map((r) => jsonCell(r[c]))) };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Papa: typeof import("papaparse") = require("papaparse");
  const parsed = Papa.parse<string[]>(text, { delimiter: options.delimiter ?? ",", skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (!header) throw new NeedlabError(`${source} has no header row.`);
  const ragged = rows.findIndex((r) => r.length !== header.length);
  if (ragged >= 0)
    throw new NeedlabError(
      `cannot parse ${source}: line ${ragged + 2} has ${rows[ragged].length} fields, the header has ${header.length}${header.length === 1 ? ` (is the delimiter ${JSON.stringify(options.delimiter ?? ",")} right?)` : ""}.`,
    );
  const columns = header.map((h) => h.trim());
  return { columns, values: columns.map((_, j) => rows.map((r) => csvCell(r[j]))) };
}

export async function loadCsv(source: string, baseDir: string, options: FileOptions = {}): Promise<LoadedCsv> {
  const file = resolveSource(source, baseDir);
  checkReadable(file, source, baseDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd: typeof import("danfojs-node") = require("danfojs-node");
  const plainCsv =
    formatOf(source, options) === "csv" &&
    (options.delimiter ?? ",") === "," &&
    /^utf-?8$/i.test(options.encoding ?? "utf-8");
  if (!plainCsv) {
    const { columns, values } = readColumns(file, source, options);
    if ((values[0]?.length ?? 0) === 0) throw new NeedlabError(`${source} has a header but no data rows.`);
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup) throw new NeedlabError(`${source} has two columns named '${dup}': rename one in the file.`);
    const frame = new dfd.DataFrame(Object.fromEntries(columns.map((c, j) => [c, values[j]]))) as DataFrame;
    return { frame, table: { file: source, columns, values } };
  }
  let frame: DataFrame;
  try {
    frame = (await dfd.readCSV(file, { skipEmptyLines: true } as never)) as DataFrame;
  } catch (e) {
    throw new NeedlabError(
      `cannot parse ${source} as CSV: ${firstCsvProblem(file) ?? (e as Error).message}. Check that it is comma-separated with a header row.`,
    );
  }
  const columns = frame.columns.map(String);
  if (frame.shape[0] === 0) throw new NeedlabError(`${source} has a header but no data rows.`);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new NeedlabError(`${source} has two columns named '${dup}': rename one in the file.`);
  const values = columns.map((c) => frame.column(c).values as Cell[]);
  return { frame, table: { file: source, columns, values } };
}
