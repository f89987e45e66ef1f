/**
 * Reading a dataset's source into typed columns: CSV (our streaming reader),
 * JSON lines, and Parquet files or SQL queries (DuckDB). Every way a file
 * can be wrong (missing, empty, compressed, binary, UTF-16, JSON given as
 * CSV, the wrong delimiter, duplicate or blank column names, ragged lines)
 * becomes one message naming the file, line or column and the fix. The
 * danfojs DataFrame people see is built only when a cell asks for it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { DataFrame } from "danfojs-node";
import { NeedlabError } from "../errors";
import { jsonProblem } from "./redact";
import { Cell, Column, fromCells, shown } from "./columns";
import { readCsvColumns } from "./csv-read";
import { parquetQuery, queryColumns } from "./engine";
import { lazyFrame } from "./frame";
import { gunzip, sniff } from "./sniff";
import { columnTable, RawTable } from "./table";

/** Above this, a file is refused before reading (10 million rows of the credit data are 670 MB). */
export const MAX_CSV_BYTES = 1024 ** 3;

export function resolveSource(source: string, baseDir: string): string {
  return path.resolve(baseDir, source);
}

function checkReadable(file: string, shownName: string, baseDir: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new NeedlabError(
      `cannot find ${shownName} (looked for ${file}). Relative paths are read from the notebook's folder (${baseDir}); fix the \`source\` path.`,
    );
  }
  if (stat.isDirectory())
    throw new NeedlabError(`${shownName} is a folder, not a CSV file: point \`source\` at a file inside it.`);
  if (!stat.isFile())
    throw new NeedlabError(`${shownName} is not a regular file (a pipe or a device): name a CSV file.`);
  if (stat.size === 0) throw new NeedlabError(`${shownName} is empty: it needs a header row and data rows.`);
  if (stat.size > MAX_CSV_BYTES) {
    throw new NeedlabError(
      `${shownName} is ${(stat.size / 1024 ** 3).toFixed(1)} GB; needlab reads CSV files up to ${MAX_CSV_BYTES / 1024 ** 3} GB into memory. Sample it first (e.g. \`head -n 1000000\`).`,
    );
  }
  return stat.size;
}

/** How a source is read (the dataset block's reading settings). */
export interface FileOptions {
  format?: "csv" | "jsonl" | "parquet";
  delimiter?: string;
  encoding?: string;
  /** Texts read as missing in every column (`missing_values "?", "-"`), and per column. */
  missingValues?: string[];
  missingByColumn?: Record<string, string[]>;
  thousands?: string;
  decimal?: string;
  types?: Record<string, string>;
  /** `source sql "..."`: a query DuckDB runs; the source name is then only for messages. */
  sql?: string;
}

const formatOf = (source: string, options: FileOptions): "csv" | "jsonl" | "parquet" =>
  options.format ??
  (/\.(jsonl|ndjson)(\.gz)?$/i.test(source) ? "jsonl" : /\.parquet$/i.test(source) ? "parquet" : "csv");

function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The first line of a file, however long (a header of thousands of columns is longer than any fixed read). */
function firstLines(file: string, wanted: number): Buffer {
  for (let size = 64 * 1024; ; size *= 4) {
    const head = readHead(file, size);
    let newlines = 0;
    for (let i = head.indexOf(10); i >= 0 && newlines < wanted; i = head.indexOf(10, i + 1)) newlines++;
    if (newlines >= wanted || head.length < size || size >= 256 * 1024 ** 2) return head;
  }
}

/** Column names, checked: blank names, names equal but for spaces, duplicates and a one-column header that holds another delimiter. */
export function checkHeader(columns: string[], raw: string[], shownName: string, delimiter: string): void {
  const blank = columns.findIndex((c) => c === "");
  if (blank >= 0)
    throw new NeedlabError(
      `column ${blank + 1} of ${shownName} has no name in the header: name it in the file (or remove the column).`,
    );
  const seen = new Map<string, number>();
  columns.forEach((c, j) => {
    const k = seen.get(c);
    if (k === undefined) return void seen.set(c, j);
    // Same name written the same way: judged on the values once read (identical copies are read once).
    if (raw[k] === raw[j]) return;
    throw new NeedlabError(
      `${shownName} has two columns named '${shown(c)}' once spaces are ignored: '${shown(raw[k])}' (column ${k + 1}) and '${shown(raw[j])}' (column ${j + 1}). Rename one in the file.`,
    );
  });
  if (columns.length === 1) {
    const other = [";", "\t", "|", ","].find((d) => d !== delimiter && columns[0].split(d).length > 2);
    if (other)
      throw new NeedlabError(
        `${shownName} reads as one column named '${shown(columns[0])}': it looks ${other === "\t" ? "tab" : `'${other}'`}-separated. Add \`delimiter ${JSON.stringify(other)}\` to the dataset block.`,
      );
  }
}

