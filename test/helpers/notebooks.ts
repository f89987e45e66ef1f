/** Reading executed notebooks the way the end-to-end tests need. */
import fs from "node:fs";

export interface CellOutput {
  output_type: string;
  data?: Record<string, unknown>;
  text?: string | string[];
  ename?: string;
}
export interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: CellOutput[];
}

export const readCells = (file: string): Cell[] =>
  (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] }).cells;
export const codeCells = (cells: Cell[]) => cells.filter((c) => c.cell_type === "code");
export const outputs = (cells: Cell[]) => codeCells(cells).flatMap((c) => c.outputs ?? []);
export const displays = (cells: Cell[]) =>
  outputs(cells).filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");

export const EVALUATION_MIME = "application/vnd.needlab.evaluation+json";
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The machine-readable evaluation(s) a notebook produced: metric values per model. */
export function evaluations(cells: Cell[]): unknown[] {
  return displays(cells)
    .filter((o) => o.data?.[EVALUATION_MIME])
    .map((o) => o.data![EVALUATION_MIME]);
}
