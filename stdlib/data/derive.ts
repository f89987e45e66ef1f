/**
 * Derived columns, computed on the raw table before preparation, so they
 * can be features or sensitive attributes like any other column.
 */
import { NeedlabError } from "../errors";
import type { DerivedColumn } from "../../dsl/plan";
import type { Cell, RawTable } from "./prepare";

/** Band labels for edges: whole numbers read `<25`, `25-39`, `60+`; others `<2.5`, `2.5 to <4`, `4+`. */
export function bucketLabels(edges: number[]): string[] {
  const whole = edges.every(Number.isInteger);
  const middle = edges.slice(1).map((hi, i) => (whole ? `${edges[i]}-${hi - 1}` : `${edges[i]} to <${hi}`));
  return [`<${edges[0]}`, ...middle, `${edges[edges.length - 1]}+`];
}

export function bucket(values: Cell[], edges: number[], column: string, file: string): (string | null)[] {
  const labels = bucketLabels(edges);
  return values.map((v, row) => {
    if (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v))) return null;
    const x = typeof v === "number" ? v : Number(v);
    if (!Number.isFinite(x)) throw new NeedlabError(`bucket(${column}, ...) needs numbers, but line ${row + 2} of ${file} has '${String(v)}'`);
    let band = 0;
    while (band < edges.length && x >= edges[band]) band++;
    return labels[band];
  });
}

export function deriveColumns(table: RawTable, derived: DerivedColumn[]): RawTable {
  if (derived.length === 0) return table;
  const columns = [...table.columns], values = [...table.values];
  for (const d of derived) {
    const source = columns.indexOf(d.column);
    if (source < 0) throw new NeedlabError(`derive ${d.name}: column '${d.column}' is not in ${table.file}`);
    columns.push(d.name);
    values.push(bucket(values[source], d.edges, d.column, table.file));
  }
  return { file: table.file, columns, values };
}
