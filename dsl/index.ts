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

export { CELL_MAGIC, isDslCell, stripMagic } from "./magic";

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
