/**
 * The DSL pipeline as one call: source → tokens → syntax tree → checked
 * program → lowered plan. A cell with any error yields diagnostics and no plan.
 */
import { parseSource } from "./syntax";
import { check, CheckEnv, emptyEnv } from "./check";
import { lower } from "./lower";
import { Diagnostic, formatDiagnostics, hasErrors } from "./diagnostics";
import type { Plan } from "./plan";
import type { Program } from "./ast";

export { formatDiagnostics, hasErrors, emptyEnv };
export type { Diagnostic, Plan, Program, CheckEnv };

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

export interface CompileResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** Present only when there is no error (warnings allowed). */
  plan?: Plan;
}

export function compile(source: string, env: CheckEnv = emptyEnv()): CompileResult {
  const syntax = parseSource(source);
  if (hasErrors(syntax.diagnostics)) return { program: syntax.program, diagnostics: syntax.diagnostics };
  const checked = check(syntax.program, env);
  const diagnostics = [...syntax.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { program: syntax.program, diagnostics };
  return { program: syntax.program, diagnostics, plan: lower(syntax.program, checked) };
}
