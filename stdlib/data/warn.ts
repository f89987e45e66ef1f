/**
 * The data checks (leak, near-constant, duplicates, text messages) for `needlab check`,
 * which runs nothing else: the file is read and prepared as a run would, and
 * only the warnings come back. Anything that would stop the run is reported
 * by the run itself, with its place, so here it yields no warnings at all.
 */
import fs from "node:fs";
import type { DatasetSpec } from "../../plan/plan";
import { readCsvColumns } from "./csv-read";
import { dropDuplicateColumns, resolveSource } from "./load";
import { prepare } from "./prepare";
import { NeedlabError } from "../errors";
import { columnTable } from "./table";

/** Files above this are left to the run (reading them twice would double a check's cost for little gain). */
export const CHECK_MAX_BYTES = 256 * 1024 ** 2;

export function dataWarnings(spec: DatasetSpec, baseDir: string): string[] {
  if (spec.sql || spec.format !== "csv" || (spec.encoding && !/^utf-?8$/i.test(spec.encoding))) return [];
  try {
    const file = resolveSource(spec.source, baseDir);
    if (fs.statSync(file).size > CHECK_MAX_BYTES) return [];
    const t = readCsvColumns(file, spec.source, spec);
    const { columns, data } = dropDuplicateColumns(t.columns, t.data, spec.source, t.lineOf);
    return prepare(columnTable(spec.source, columns, data, t.lineOf), spec).warnings.map((w) => w.message);
  } catch (e) {
    // A text column that cannot be read at all is what `needlab check` is for: say so; the rest is the run's to report.
    return e instanceof NeedlabError && e.message.startsWith("text column") ? [e.message] : [];
  }
}
