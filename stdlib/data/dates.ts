/**
 * Date columns become numbers a model can use (year, month, weekday), never
 * one category per day. A column is a date when it is declared one
 * (`types d: date`) or when every value in it is an ISO date or timestamp.
 */
import { NeedlabError } from "../errors";
import type { DatasetSpec } from "../../plan/plan";
import { Column, shown, TextColumn } from "./columns";
import type { Typed } from "./rows";

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const DATE_PARTS = ["year", "month", "weekday"] as const;

/** Year, month (1-12) and weekday (0 = Sunday) of a date text, or undefined. */
function partsOf(text: string): [number, number, number] | undefined {
  const t = text.trim();
  if (ISO_DATE.test(t)) {
    const y = +t.slice(0, 4),
      m = +t.slice(5, 7),
      d = +t.slice(8, 10);
    if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
    return [y, m, new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  }
  const ms = Date.parse(t);
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return [date.getFullYear(), date.getMonth() + 1, date.getDay()];
}

/**
 * Adds NAME_year, NAME_month and NAME_weekday for each date column and
 * returns the date columns (which are then not features themselves).
 */
export function expandDates(
  table: Typed,
  types: DatasetSpec["types"],
  excluded: Set<string>,
  notes: string[],
): { table: Typed; dates: string[] } {
  const columns = [...table.columns],
    data = [...table.data];
  const dates: string[] = [];
  table.columns.forEach((name, j) => {
    const col = table.data[j];
    const declared = types[name] === "date";
    if (col.kind !== "text" || excluded.has(name) || types[name] === "category") return;
    if (!declared && !(col.dictionary.length > 0 && col.dictionary.every((s) => ISO_DATE.test(s.trim())))) return;
    const parts = col.dictionary.map(partsOf);
    const bad = parts.findIndex((p) => p === undefined);
    if (bad >= 0) {
      const row = col.codes.findIndex((k) => k === bad);
      throw new NeedlabError(
        `column '${name}' is declared a date (\`types ${name}: date\`), but line ${table.line(row)} of ${table.file} has '${shown(col.dictionary[bad])}': write dates as YYYY-MM-DD (ISO 8601), or declare the column a category.`,
      );
    }
    DATE_PARTS.forEach((part, p) => {
      const data2 = new Float64Array(col.codes.length);
      for (let r = 0; r < data2.length; r++) data2[r] = col.codes[r] < 0 ? NaN : parts[col.codes[r]]![p];
      columns.push(`${name}_${part}`);
      data.push({ kind: "number", data: data2 } as Column);
    });
    dates.push(name);
    notes.push(
      `Column '${name}' holds dates: it is used as ${DATE_PARTS.map((p) => `${name}_${p}`).join(", ")} (numbers), not as one category per day.`,
    );
  });
  return { table: { ...table, columns, data }, dates };
}

export type { TextColumn };
