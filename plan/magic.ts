/**
 * Recognising DSL cells. Kept apart from the parser so that the kernel can
 * route cells without loading Chevrotain until a DSL cell actually runs.
 */

/** The cell magic that marks a DSL cell in a notebook. */
export const CELL_MAGIC = "%%needs";

export function isDslCell(code: string): boolean {
  return code.trimStart().startsWith(CELL_MAGIC);
}

/**
 * Blanks the magic line (keeping its newline) so that line numbers in
 * diagnostics are the cell's own line numbers.
 */
export function stripMagic(code: string): string {
  const start = code.indexOf(CELL_MAGIC);
  if (start < 0) return code;
  const lineEnd = code.indexOf("\n", start);
  const magicLine = lineEnd < 0 ? code.slice(start) : code.slice(start, lineEnd);
  return code.slice(0, start) + " ".repeat(magicLine.length) + (lineEnd < 0 ? "" : code.slice(lineEnd));
}
