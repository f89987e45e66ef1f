/**
 * is_complete_request: is this cell ready to run, does it need more lines,
 * or is it broken? A console asks on every Enter and gives up on a kernel
 * that takes over a second, so DSL cells are judged by a scan of their
 * braces and strings, never by the parser (Chevrotain takes seconds to
 * start). As with IPython's cell magics, a `%%needs` cell ends with a blank
 * line: DSL statements span lines, so only the person typing knows when the
 * cell is done. TypeScript cells are judged by TypeScript's own parser (via
 * tslab), which the kernel starts in the background at connect.
 */
import { isDslCell, stripMagic } from "../plan/magic";

export type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

const INDENT = "  ";

/** How deep brackets are open at the end of a DSL source; broken when one closes what was never opened or a string is left open. */
function openBraces(source: string): number | "broken" {
  let depth = 0;
  for (const line of source.split("\n")) {
    // Strings end on their line and a comment runs to the end of it, as in dsl/lexer.ts.
    const code = line.replace(/"(?:[^"\\]|\\.)*"/g, "").replace(/(?:#|\/\/).*$/, "");
    if (code.includes('"')) return "broken";
    for (const ch of code) {
      if (ch === "{" || ch === "[" || ch === "(") depth++;
      else if (ch === "}" || ch === "]" || ch === ")") depth--;
      if (depth < 0) return "broken";
    }
  }
  return depth;
}

/** A `%%needs` cell: incomplete while a bracket is open, or until a blank line ends what was typed. */
export function dslCompleteness(code: string): Completeness {
  const source = stripMagic(code);
  const depth = openBraces(source);
  if (depth === "broken") return { status: "invalid" };
  if (depth > 0) return { status: "incomplete", indent: INDENT.repeat(depth) };
  const lines = source.split("\n");
  const endedByBlankLine = source.trim() !== "" && lines[lines.length - 1].trim() === "";
  return endedByBlankLine ? { status: "complete" } : { status: "incomplete", indent: "" };
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

export function isComplete(code: string): Completeness {
  return isDslCell(code) ? dslCompleteness(code) : typescriptCompleteness(code);
}
