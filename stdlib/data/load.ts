/**
 * Reading a CSV file with danfojs-node, with the failures people actually
 * hit (wrong path, empty file, a file too big for memory) turned into clear
 * messages. danfojs is loaded on first use: it costs most of a second.
 */
import fs from "node:fs";
import path from "node:path";
import type { DataFrame } from "danfojs-node";
import { NeedlabError } from "../errors";
import type { Cell, RawTable } from "./prepare";

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
    throw new NeedlabError(`cannot find ${shown} (looked for ${file}). Relative paths are read from the notebook's folder (${baseDir}); fix the \`source\` path.`);
  }
  if (stat.isDirectory()) throw new NeedlabError(`${shown} is a folder, not a CSV file: point \`source\` at a file inside it.`);
  if (stat.size === 0) throw new NeedlabError(`${shown} is empty: it needs a header row and data rows.`);
  if (stat.size > MAX_CSV_BYTES) {
    throw new NeedlabError(`${shown} is ${(stat.size / 1024 ** 3).toFixed(1)} GB; needlab reads CSV files up to ${MAX_CSV_BYTES / 1024 ** 3} GB into memory. Sample it first (e.g. \`head -n 1000000\`).`);
  }
}

/** The header of a CSV file, for checks before anything runs. */
export function readHeader(source: string, baseDir: string): { columns: string[] } | { problem: string } {
  const file = resolveSource(source, baseDir);
  try {
    checkReadable(file, source, baseDir);
    const fd = fs.openSync(file, "r");
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const firstLine = buf.subarray(0, n).toString("utf8").split(/\r?\n/)[0].replace(/^\uFEFF/, "");
      return { columns: splitHeader(firstLine) };
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { problem: e instanceof NeedlabError ? e.message : `cannot read ${source}: ${(e as Error).message}` };
  }
}

/** Splits one CSV header line, honouring RFC 4180 quotes. */
export function splitHeader(line: string): string[] {
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
    else if (ch === ",") {
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
  const candidates = [ragged >= 0 ? { row: ragged, text: `line ${ragged + 1} has ${parsed.data[ragged].length} fields, the header has ${width}` } : undefined, firstError ? { row: firstError.row ?? Infinity, text: `line ${(firstError.row ?? 0) + 2}: ${firstError.message}` } : undefined].filter((c): c is { row: number; text: string } => !!c);
  return candidates.sort((a, b) => a.row - b.row)[0]?.text;
}

export interface LoadedCsv {
  frame: DataFrame;
  table: RawTable;
}

export async function loadCsv(source: string, baseDir: string): Promise<LoadedCsv> {
  const file = resolveSource(source, baseDir);
  checkReadable(file, source, baseDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd: typeof import("danfojs-node") = require("danfojs-node");
  let frame: DataFrame;
  try {
    frame = (await dfd.readCSV(file, { skipEmptyLines: true } as never)) as DataFrame;
  } catch (e) {
    throw new NeedlabError(`cannot parse ${source} as CSV: ${firstCsvProblem(file) ?? (e as Error).message}. Check that it is comma-separated with a header row.`);
  }
  const columns = frame.columns.map(String);
  if (frame.shape[0] === 0) throw new NeedlabError(`${source} has a header but no data rows.`);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new NeedlabError(`${source} has two columns named '${dup}': rename one in the file.`);
  const values = columns.map((c) => frame.column(c).values as Cell[]);
  return { frame, table: { file: source, columns, values } };
}
