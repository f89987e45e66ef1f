/**
 * The DSL pipeline as one call: source → tokens → syntax tree → checked
 * program → lowered plan. A cell with any error yields diagnostics and no plan.
 */
import { parseSource } from "./syntax";
import { check, CheckEnv, emptyEnv } from "./check";
import { lower } from "./lower";
import { Diagnostic, formatDiagnostics, hasErrors } from "./diagnostics";
import type { Plan, Task } from "../plan/plan";
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
 * by one are known to the next. Returns each source's diagnostics.
 */
export function checkSequence(sources: string[], readHeader: CheckEnv["readHeader"]): Diagnostic[][] {
  const datasets = new Set<string>(),
    models = new Set<string>(),
    needs = new Set<string>();
  const trained = new Map<string, string>(),
    sensitive = new Map<string, string[]>(),
    tasks = new Map<string, Task>(),
    layers = new Map<string, number>();
  return sources.map((source) => {
    const r = compile(source, { datasets, models, needs, trained, sensitive, tasks, layers, readHeader });
    for (const st of r.program.statements) {
      if (st.kind === "dataset") {
        datasets.add(st.name.text);
        sensitive.set(
          st.name.text,
          st.sensitive.map((s) => s.text),
        );
        tasks.set(st.name.text, (st.target?.value.task?.text as Task | undefined) ?? "binary");
      }
      if (st.kind === "model") {
        models.add(st.name.text);
        layers.set(st.name.text, st.layers.length);
      }
      if (st.kind === "needs") needs.add(st.name.text);
      if (st.kind === "train") st.models.forEach((m) => trained.set(m.text, st.dataset.text));
    }
    return r.diagnostics;
  });
}

export function compile(source: string, env: CheckEnv = emptyEnv()): CompileResult {
  const syntax = parseSource(source);
  if (hasErrors(syntax.diagnostics)) return { program: syntax.program, diagnostics: syntax.diagnostics };
  const checked = check(syntax.program, env);
  const diagnostics = [...syntax.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) return { program: syntax.program, diagnostics };
  return { program: syntax.program, diagnostics, plan: lower(syntax.program, checked) };
}