const sameColumn = (a: Column, b: Column): boolean => {
  if (a.kind === "number" && b.kind === "number") return a.data.every((x, i) => Object.is(x, b.data[i]));
  if (a.kind === "text" && b.kind === "text")
    return a.codes.every((k, i) => (k < 0 ? b.codes[i] < 0 : a.dictionary[k] === b.dictionary[b.codes[i]]));
  return false;
};

/**
 * Columns with the same name: a copy holding the same values in every row
 * is read once (and said so); copies that differ are refused, naming both.
 */
export function dropDuplicateColumns(
  columns: string[],
  data: Column[],
  shownName: string,
  lineOf: (row: number) => number,
): { columns: string[]; data: Column[]; notes: string[] } {
  const first = new Map<string, number>();
  const keep: number[] = [];
  const notes: string[] = [];
  columns.forEach((c, j) => {
    const k = first.get(c);
    if (k === undefined) return void (first.set(c, j), keep.push(j));
    if (!sameColumn(data[k], data[j])) {
      const a = data[k],
        b = data[j];
      const n = a.kind === "number" ? a.data.length : a.codes.length;
      let row = 0;
      while (row < n && sameColumn(slice(a, row), slice(b, row))) row++;
      throw new NeedlabError(
        `${shownName} has two columns named '${shown(c)}' (columns ${k + 1} and ${j + 1}) with different values (first on line ${lineOf(row)}): rename one in the file.`,
      );
    }
    notes.push(
      `${shownName} has two columns named '${shown(c)}' (columns ${k + 1} and ${j + 1}) holding the same values: it is read once.`,
    );
  });
  return { columns: keep.map((j) => columns[j]), data: keep.map((j) => data[j]), notes };
}

const slice = (c: Column, row: number): Column =>
  c.kind === "number"
    ? { kind: "number", data: c.data.subarray(row, row + 1) }
    : { ...c, codes: c.codes.subarray(row, row + 1) };

/** Column names of a Parquet file, from DuckDB in a child process (checks run synchronously). */
function parquetHeader(file: string): string[] {
  const script = `require("@duckdb/node-api").DuckDBInstance.create(":memory:").then(i=>i.connect()).then(c=>c.runAndReadAll(${JSON.stringify(`DESCRIBE ${parquetQuery(file)}`)})).then(r=>process.stdout.write(JSON.stringify(r.getRowObjectsJS().map(o=>o.column_name)))).catch(e=>{process.stderr.write(String(e.message));process.exit(1)})`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: __dirname, timeout: 60_000 });
  if (r.status !== 0) throw new NeedlabError(`cannot read ${path.basename(file)} as Parquet: ${shown(r.stderr)}`);
  return JSON.parse(r.stdout) as string[];
}

