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
export function formatDiagnostic(d: Diagnostic, source: string, file = "cell"): string {
  const lines = source.split(/\r?\n/);
  const text = lines[d.span.line - 1] ?? "";
  const caretLen = Math.max(1, Math.min(d.span.length, text.length - d.span.col + 1));
  const caret = " ".repeat(Math.max(0, d.span.col - 1)) + "^" + "~".repeat(caretLen - 1);
  return `${file}:${d.span.line}:${d.span.col}: ${d.severity}: ${d.message}\n  ${text}\n  ${caret}`;
}

export function formatDiagnostics(diags: readonly Diagnostic[], source: string, file = "cell"): string {
  return [...diags]
    .sort((a, b) => a.span.offset - b.span.offset)
    .map((d) => formatDiagnostic(d, source, file))
    .join("\n");
}

export { closest, didYouMean, editDistance, endWithSuggestion } from "../plan/suggest";
