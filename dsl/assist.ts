/**
 * Editor support for DSL cells: completion from Chevrotain's content assist
 * (what the grammar allows next) plus the names and columns in scope, and
 * reference text for the word under the cursor.
 */
import type { IToken, TokenType } from "chevrotain";
import { lexer, Identifier, KEYWORDS, StringLiteral, Word } from "./lexer";
import { parser } from "./parser";
import { ACTIVATIONS, MODEL_FAMILIES, NEED_METRICS, OPTIMIZERS, SHOW_VIEWS } from "./plan";
import { KEYWORD_DOCS, METRIC_DOCS } from "./docs";

export interface AssistScope {
  datasets: string[];
  models: string[];
  needs: string[];
  /** Columns that can be named (target, drop, sensitive, by). */
  columns: string[];
}

export interface Completion {
  matches: string[];
  start: number;
  end: number;
}

const keywordText = (t: TokenType) => String(t.PATTERN).replace(/^\/|\\b\/$/g, "");

/** The word being typed at the cursor, and where it starts. */
function wordAt(source: string, cursor: number): { prefix: string; start: number; end: number } {
  let start = cursor;
  while (start > 0 && /[A-Za-z0-9_]/.test(source[start - 1])) start--;
  let end = cursor;
  while (end < source.length && /[A-Za-z0-9_]/.test(source[end])) end++;
  return { prefix: source.slice(start, cursor), start, end };
}

/** Names that fit an identifier slot, judged by the rule and the token before it. */
function namesFor(rule: string, previous: IToken | undefined, scope: AssistScope, tokens: IToken[]): string[] {
  const prev = previous?.image;
  if (rule === "needItem") return [...NEED_METRICS];
  if (rule === "modelBlock") return [...MODEL_FAMILIES];
  if (rule === "layerSetting") return [...ACTIVATIONS];
  if (rule === "modelSetting") return [...OPTIMIZERS];
  if (rule === "column") return scope.columns;
  if (prev === "against") return scope.needs;
  if (prev === "on") return scope.datasets;
  // Inside `show a, b`: views until `for`, models after it.
  const showAt = tokens.map((t) => t.image).lastIndexOf("show");
  if (showAt >= 0 && tokens.slice(showAt).every((t) => t.image === "show" || t.image === "," || t.image === "for" || t.tokenType === Identifier)) {
    return tokens.slice(showAt).some((t) => t.image === "for") ? scope.models : [...SHOW_VIEWS];
  }
  return scope.models;
}

export function complete(source: string, cursor: number, scope: AssistScope): Completion {
  const { prefix, start, end } = wordAt(source, cursor);
  const before = lexer.tokenize(source.slice(0, start)).tokens;
  let paths;
  try {
    paths = parser.computeContentAssist("program", before);
  } catch {
    return { matches: [], start, end };
  }
  const out = new Set<string>();
  for (const p of paths) {
    const t = p.nextTokenType;
    if (KEYWORDS.includes(t)) out.add(keywordText(t));
    else if (t === Identifier || t === Word) {
      const rule = p.ruleStack[p.ruleStack.length - 1];
      // Where a column goes (Word), keywords are allowed but rarely meant: offer the columns.
      for (const n of namesFor(t === Word ? "column" : rule, before[before.length - 1], scope, before)) out.add(n);
    } else if (t === StringLiteral && p.ruleStack[p.ruleStack.length - 1] === "column") for (const c of scope.columns) out.add(c);
  }
  const matches = [...out].filter((m) => m.startsWith(prefix)).sort((a, b) => a.localeCompare(b));
  return { matches, start, end };
}

/** Reference text for the keyword or metric under the cursor, if any. */
export function inspect(source: string, cursor: number): string | undefined {
  const { start, end } = wordAt(source, cursor);
  const word = source.slice(start, end);
  return METRIC_DOCS[word] ?? KEYWORD_DOCS[word];
}
