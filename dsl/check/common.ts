/**
 * Small checks several statements share: a setting given twice, a word that
 * must be one of a list.
 */
import type * as A from "../ast";
import { type Diagnostic, didYouMean, error } from "../diagnostics";

export function checkRepeated(repeated: A.Name[], diags: Diagnostic[]): void {
  for (const r of repeated) diags.push(error(r.span, `'${r.text}' is given twice in this block; keep one`));
}

/** Reports a name that is not one of `known`, with a suggestion. */
export function checkChoice(n: A.Name, known: readonly string[], what: string, diags: Diagnostic[]): boolean {
  if (known.includes(n.text)) return true;
  diags.push(
    error(n.span, `unknown ${what} '${n.text}'${didYouMean(n.text, known) || `; known: ${known.join(", ")}`}`),
  );
  return false;
}

export const isNumber = (v: A.NumberLit | A.StringLit): v is A.NumberLit => "raw" in v;

/** Column names an expression reads, in order. */
export function exprColumns(e: A.Expr): A.Name[] {
  switch (e.kind) {
    case "column":
      return [e.name];
    case "number":
      return [];
    case "negate":
      return exprColumns(e.arg);
    case "binary":
      return [...exprColumns(e.left), ...exprColumns(e.right)];
    case "call":
      return e.args.flatMap(exprColumns);
  }
}
