/**
 * The DSL pipeline as one call: source → tokens → syntax tree → checked
 * program → lowered plan. A cell with any error yields diagnostics and no plan.
 */
import { parseSource } from "./syntax";
import { check, CheckEnv, emptyEnv } from "./check";
import { lower } from "./lower";
import { Diagnostic, formatDiagnostics, hasErrors } from "./diagnostics";
import type { Plan } from "../plan/plan";
import type { Program } from "./ast";

export { formatDiagnostics, hasErrors, emptyEnv };
export type { Diagnostic, Plan, Program, CheckEnv };

export { CELL_MAGIC, isDslCell, stripMagic } from "../plan/magic";

export interface CompileResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** Present only when there is no error (warnings allowed). */
  plan?: Plan;
}

/**
 * Checks DSL sources in order, as a notebook would run them: names declared
 * by one are known to the next (also when it has errors, as in a session
 * where the names of a failing cell's earlier cells stay declared).
 */
export function checkSequence(
  sources: string[],
  readHeader: CheckEnv["readHeader"],
  dataWarnings?: CheckEnv["dataWarnings"],
): Diagnostic[][] {
  let env: CheckEnv = { ...emptyEnv(readHeader), dataWarnings };
  return sources.map((source) => {
    const syntax = parseSource(source, env.params ?? new Map());
    const checked = check(syntax.program, env);
    env = checked.after;
    // As compile(): a cell with syntax errors reports only those.
    return hasErrors(syntax.diagnostics) ? syntax.diagnostics : [...syntax.diagnostics, ...checked.diagnostics];
  });
}

export function compile(source: string, env: CheckEnv = emptyEnv()): CompileResult {
  const syntax = parseSource(source, env.params ?? new Map());
  if (hasErrors(syntax.diagnostics)) return { program: syntax.program, diagnostics: syntax.diagnostics };
  const checked = check(syntax.program, env);
  const diagnostics = [...syntax.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { program: syntax.program, diagnostics };
  return { program: syntax.program, diagnostics, plan: lower(syntax.program, checked) };
}
