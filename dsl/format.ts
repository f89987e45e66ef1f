/**
 * `needlab fmt`: the canonical layout of a DSL source. It works on the
 * concrete syntax tree, so the order of statements and settings, every
 * token and every comment are kept; only spacing, indentation and line
 * breaks change. Blocks put one setting (or need) per line, indented two
 * spaces; statements are separated as a reader groups them.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import { lexer } from "./lexer";
import { parser } from "./parser";
import { parseSource } from "./syntax";
import { formatDiagnostics, hasErrors, type Diagnostic } from "./diagnostics";

const INDENT = "  ";
/** Rules whose children each go on a line of their own, between the braces. */
const BLOCK_ITEMS: Record<string, string> = {
  needsBlock: "needItem",
  datasetBlock: "datasetSetting",
  modelBlock: "modelSetting",
  tuneStmt: "tuneParam",
};

interface Line {
  indent: number;
  tokens: IToken[];
  /** Comments at the end of the line. */
  trailing: string[];
  /** Comments on lines of their own, before this one. */
  leading: string[];
  /** A blank line goes before this one. */
  gapBefore: boolean;
}

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

/** The tokens of a CST node, in source order (Chevrotain groups children by label). */
function tokensOf(n: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (node: CstNode) => {
    for (const children of Object.values(node.children)) for (const c of children) isToken(c) ? out.push(c) : walk(c);
  };
  walk(n);
  return out.filter((t) => !t.isInsertedInRecovery).sort((a, b) => a.startOffset - b.startOffset);
}

function childNodes(n: CstNode, name: string): CstNode[] {
  return (n.children[name] ?? []).filter((c): c is CstNode => !isToken(c));
}

/** The lines of one statement: a block's header, its items and its closing brace; or one line. */
function statementLines(statement: CstNode): Line[] {
  const inner = Object.values(statement.children)
    .flat()
    .find((c): c is CstNode => !isToken(c))!;
  const line = (tokens: IToken[], indent = 0): Line => ({
    indent,
    tokens,
    trailing: [],
    leading: [],
    gapBefore: false,
  });
  const itemRule = BLOCK_ITEMS[inner.name];
  const all = tokensOf(inner);
  const open = all.findIndex((t) => t.tokenType.name === "LCurly");
  if (!itemRule || open < 0) return [line(all)];
  const items = childNodes(inner, itemRule).sort(
    (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
  );
  const close = all.filter((t) => t.tokenType.name === "RCurly").at(-1);
  if (items.length === 0) return [line([...all.slice(0, open + 1), ...(close ? [close] : [])])];
  return [
    line(all.slice(0, open + 1)),
    ...items.map((item) => line(tokensOf(item), 1)),
    ...(close ? [line([close])] : []),
  ];
}

const NO_SPACE_BEFORE = new Set(["Comma", "Colon", "RParen", "RBracket", "Percent"]);
const NO_SPACE_AFTER = new Set(["LParen", "LBracket"]);

/** Tokens of a line with canonical spacing. */
function render(tokens: IToken[]): string {
  let out = "";
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    let image = t.tokenType.name === "NumberLiteral" ? t.image.replace(/[ \t]+/, " ") : t.image;
    // `income -1` (a name, then a negative number) is a subtraction: write it as one.
    const subtraction =
      t.tokenType.name === "NumberLiteral" &&
      image.startsWith("-") &&
      prev &&
      ["Identifier", "RParen", "NumberLiteral", "StringLiteral"].includes(prev.tokenType.name) &&
      isOperandPosition(tokens, i);
    if (subtraction) image = `- ${image.slice(1)}`;
    // A unary minus hugs its operand (`-age`, `(-x)`), except a number, which it would turn into another token (a signed literal).
    const unaryBefore =
      prev?.tokenType.name === "Minus" && (i < 2 || !isValueEnd(tokens[i - 2])) && t.tokenType.name !== "NumberLiteral";
    const space =
      prev &&
      !NO_SPACE_BEFORE.has(t.tokenType.name) &&
      !NO_SPACE_AFTER.has(prev.tokenType.name) &&
      !unaryBefore &&
      !(t.tokenType.name === "LParen" && prev.tokenType.name === "Identifier");
    out += (space ? " " : "") + image;
  });
  return out;
}

