/** Reading executed notebooks the way the end-to-end tests need. */
import fs from "node:fs";
import path from "node:path";

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

const RESULT_MIMES = [EVALUATION_MIME, "application/vnd.needlab.comparison+json", "application/vnd.needlab.drift+json"];
/** Needs measured by the clock: their values differ run to run. */
const TIMED = /^(p95_latency|training_time)\b/;

/**
 * needlab's machine-readable results (evaluations, comparisons, drift), less
 * what the clock or the machine decides (timed needs, the backend's name):
 * what a golden file pins down.
 */
export function pinnedResults(cells: Cell[]): unknown[] {
  return displays(cells).flatMap((o) =>
    RESULT_MIMES.filter((m) => o.data?.[m]).map((m) =>
      JSON.parse(JSON.stringify(o.data![m]), (key, value) => {
        if (key === "backend") return undefined;
        if (key === "verdicts" && Array.isArray(value))
          return value.filter((v: { text?: string }) => !TIMED.test(v.text ?? ""));
        return value;
      }),
    ),
  );
}

/**
 * Compares results with the golden file test/e2e/golden/NAME.json, so that a
 * refactoring cannot change a shipped study's numbers unnoticed. A change that
 * means to change them rewrites the file: NEEDLAB_UPDATE_GOLDEN=1 npm test.
 */
export function expectGolden(name: string, results: unknown[], expectEqual: (a: unknown, b: unknown) => void): void {
  const file = path.join(__dirname, "..", "e2e", "golden", `${name}.json`);
  if (process.env.NEEDLAB_UPDATE_GOLDEN === "1") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(results, null, 1) + "\n");
  }
  expectEqual(results, JSON.parse(fs.readFileSync(file, "utf8")));
}
