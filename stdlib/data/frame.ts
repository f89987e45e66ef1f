/**
 * The danfojs DataFrame a cell sees (`dataset.frame`), built from the typed
 * columns only when a cell asks for it: a DataFrame boxes every cell (about
 * 20 times the columns' memory), which a 10-million-row dataset cannot
 * afford just to be prepared and trained on.
 *
 * Until then the frame answers `shape` and `columns` itself and remembers
 * `addColumn` and `drop` (with `inplace: true`), so code that only looks at
 * its size or names, or adds derived columns and removes personal data,
 * never builds it.
 */
import type { DataFrame } from "danfojs-node";
import { boxed, Cell, Column } from "./columns";

type Pending = { name: string; column?: Column; values?: Cell[] };

/** Builds the DataFrame: rows and column names given apart, so names like `__proto__` are just names. */
function buildFrame(parts: Pending[], rows: number): DataFrame {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dfd: typeof import("danfojs-node") = require("danfojs-node");
  const cols = parts.map((p) => p.values ?? boxed(p.column!));
  const data = new Array<Cell[]>(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array<Cell>(cols.length);
    for (let j = 0; j < cols.length; j++) row[j] = cols[j][i] ?? null;
    data[i] = row;
  }
  return new dfd.DataFrame(data.length ? data : [parts.map(() => null)], {
    columns: parts.map((p) => p.name),
  }) as DataFrame;
}

/** A DataFrame built on first use from `columns`; `shape`, `columns`, `addColumn` and `drop` (in place) do not build it. */
export function lazyFrame(names: string[], data: Column[], rows: number): DataFrame {
  let parts: Pending[] = names.map((name, j) => ({ name, column: data[j] }));
  let frame: DataFrame | undefined;
  const real = (): DataFrame => (frame ??= buildFrame(parts, rows));
  const cheap: Record<string, () => unknown> = {
    shape: () => [rows, parts.length],
    columns: () => parts.map((p) => p.name),
    addColumn: () => (name: string, values: unknown, options?: { inplace?: boolean }) => {
      if (!options?.inplace || !Array.isArray(values)) return real().addColumn(name, values as never, options as never);
      parts = [...parts.filter((p) => p.name !== name), { name, values: values as Cell[] }];
    },
    drop: () => (options: { columns?: string[]; inplace?: boolean }) => {
      if (!options?.inplace || !options.columns) return real().drop(options as never);
      const gone = new Set(options.columns);
      parts = parts.filter((p) => !gone.has(p.name));
    },
  };
  return new Proxy({} as DataFrame, {
    get(_, prop) {
      if (!frame && typeof prop === "string" && prop in cheap) return cheap[prop]();
      const f = real();
      const v = Reflect.get(f as object, prop, f);
      return typeof v === "function" ? v.bind(f) : v;
    },
    has: (_, prop) => Reflect.has(real() as object, prop),
    set: (_, prop, value) => Reflect.set(real() as object, prop, value),
    ownKeys: () => Reflect.ownKeys(real() as object),
    getOwnPropertyDescriptor: (_, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(real() as object, prop);
      return d ? { ...d, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real() as object),
  });
}