/** The header of a source (or the keys of a JSON-lines file's first records), for checks before anything runs. */
export function readHeader(
  source: string,
  baseDir: string,
  options: FileOptions = {},
): { columns: string[] } | { problem: string } {
  const file = resolveSource(source, baseDir);
  try {
    checkReadable(file, source, baseDir);
    const format = formatOf(source, options);
    const head = firstLines(file, format === "jsonl" ? 100 : 1);
    const kind = sniff(head, source, format, options.encoding, () => fs.readFileSync(file));
    if (kind.kind === "parquet") return { columns: parquetHeader(file) };
    const bytes = kind.kind === "gzip" ? gunzip(fs.readFileSync(file), source) : (kind.bytes ?? head);
    const lines = bytes.toString("utf8", kind.kind === "text" ? kind.bomLength : 0).split(/\r\n|\n|\r/);
    if (format === "jsonl") {
      const keys = new Set<string>();
      // The last line may be cut by the read: only whole lines count.
      lines.slice(0, Math.min(100, Math.max(1, lines.length - 1))).forEach((line, i) => {
        if (line.trim()) Object.keys(parseJsonLine(line, i + 1, source)).forEach((k) => keys.add(k));
      });
      return { columns: [...keys] };
    }
    const raw = splitHeader(lines[0], options.delimiter ?? ",", false);
    const columns = raw.map((c) => c.trim());
    checkHeader(columns, raw, source, options.delimiter ?? ",");
    return { columns: [...new Set(columns)] };
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

/** Splits one CSV header line, honouring RFC 4180 quotes; names are trimmed unless `trim` is false. */
export function splitHeader(line: string, delimiter = ",", trim = true): string[] {
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
      out.push(trim ? cur.trim() : cur);
      cur = "";
    } else cur += ch;
  }
  out.push(trim ? cur.trim() : cur);
  return out;
}

export interface LoadedCsv {
  /** The danfojs DataFrame: built from the columns on first use. */
  frame: DataFrame;
  table: RawTable;
}

/** A JSON value as a cell: JSON's own types are kept (the string "02134" stays a string); nested values become their JSON text. */
function jsonCell(v: unknown, missing: Set<string>): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return missing.has(v.trim()) ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

function readJsonLines(
  text: string,
  source: string,
  options: FileOptions,
): { columns: string[]; data: Column[]; cells: Cell[][] } {
  const records = text.split(/\r?\n/).flatMap((line, i) => (line.trim() ? [parseJsonLine(line, i + 1, source)] : []));
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const missing = new Set(options.missingValues ?? []);
  // JSON's own values (true stays true) are what cells see; the typed columns are what preparation uses.
  const cells = columns.map((c) => records.map((r) => jsonCell(r[c], missing)));
  return { columns, data: cells.map(fromCells), cells };
}

const records = (cells: Cell[][]) => cells[0]?.length ?? 0;

export async function loadCsv(source: string, baseDir: string, options: FileOptions = {}): Promise<LoadedCsv> {
  const made = (columns: string[], data: Column[], rows: number, lineOf?: (row: number) => number): LoadedCsv => {
    if (rows === 0) throw new NeedlabError(`${source} has a header but no data rows.`);
    return { table: columnTable(source, columns, data, lineOf), frame: lazyFrame(columns, data, rows) };
  };
  if (options.sql) {
    const t = await queryColumns(options.sql, baseDir, "the `source sql` query");
    if (t.rows === 0) throw new NeedlabError(`the \`source sql\` query returned no rows: loosen its where clause.`);
    return { table: columnTable("the sql source", t.columns, t.data), frame: lazyFrame(t.columns, t.data, t.rows) };
  }
  const file = resolveSource(source, baseDir);
  checkReadable(file, source, baseDir);
  const format = formatOf(source, options);
  const kind = sniff(readHead(file, 64 * 1024), source, format, options.encoding, () => fs.readFileSync(file));
  if (kind.kind === "parquet" || format === "parquet") {
    const t = await queryColumns(parquetQuery(file), baseDir, `reading ${source}`);
    return made(t.columns, t.data, t.rows);
  }
  const bytes = kind.kind === "gzip" ? gunzip(fs.readFileSync(file), source) : kind.bytes;
  if (format === "jsonl") {
    const text = (bytes ?? fs.readFileSync(file)).toString("utf8").replace(/^\uFEFF/, "");
    const { columns, data, cells } = readJsonLines(text, source, options);
    if (!records(cells)) throw new NeedlabError(`${source} has no records.`);
    return {
      table: columnTable(source, columns, data, undefined, cells),
      frame: lazyFrame(columns, data, records(cells)),
    };
  }
  const delimiter = options.delimiter ?? ",";
  const onHeader = (columns: string[], raw: string[]) => checkHeader(columns, raw, source, delimiter);
  const t = readCsvColumns(file, source, { ...options, delimiter, onHeader }, bytes);
  const { columns, data, notes } = dropDuplicateColumns(t.columns, t.data, source, t.lineOf);
  const loaded = made(columns, data, t.rows, t.lineOf);
  if (notes.length) loaded.table.notes = notes;
  return loaded;
}
