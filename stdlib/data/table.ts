/**
 * A table as read: column names, typed columns, and where each row came
 * from. Older code and tests hand over plain `values` (one array of cells
 * per column); readers hand over typed `data`, and `values` is then built
 * only if something asks for it.
 */
import { boxed, Cell, Column, fromCells, rowCount } from "./columns";

/** A table as columns, in file order; row i of the file is index i. */
export interface RawTable {
  /** How to name the file in messages. */
  file: string;
  columns: string[];
  /** Plain cells per column (built on demand when the table came from a reader). */
  values: Cell[][];
  /** Typed columns, when the table came from a reader or has been typed once. */
  data?: Column[];
  /** The file line a row starts on (header = 1), for messages; row + 2 when absent. */
  lineOf?: (row: number) => number;
  /** What reading changed and the summary should say (a duplicate column read once). */
  notes?: string[];
}

/** A table over typed columns whose `values` are boxed only when read. */
export function columnTable(
  file: string,
  columns: string[],
  data: Column[],
  lineOf?: (row: number) => number,
  cells?: Cell[][],
): RawTable {
  if (cells) return { file, columns, data, values: cells, ...(lineOf ? { lineOf } : {}) };
  // Each column is boxed on first access, alone: reading one column's cells costs that column only.
  const values: Cell[][] = new Array(data.length);
  data.forEach((c, j) => {
    let cells: Cell[] | undefined;
    Object.defineProperty(values, j, { enumerable: true, get: () => (cells ??= boxed(c)) });
  });
  return { file, columns, data, values, ...(lineOf ? { lineOf } : {}) };
}

/** A table's typed columns (built from its plain values when it has no others: tests and hand-made tables). */
export function typedColumns(t: RawTable): Column[] {
  return t.data ?? t.values.map(fromCells);
}

export const tableRows = (t: RawTable): number => {
  const cols = typedColumns(t);
  return cols.length ? rowCount(cols[0]) : 0;
};

export const lineOfRow = (t: RawTable, row: number): number => (t.lineOf ? t.lineOf(row) : row + 2);
