/**
 * Diagnostics: every problem found in a cell, with its place, formatted the
 * way compilers do (`cell:3:12: error: message`, the source line, a caret).
 */

export interface Span {
  /** 1-based line and column. */
  line: number;
  col: number;
  /** 0-based offset into the source and length in characters. */
  offset: number;
  length: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  message: string;
  span: Span;
}

export const error = (span: Span, message: string): Diagnostic => ({ severity: "error", message, span });
export const warning = (span: Span, message: string): Diagnostic => ({ severity: "warning", message, span });

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** `file:line:col: severity: message`, the source line and a caret under the place. */
export function formatDiagnostic(d: Diagnostic, source: string | readonly string[], file = "cell"): string {
  const lines = typeof source === "string" ? source.split(/\r?\n/) : source;
  const whole = lines[d.span.line - 1] ?? "";
  // A very long line (generated, or one line of token soup) is shown as a window around the place.
  const from = whole.length > LINE_WINDOW ? Math.max(0, d.span.col - 1 - LINE_WINDOW / 2) : 0;
  const text =
    (from > 0 ? "…" : "") + whole.slice(from, from + LINE_WINDOW) + (from + LINE_WINDOW < whole.length ? "…" : "");
  const col = d.span.col - from + (from > 0 ? 1 : 0);
  const caretLen = Math.max(1, Math.min(d.span.length, text.length - col + 1));
  const caret = " ".repeat(Math.max(0, col - 1)) + "^" + "~".repeat(caretLen - 1);
  return `${file}:${d.span.line}:${d.span.col}: ${d.severity}: ${d.message}\n  ${text}\n  ${caret}`;
}

/** Characters of a source line shown under a message. */
const LINE_WINDOW = 160;

export function formatDiagnostics(diags: readonly Diagnostic[], source: string, file = "cell"): string {
  const lines = source.split(/\r?\n/); // once, not per diagnostic: a long source may have many
  return [...diags]
    .sort((a, b) => a.span.offset - b.span.offset)
    .map((d) => formatDiagnostic(d, lines, file))
    .join("\n");
}

export { closest, didYouMean, editDistance, endWithSuggestion } from "../plan/suggest";
