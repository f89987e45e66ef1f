/**
 * Checks of the dataset block's reading settings named by a word
 * (`missing_values`, `thousands`, `decimal`, `quiet`) and of `source sql`,
 * kept apart from check.ts so the reading side can grow on its own.
 */
import type * as A from "../ast";
import { Diagnostic, didYouMean, error } from "../diagnostics";

export const READING_SETTINGS = ["missing_values", "thousands", "decimal", "quiet"] as const;
export const QUIET_CHECKS = ["leak", "constant", "duplicates"] as const;
export const SOURCE_KINDS = ["sql"] as const;

export function checkReadingSettings(ds: A.DatasetDecl, diags: Diagnostic[]): void {
  if (ds.sourceKind && !(SOURCE_KINDS as readonly string[]).includes(ds.sourceKind.text))
    diags.push(
      error(
        ds.sourceKind.span,
        `unknown source kind '${ds.sourceKind.text}'${didYouMean(ds.sourceKind.text, SOURCE_KINDS) || ': write `source "file.csv"` or `source sql "select ... from \'file.parquet\'"`'}`,
      ),
    );
  if (ds.sourceKind?.text === "sql" && ds.source && !/^\s*(select|with|from)\b/i.test(ds.source.value.value))
    diags.push(error(ds.source.value.span, "a `source sql` query starts with select, with or from"));
  for (const r of ds.reading) {
    const key = r.key.text;
    if (!(READING_SETTINGS as readonly string[]).includes(key)) {
      diags.push(
        error(
          r.key.span,
          `unknown dataset setting '${key}'${didYouMean(key, READING_SETTINGS) || `; reading settings: ${READING_SETTINGS.join(", ")}`}`,
        ),
      );
      continue;
    }
    if (key === "quiet") {
      if (r.values.length || r.column)
        diags.push(error(r.key.span, `quiet names checks, not texts: \`quiet ${QUIET_CHECKS.join(", ")}\``));
      for (const w of r.words)
        if (!(QUIET_CHECKS as readonly string[]).includes(w.text))
          diags.push(
            error(
              w.span,
              `unknown data check '${w.text}'${didYouMean(w.text, QUIET_CHECKS) || `; checks: ${QUIET_CHECKS.join(", ")}`}`,
            ),
          );
      continue;
    }
    if (r.words.length)
      diags.push(
        error(
          r.words[0].span,
          `${key} takes quoted texts, e.g. \`${key} ${key === "missing_values" ? '"?"' : '","'}\``,
        ),
      );
    if (key !== "missing_values") {
      if (r.column) diags.push(error(r.column.span, `${key} applies to the whole file, not to one column`));
      const v = r.values[0];
      if (v && [...v.value].length !== 1)
        diags.push(error(v.span, `${key} is one character, such as "," or ".", not ${JSON.stringify(v.value)}`));
      if (r.values.length > 1) diags.push(error(r.values[1].span, `${key} takes one character`));
    }
  }
  const thousands = ds.reading.find((r) => r.key.text === "thousands")?.values[0];
  const decimal = ds.reading.find((r) => r.key.text === "decimal")?.values[0];
  if (thousands && decimal && thousands.value === decimal.value)
    diags.push(error(decimal.span, "the decimal mark and the thousands separator must differ"));
  if (decimal && ds.delimiter && decimal.value === ds.delimiter.value.value)
    diags.push(
      error(decimal.span, `a decimal comma needs another delimiter: add \`delimiter ";"\` (as such files use)`),
    );
}

/** Columns the reading settings name, for the checker's column checks. */
export const readingColumns = (ds: A.DatasetDecl): A.Name[] => ds.reading.flatMap((r) => (r.column ? [r.column] : []));
