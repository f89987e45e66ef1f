/**
 * Bounds on the work one DSL source may ask for, checked on the token stream
 * before the parser runs. Chevrotain's recursive descent recurses once per
 * nested parenthesis, and the tree walks after it once per operator, so
 * without a bound a hostile (or generated) cell could overflow the stack or
 * take minutes; a real study needs a few hundred tokens and a handful of levels.
 */
import type { IToken } from "chevrotain";
import { Diagnostic, error, Span } from "./diagnostics";

/** Characters in one source (a cell or an included file). */
export const MAX_SOURCE_CHARS = 1_000_000;
/** Tokens in one source. */
export const MAX_TOKENS = 20_000;
/** Open brackets ( [ { inside one another. */
export const MAX_NESTING = 64;
/** Arithmetic operators in one expression: the syntax tree nests once per operator. */
export const MAX_EXPRESSION_TERMS = 1_000;
/** Lexing problems before the rest of a source is not worth reading. */
export const MAX_LEX_ERRORS = 50;
/** Files one source may include, all levels together. */
export const MAX_INCLUDES = 100;

const OPEN = new Set(["LParen", "LBracket", "LCurly"]);
const CLOSE = new Set(["RParen", "RBracket", "RCurly"]);
const OPERATORS = new Set(["Plus", "Minus", "Star", "Slash"]);

export const tokenStart = (t: IToken): Span => ({
  line: t.startLine ?? 1,
  col: t.startColumn ?? 1,
  offset: t.startOffset,
  length: Math.max(1, t.image.length),
});

/** The place just past the end of the source, for a bound on its size. */
export function endSpan(source: string): Span {
  const lines = source.length > MAX_SOURCE_CHARS ? [] : source.split("\n");
  const last = lines[lines.length - 1] ?? "";
  return { line: Math.max(1, lines.length), col: last.length + 1, offset: source.length, length: 1 };
}

/** A size bound on the raw text, checked before lexing. */
export function checkSourceSize(source: string): Diagnostic | undefined {
  if (source.length <= MAX_SOURCE_CHARS) return undefined;
  return error(
    { line: 1, col: 1, offset: 0, length: 1 },
    `this source is ${source.length.toLocaleString("en")} characters long; needlab reads at most ${MAX_SOURCE_CHARS.toLocaleString("en")} per cell or file: split it into several files with \`include\``,
  );
}

/**
 * The first bound the tokens break (count, nesting depth, terms in one
 * expression), positioned at the token that breaks it; one pass, no recursion.
 */
export function checkTokenLimits(tokens: readonly IToken[]): Diagnostic | undefined {
  if (tokens.length > MAX_TOKENS)
    return error(
      tokenStart(tokens[MAX_TOKENS]),
      `this source has ${tokens.length.toLocaleString("en")} tokens; needlab reads at most ${MAX_TOKENS.toLocaleString("en")} per cell or file: split it into several files with \`include\``,
    );
  let depth = 0;
  let operators = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (OPEN.has(name) && ++depth > MAX_NESTING)
      return error(
        tokenStart(t),
        `brackets are nested more than ${MAX_NESTING} deep here: simplify the expression (derive intermediate columns one at a time)`,
      );
    if (CLOSE.has(name)) depth = Math.max(0, depth - 1);
    if (OPERATORS.has(name)) operators++;
    else if (!IN_EXPRESSION.has(name)) operators = 0;
    if (operators > MAX_EXPRESSION_TERMS)
      return error(
        tokenStart(t),
        `this expression has more than ${MAX_EXPRESSION_TERMS} operators: split it into several \`derive\` steps`,
      );
  }
  return undefined;
}

/** Tokens that may stand inside one expression besides its operators (a keyword or a ':' ends it). */
const IN_EXPRESSION = new Set([
  "Identifier",
  "NumberLiteral",
  "StringLiteral",
  "Percent",
  "Comma",
  "LParen",
  "RParen",
  "LBracket",
  "RBracket",
]);
