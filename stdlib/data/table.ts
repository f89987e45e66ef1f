/** The table a file is read into, before preparation: columns of cells. */

export type Cell = number | string | boolean | null | undefined;

/** A table as columns, in file order; row i of the file is index i. */
export interface RawTable {
  /** How to name the file in messages. */
  file: string;
  columns: string[];
  values: Cell[][];
}
