/**
 * Source → tokens → CST → AST, with every lexing and parsing problem turned
 * into a positioned diagnostic written for people, not parser authors.
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { lexer } from "./lexer";
import { parser } from "./parser";
import { buildAst, tokenSpan } from "./build-ast";
import type { Program } from "./ast";
import { Diagnostic, error, Span } from "./diagnostics";
import { checkSourceSize, checkTokenLimits, endSpan, lexableEnd, MAX_LEX_ERRORS } from "./limits";

const TOKEN_LABELS: Record<string, string> = {
  LCurly: "'{'",
  RCurly: "'}'",
  Comma: "','",
  Colon: "':'",
  Equals: "'='",
  LParen: "'('",
  RParen: "')'",
  LBracket: "'['",
  RBracket: "']'",
  Percent: "'%'",
  EqualEq: "'=='",
  NotEq: "'!='",
  Plus: "'+'",
  Minus: "'-'",
  Star: "'*'",
  Slash: "'/'",
  Identifier: "a name",
  Word: "a column name",
  NumberLiteral: "a number",
  StringLiteral: 'a "quoted string"',
  GreaterEq: "'>='",
  LessEq: "'<='",
  Greater: "'>'",
  Less: "'<'",
  EOF: "the end of the cell",
};

const DATASET_SETTINGS =
  "source, format, delimiter, encoding, types, target, drop, keep, filter, missing, encode, scale, derive, sensitive, pii, text, split, stratify, seed";
const MODEL_SETTINGS =
  "layer, optimizer, learning_rate, schedule, epochs, batch_size, threshold, l2, max_iter, tol, early_stopping, class_weight, sample_weight, backend, output, seed; text networks: embedding_dim, units, kernel_size, heads, blocks, pretrained";

const RULE_EXPECTATIONS: Record<string, string> = {
  statement:
    "a statement (needs, dataset, model, train, evaluate, compare, show, explain, tune, mitigate, export, monitor or include)",
  program:
    "a statement (needs, dataset, model, train, evaluate, compare, show, explain, tune, mitigate, export, monitor or include)",
  needsBlock: "a need such as `must recall >= 0.8 on class \"bad\"` or '}'",
  needItem: 'a need such as `must recall >= 0.8 on class "bad"`',
  datasetBlock: `a dataset setting (${DATASET_SETTINGS}) or '}'`,
  datasetSetting: `a dataset setting (${DATASET_SETTINGS})`,
  modelBlock: `a model setting (${MODEL_SETTINGS}) or '}'`,
  modelSetting: `a model setting (${MODEL_SETTINGS})`,
  tuneStmt: "a setting to search, such as `learning_rate in [0.001, 0.01]`, or '}'",
  tuneParam: "a setting to search, such as `learning_rate in [0.001, 0.01]`",
  choice: "COLUMN: CHOICE, such as `income: median`",
  expr: "an expression such as `income / people` or `log(income)`",
  factor: "a number, a column or a function call",
  numericSetting: "learning_rate, epochs, batch_size or threshold",
  comparator: "a comparison (>=, <=, > or <)",
  splitPart: "train, test or validation",
};

function label(typeName: string): string {
  return TOKEN_LABELS[typeName] ?? `'${typeName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()}'`;
}

const found = (t: IToken) => (t.tokenType?.name === "EOF" || t.image === "" ? "the end of the cell" : `'${t.image}'`);

function endOf(t: IToken | undefined, source: string): Span {
  if (!t || Number.isNaN(t.startOffset)) {
    const lines = source.split("\n");
    return {
      line: lines.length,
      col: Math.max(1, (lines[lines.length - 1] ?? "").length + 1),
      offset: source.length,
      length: 1,
    };
  }
  const s = tokenSpan(t);
  return {
    line: t.endLine ?? s.line,
    col: (t.endColumn ?? s.col) + 1,
    offset: (t.endOffset ?? t.startOffset) + 1,
    length: 1,
  };
}

function describeParseError(e: IRecognitionException, source: string, previous: IToken | undefined): Diagnostic {
  const t = e.token;
  const atEof = t.tokenType?.name === "EOF" || Number.isNaN(t.startOffset);
  const span = atEof ? endOf(previous, source) : tokenSpan(t);
  const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? "program";
  const expectedType = /--> (\w+) <--/.exec(e.message)?.[1];
  let message: string;
  if (e.name === "NotAllInputParsedException" || expectedType === "EOF") {
    message = `unexpected ${found(t)}: expected ${RULE_EXPECTATIONS.statement}`;
  } else if (e.name === "MismatchedTokenException" && expectedType) {
    const ctx = expectedType === "RCurly" && RULE_EXPECTATIONS[rule] ? RULE_EXPECTATIONS[rule] : label(expectedType);
    message = `expected ${ctx}, found ${found(t)}`;
  } else {
    message = `expected ${RULE_EXPECTATIONS[rule] ?? "something else"}, found ${found(t)}`;
  }
  if (atEof && /'\}'/.test(message)) message += " (a block is not closed)";
  return error(span, message);
}

export interface SyntaxResult {
  program: Program;
  diagnostics: Diagnostic[];
  tokens: IToken[];
}

export function parseSource(source: string): SyntaxResult {
  // Bounds first (size, lexing problems, tokens, nesting): the parser recurses on nesting.
  const tooBig = checkSourceSize(source);
  if (tooBig) return { program: { statements: [] }, diagnostics: [tooBig], tokens: [] };
  const end = lexableEnd(source);
  const lexed = lexer.tokenize(end < source.length ? source.slice(0, end) : source);
  const diagnostics: Diagnostic[] = lexed.errors.slice(0, MAX_LEX_ERRORS).map((e) => {
    const ch = source[e.offset];
    const span: Span = { line: e.line ?? 1, col: e.column ?? 1, offset: e.offset, length: Math.max(1, e.length) };
    const message =
      ch === '"' ? "this string is not closed: add a closing '\"' on the same line" : `unexpected character '${ch}'`;
    return error(span, message);
  });
  const overLimit =
    lexed.errors.length > MAX_LEX_ERRORS
      ? error(
          diagnostics[diagnostics.length - 1].span,
          `more than ${MAX_LEX_ERRORS} characters here cannot start a token; fix these first (the rest of the source was not read)`,
        )
      : (checkTokenLimits(lexed.tokens) ??
        (end < source.length
          ? error(endSpan(source.slice(0, end)), "this source is too long or too broken to read past here: split it")
          : undefined));
  if (overLimit) return { program: { statements: [] }, diagnostics: [...diagnostics, overLimit], tokens: lexed.tokens };
  parser.input = lexed.tokens;
  const cst = parser.program();
  // A broken token (an unclosed string) makes the parser stumble on the rest of
  // its line; those follow-on errors would only repeat the lexer's message.
  const lexLines = new Set(diagnostics.map((d) => d.span.line));
  for (const e of parser.errors) {
    if (lexLines.has(e.token.startLine ?? -1)) continue;
    const idx = lexed.tokens.indexOf(e.token);
    const previous = idx > 0 ? lexed.tokens[idx - 1] : lexed.tokens[lexed.tokens.length - 1];
    diagnostics.push(describeParseError(e, source, previous));
  }
  return { program: buildAst(cst), diagnostics, tokens: lexed.tokens };
}
