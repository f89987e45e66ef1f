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

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal
 * string alignment), for "did you mean": `rleu` is one slip from `relu`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate within a distance that still reads as a typo, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  // Short names are too easy to match by accident: only suggest for them on a case slip.
  const limit = word.length <= 2 ? 0 : Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    // A short name is suggested only as the start of a longer one (`ag` → `age`).
    const prefixSlip = word.length === 2 && c.length === 3 && c.toLowerCase().startsWith(word.toLowerCase());
    const d = prefixSlip ? 1 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (prefixSlip && d < bestDist) {
      best = c;
      bestDist = d;
      continue;
    }
    if (d < bestDist && d <= limit) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** Ends a sentence with a suggestion when there is one: "… in x.csv; did you mean 'age'? " or "… in x.csv. " */
export function endWithSuggestion(word: string, candidates: Iterable<string>): string {
  const s = didYouMean(word, candidates);
  return s ? `${s} ` : ". ";
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c ? `; did you mean '${c}'?` : "";
}
