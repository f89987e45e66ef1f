/**
 * is_complete_request: is this cell ready to run, does it need more lines,
 * or is it broken? TypeScript cells are judged by TypeScript's own parser
 * (via tslab), DSL cells by the DSL parser: an error at the very end of the
 * cell means "keep typing", any other error means "invalid".
 */
import { isDslCell, stripMagic } from "../plan/magic";

export type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

async function dslCompleteness(code: string): Promise<Completeness> {
  const { parseSource } = await import("../dsl/syntax");
  const errors = parseSource(stripMagic(code)).diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return { status: "complete" };
  if (errors.every((d) => d.message.includes("found the end of the cell")))
    return { status: "incomplete", indent: "  " };
  return { status: "invalid" };
}

function typescriptCompleteness(code: string): Completeness {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isCompleteCode } = require("tslab/dist/converter") as {
    isCompleteCode(src: string): { completed: boolean; indent?: string };
  };
  const open = isCompleteCode(code);
  if (!open.completed) return { status: "incomplete", indent: open.indent ?? "" };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("@tslab/typescript-for-tslab");
  const file = ts.createSourceFile("cell.tsx", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX) as {
    parseDiagnostics?: unknown[];
  };
  return (file.parseDiagnostics?.length ?? 0) > 0 ? { status: "invalid" } : { status: "complete" };
}

export async function isComplete(code: string): Promise<Completeness> {
  return isDslCell(code) ? dslCompleteness(code) : typescriptCompleteness(code);
}
