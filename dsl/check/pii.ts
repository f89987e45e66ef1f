/**
 * Personal data stays unread: a column declared `pii` is removed before
 * anything looks at its values, so every setting that would read them
 * (`types`, `derive`/`bucket`, `filter`, `missing`, `encode`, `scale`,
 * `split ... by`) is refused before anything runs. Otherwise a mistake in
 * such a setting would quote one of its values in an error message, and from
 * there in the saved notebook and its report. Messages name the column and
 * the place, never a value.
 */
import type * as A from "../ast";
import { Diagnostic, error } from "../diagnostics";
import { exprColumns } from "./common";

const refusal = (column: string, setting: string, why: string) =>
  `'${column}' is personal data (pii), so ${setting} cannot use it: ${why}. Remove it from ${setting}, or from \`pii\` if it is not personal data`;

/** Diagnostics for every setting of `ds` that reads a `pii` column. */
export function checkPii(ds: A.DatasetDecl, diags: Diagnostic[]): void {
  const pii = new Set(ds.pii.map((p) => p.text));
  if (pii.size === 0) return;
  const never = "needlab never reads its values";
  const refuse = (n: A.Name, setting: string, why = never) => {
    if (pii.has(n.text)) diags.push(error(n.span, refusal(n.text, setting, why)));
  };
  ds.types.forEach((c) => refuse(c.column, "`types`", never));
  ds.missing.forEach((c) => refuse(c.column, "`missing`", "it is removed before missing values are filled"));
  ds.encode.forEach((c) => refuse(c.column, "`encode`", "it is never a feature"));
  ds.scaleColumns.forEach((c) => refuse(c.column, "`scale`", "it is never a feature"));
  ds.filters.forEach((f) => refuse(f.column, "`filter`", "keeping rows by it would read its values"));
  for (const d of ds.derived)
    exprColumns(d.expr).forEach((n) =>
      refuse(n, `\`derive ${d.name.text}\``, "a derived column would carry its values into the features"),
    );
  if (ds.split?.value.by)
    refuse(ds.split.value.by.column, "`split ... by`", "grouping rows by it would read its values");
}
