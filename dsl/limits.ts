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
export const MAX_TOKENS = 10_000;
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
  let depth = 0;
  let operators = 0;
  for (const [i, t] of tokens.entries()) {
    if (i === MAX_TOKENS)
      return error(
        tokenStart(t),
        `this source has more than ${MAX_TOKENS.toLocaleString("en")} tokens; needlab reads at most that many per cell or file: split it into several files with \`include\``,
      );
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

/**
 * Where lexing can stop: Chevrotain's lexer reads a whole source (and is slow
 * on characters it cannot match), so a cheap scan finds the point past which
 * a limit is certainly broken: twice MAX_TOKENS rough tokens (a real token is
 * at most two rough ones: `5 ms`, `-1`), or the line after MAX_LEX_ERRORS
 * unclosed strings or stray characters (the end of that line). The lexer then reads only that prefix,
 * and the limit is reported at its true place.
 */
export function lexableEnd(source: string): number {
  const rough = /"(?:[^"\\\r\n]|\\.)*("?)|(?:#|\/\/)[^\n]*|[A-Za-z0-9_.]+|([^\sA-Za-z0-9_"#/{}(),:%=!<>+\-*[\].])+|\S/g;
  let tokens = 0,
    problems = 0;
  for (let m = rough.exec(source); m; m = rough.exec(source)) {
    const text = m[0];
    if (text.startsWith("#") || text.startsWith("//")) continue;
    if ((text.startsWith('"') && m[1] !== '"') || m[2] !== undefined) problems++;
    if (++tokens > 2 * MAX_TOKENS) return m.index;
    if (problems > MAX_LEX_ERRORS) {
      const eol = source.indexOf("\n", rough.lastIndex);
      return eol < 0 ? source.length : eol;
    }
  }
  return source.length;
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
