/**
 * Derived columns, computed on the raw table before preparation, so they
 * can be features or sensitive attributes like any other column.
 */
import { NeedlabError } from "../errors";
import type { DeriveFunction, DerivedColumn, ExprSpec } from "../../plan/plan";
import type { Cell, RawTable } from "./table";

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
    if (!Number.isFinite(x))
      throw new NeedlabError(`bucket(${column}, ...) needs numbers, but line ${row + 2} of ${file} has '${String(v)}'`);
    let band = 0;
    while (band < edges.length && x >= edges[band]) band++;
    return labels[band];
  });
}

const FUNCTIONS: Record<Exclude<DeriveFunction, "bucket">, (...xs: number[]) => number> = {
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  abs: Math.abs,
  exp: Math.exp,
  round: Math.round,
  min: Math.min,
  max: Math.max,
};

const OPS = {
  "+": (a: number, b: number) => a + b,
  "-": (a: number, b: number) => a - b,
  "*": (a: number, b: number) => a * b,
  "/": (a: number, b: number) => a / b,
};

/** Writes an expression back as text, for messages. */
export function exprText(e: ExprSpec): string {
  if ("num" in e) return String(e.num);
  if ("col" in e) return /^[A-Za-z_]\w*$/.test(e.col) ? e.col : JSON.stringify(e.col);
  if ("neg" in e) return `-${exprText(e.neg)}`;
  if ("op" in e) return `(${exprText(e.left)} ${e.op} ${exprText(e.right)})`;
  return `${e.fn}(${[...e.args.map(exprText), ...(e.list ? [`[${e.list.join(", ")}]`] : [])].join(", ")})`;
}

/**
 * Evaluates an expression over every row. Missing inputs give a missing
 * result, and so does arithmetic with no finite answer (log of 0, x / 0):
 * the result is imputed later like any other gap, never an Infinity that
 * would poison the scaler.
 */
export function evaluateExpr(
  e: ExprSpec,
  columnOf: (name: string) => Cell[],
  rows: number,
  file: string,
  derived: string,
): Cell[] {
  if ("fn" in e && e.fn === "bucket") {
    const col = e.args[0] as { col: string };
    return bucket(columnOf(col.col), e.list ?? [], col.col, file);
  }
  const numeric = (sub: ExprSpec): (number | null)[] => {
    if ("num" in sub) return new Array(rows).fill(sub.num);
    if ("col" in sub) {
      return columnOf(sub.col).map((v, row) => {
        if (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v))) return null;
        const x = typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : Number(v);
        if (!Number.isFinite(x))
          throw new NeedlabError(
            `derive ${derived}: '${sub.col}' must hold numbers for \`${exprText(e)}\`, but line ${row + 2} of ${file} has '${String(v)}'. Use bucket() or a filter for text columns.`,
          );
        return x;
      });
    }
    return evaluateExpr(sub, columnOf, rows, file, derived) as (number | null)[];
  };
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  if ("num" in e || "col" in e) return numeric(e);
  if ("neg" in e) return numeric(e.neg).map((x) => (x === null ? null : -x));
  if ("op" in e) {
    const a = numeric(e.left),
      b = numeric(e.right),
      f = OPS[e.op];
    return a.map((x, i) => (x === null || b[i] === null ? null : finite(f(x, b[i]!))));
  }
  const args = e.args.map(numeric),
    f = FUNCTIONS[e.fn as Exclude<DeriveFunction, "bucket">];
  return args[0].map((_, i) => (args.some((a) => a[i] === null) ? null : finite(f(...args.map((a) => a[i]!)))));
}

export function deriveColumns(table: RawTable, derived: DerivedColumn[]): RawTable {
  if (derived.length === 0) return table;
  const columns = [...table.columns],
    values = [...table.values];
  const rows = values[0]?.length ?? 0;
  for (const d of derived) {
    const columnOf = (name: string) => {
      const source = columns.indexOf(name);
      if (source < 0) throw new NeedlabError(`derive ${d.name}: column '${name}' is not in ${table.file}`);
      return values[source];
    };
    values.push(evaluateExpr(d.expr, columnOf, rows, table.file, d.name));
    columns.push(d.name);
  }
  return { file: table.file, columns, values };
}

/** The columns an expression reads. */
export function exprColumnsOf(e: ExprSpec): string[] {
  if ("col" in e) return [e.col];
  if ("num" in e) return [];
  if ("neg" in e) return exprColumnsOf(e.neg);
  if ("op" in e) return [...exprColumnsOf(e.left), ...exprColumnsOf(e.right)];
  return e.args.flatMap(exprColumnsOf);
}
