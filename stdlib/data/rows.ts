/**
 * The typed table preparation works on, and the steps that shape it before
 * anything is fitted: finding columns by name, declared types, and the rows
 * kept by filters and `missing COL: drop`.
 */
import { NeedlabError } from "../errors";
import type { DatasetSpec, RowFilterSpec } from "../../plan/plan";
import { endWithSuggestion } from "../../plan/suggest";
import { Column, NUMBER_TEXT, numbersAsText, rowCount, shown, TextColumn } from "./columns";
import { lineOfRow, RawTable, typedColumns } from "./table";

/** A table as preparation sees it: typed columns and the line of each row. */
export interface Typed {
  file: string;
  columns: string[];
  data: Column[];
  rows: number;
  line: (row: number) => number;
}

export function typed(raw: RawTable): Typed {
  const data = typedColumns(raw);
  return {
    file: raw.file,
    columns: raw.columns,
    data,
    rows: data.length ? rowCount(data[0]) : 0,
    line: (row) => lineOfRow(raw, row),
  };
}

export function columnOf(table: Typed, name: string, role: string): Column {
  const idx = table.columns.indexOf(name);
  if (idx < 0) {
    throw new NeedlabError(
      `${role} column '${name}' is not in ${table.file}${endWithSuggestion(name, table.columns)}Its columns are: ${table.columns.map((c) => shown(c)).join(", ")}. Fix the name in the dataset block.`,
    );
  }
  return table.data[idx];
}

export const isMissingAt = (c: Column, r: number): boolean =>
  c.kind === "number" ? Number.isNaN(c.data[r]) : c.codes[r] < 0;

/** A cell as a label (class names, groups): numbers as they print. */
export const labelAt = (c: Column, r: number): string =>
  c.kind === "number" ? String(c.data[r]) : c.codes[r] < 0 ? "" : c.dictionary[c.codes[r]];

/** `types zip: category` keeps numbers as text; `types amount: number` reads text as numbers or says where it cannot. */
export function applyTypes(table: Typed, types: DatasetSpec["types"]): Typed {
  if (Object.keys(types).length === 0) return table;
  const data = table.data.map((col, i): Column => {
    const type = types[table.columns[i]];
    if (type === "category" && col.kind === "number") return numbersAsText(col);
    if (type !== "number" || col.kind === "number") return col;
    return textAsNumbers(col, table, table.columns[i]);
  });
  return { ...table, data };
}

function textAsNumbers(col: TextColumn, table: Typed, name: string): Column {
  const parsed = col.dictionary.map((s) => (NUMBER_TEXT.test(s.trim()) ? Number(s.trim()) : NaN));
  const data = new Float64Array(col.codes.length);
  for (let r = 0; r < data.length; r++) {
    const k = col.codes[r];
    if (k < 0) data[r] = NaN;
    else if (Number.isNaN(parsed[k]))
      throw new NeedlabError(
        `column '${name}' is declared a number (\`types ${name}: number\`), but line ${table.line(r)} of ${table.file} has '${shown(col.dictionary[k])}'. Fix the value or declare it a category.`,
      );
    else data[r] = parsed[k];
  }
  return { kind: "number", data };
}

/** Whether each dictionary entry (or number) passes a filter; evaluated once per distinct value. */
function filterMask(f: RowFilterSpec, col: Column): (r: number) => boolean {
  const test = (v: number | string): boolean => {
    if (f.op === "==" || f.op === "!=" || f.op === "in") {
      const eq = f.values.some((x) => (typeof x === "number" ? Number(v) === x : String(v) === x));
      return f.op === "!=" ? !eq : eq;
    }
    const x = typeof v === "number" ? v : Number(v);
    const bound = f.values[0] as number;
    if (!Number.isFinite(x)) return false;
    return f.op === ">=" ? x >= bound : f.op === "<=" ? x <= bound : f.op === ">" ? x > bound : x < bound;
  };
  if (col.kind === "number") return (r) => !Number.isNaN(col.data[r]) && test(col.data[r]);
  const pass = Uint8Array.from(col.dictionary, (s) => (test(s) ? 1 : 0));
  return (r) => col.codes[r] >= 0 && pass[col.codes[r]] === 1;
}

/** Rows kept by the filters and by `missing COL: drop`, with a note of what was left out. */
export function selectRows(table: Typed, spec: DatasetSpec, notes: string[]): Int32Array {
  let rows = new Int32Array(table.rows);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  for (const f of spec.filters) {
    const keep = filterMask(f, columnOf(table, f.column, "filtered"));
    const before = rows.length;
    rows = rows.filter(keep);
    notes.push(
      `filter ${f.column} ${f.op} ${f.op === "in" ? JSON.stringify(f.values) : JSON.stringify(f.values[0])}: kept ${rows.length} of ${before} rows.`,
    );
    if (rows.length === 0)
      throw new NeedlabError(
        `no rows of ${table.file} pass \`filter ${f.column} ${f.op} ${JSON.stringify(f.op === "in" ? f.values : f.values[0])}\`${f.values.some((x) => typeof x === "string") ? " (text is compared exactly, case included)" : ""}: loosen or remove the filter.`,
      );
  }
  for (const [name, m] of Object.entries(spec.missing)) {
    if (m.strategy !== "drop") continue;
    const col = columnOf(table, name, "missing-value");
    const before = rows.length;
    rows = rows.filter((r) => !isMissingAt(col, r));
    if (rows.length < before)
      notes.push(`${before - rows.length} rows with no '${name}' value were left out (\`missing ${name}: drop\`).`);
  }
  return rows;
}