const isValueEnd = (t: IToken) =>
  ["Identifier", "NumberLiteral", "StringLiteral", "RParen", "RBracket", "Percent"].includes(t.tokenType.name) ||
  t.tokenType.CATEGORIES?.some((c) => c.name === "Word") === true;

/** A negative number right after a value inside `derive` reads as a subtraction. */
function isOperandPosition(tokens: IToken[], i: number): boolean {
  return tokens.slice(0, i).some((t) => t.tokenType.name === "Equals");
}

/** Statements that take one line; consecutive ones stay together without blank lines. */
const isBlock = (lines: Line[]) => lines.length > 1;

export interface FormatResult {
  text?: string;
  diagnostics: Diagnostic[];
}

export function format(source: string): FormatResult {
  const syntax = parseSource(source);
  if (hasErrors(syntax.diagnostics)) return { diagnostics: syntax.diagnostics };
  const lexed = lexer.tokenize(source);
  parser.input = lexed.tokens;
  const cst = parser.program();
  const comments = (lexed.groups.comments ?? []) as IToken[];

  const lines: Line[] = [];
  const statements = childNodes(cst, "statement").sort(
    (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
  );
  let previous: Line[] | undefined;
  for (const st of statements) {
    const stLines = statementLines(st);
    // Blank lines set blocks apart, and keep apart groups the author separated.
    const first = stLines[0].tokens[0];
    const lastBefore = previous?.at(-1)?.tokens.at(-1);
    const authorGap = !!lastBefore && (first.startLine ?? 0) - (lastBefore.endLine ?? 0) > 1;
    stLines[0].gapBefore = !!previous && (isBlock(previous) || isBlock(stLines) || authorGap);
    lines.push(...stLines);
    previous = stLines;
  }

  // Comments: at the end of the line that holds the token before them (same source line),
  // otherwise before the line that holds the next token; after everything when last.
  // Every token in source order, with the line it is printed on.
  const placed = lines
    .flatMap((line) => line.tokens.map((token) => ({ token, line })))
    .sort((a, b) => a.token.startOffset - b.token.startOffset);
  // Comments after the last statement keep the author's blank lines between them.
  let lastLine = placed.at(-1)?.token.endLine ?? 0;
  for (const c of comments) {
    const text = c.image.trimEnd();
    const nextAt = placed.findIndex((p) => p.token.startOffset > c.startOffset);
    const before = placed[(nextAt < 0 ? placed.length : nextAt) - 1];
    if (before && before.token.endLine === c.startLine) {
      before.line.trailing.push(text);
      continue;
    }
    const next = nextAt < 0 ? undefined : placed[nextAt];
    if (next && next.line.tokens[0] === next.token) next.line.leading.push(text);
    else if (next)
      next.line.trailing.push(text); // inside a line that spans several source lines
    else {
      lines.push({
        indent: 0,
        tokens: [],
        trailing: [],
        leading: [text],
        gapBefore: lines.length > 0 && (c.startLine ?? 0) - lastLine > 1,
      });
      lastLine = c.startLine ?? lastLine;
    }
  }

  const out: string[] = [];
  for (const l of lines) {
    if (l.gapBefore && out.length) out.push("");
    const pad = INDENT.repeat(l.indent);
    // A comment before a closing brace belongs to the block's body.
    const commentPad =
      l.tokens.length === 1 && l.tokens[0].tokenType.name === "RCurly" ? INDENT.repeat(l.indent + 1) : pad;
    for (const c of l.leading) out.push(commentPad + c);
    if (l.tokens.length) out.push(pad + render(l.tokens) + l.trailing.map((c) => `  ${c}`).join(""));
  }
  return { text: out.length ? out.join("\n") + "\n" : "", diagnostics: syntax.diagnostics };
}

/** Formats, or gives the diagnostics as `needlab check` prints them. */
export function formatOrExplain(
  source: string,
  file: string,
): { ok: true; text: string } | { ok: false; message: string } {
  const r = format(source);
  return r.text !== undefined
    ? { ok: true, text: r.text }
    : { ok: false, message: formatDiagnostics(r.diagnostics, source, file) };
}
