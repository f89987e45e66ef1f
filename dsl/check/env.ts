/** What the checker is given: the names earlier cells declared, and a way to peek at a data file's header. */
import type { ParamValue, Task } from "../../plan/plan";
import type * as A from "../ast";

/** What the session already knows, and how to peek at a CSV header. */
export interface CheckEnv {
  datasets: ReadonlySet<string>;
  models: ReadonlySet<string>;
  needs: ReadonlySet<string>;
  /** model name → dataset it was trained on, in earlier cells. */
  trained: ReadonlyMap<string, string>;
  /** dataset name → its sensitive columns, for datasets of earlier cells. */
  sensitive?: ReadonlyMap<string, readonly string[]>;
  /** dataset name → its task (binary when absent), for datasets of earlier cells. */
  tasks?: ReadonlyMap<string, Task>;
  /** Notebook parameters (`param seed = 7`) of earlier cells: `${seed}` stands for their values. */
  params?: ReadonlyMap<string, ParamValue>;
  /** model name → its hidden layer count, for models of earlier cells. */
  layers?: ReadonlyMap<string, number>;
  /** Columns of a CSV file, or a reason it cannot be read. */
  readHeader(
    path: string,
    options?: { format?: "csv" | "jsonl"; delimiter?: string; encoding?: string },
  ): { columns: string[] } | { problem: string };
  /** Data-check warnings (leak, near-constant, duplicates) for a dataset whose file is readable (`needlab check`). */
  dataWarnings?(ds: A.DatasetDecl): string[];
}

export const emptyEnv = (readHeader: CheckEnv["readHeader"] = () => ({ problem: "no file access" })): CheckEnv => ({
  datasets: new Set(),
  models: new Set(),
  needs: new Set(),
  trained: new Map(),
  readHeader,
});
