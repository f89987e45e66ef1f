/**
 * Editor support for DSL cells: completion from Chevrotain's content assist
 * (what the grammar allows next) plus the names and columns in scope, and
 * reference text for the word under the cursor.
 */
import type { IToken, TokenType } from "chevrotain";
import { lexer, Identifier, KEYWORDS, StringLiteral, Word } from "./lexer";
import { parser } from "./parser";
import { KEYWORD_DOCS, METRIC_DOCS } from "./docs";
import {
  ACTIVATIONS,
  BACKENDS,
  COLUMN_TYPES,
  DERIVE_FUNCTIONS,
  ENCODINGS,
  FILE_FORMATS,
  MISSING_STRATEGIES,
  MITIGATIONS,
  MODEL_FAMILIES,
  NEED_METRICS,
  OPTIMIZER_OPTIONS,
  OPTIMIZERS,
  OptimizerName,
  SCALINGS,
  STOP_METRICS,
  SCHEDULES,
  SEARCHES,
  SHOW_VIEWS,
  TASKS,
  TUNABLE,
  ANALYZERS,
  NETWORK_SETTINGS,
  TEXT_FAMILIES,
  TEXT_PLACEHOLDERS,
  TEXT_SETTINGS,
  UNICODE_FORMS,
} from "../plan/plan";

/** The option words each setting keyword takes, where the grammar has a name slot after it. */
const AFTER_KEYWORD: Record<string, readonly string[]> = {
  format: FILE_FORMATS,
  scale: SCALINGS,
  schedule: SCHEDULES,
  backend: BACKENDS,
  output: TASKS,
  search: SEARCHES,
  using: MITIGATIONS,
  class_weight: ["balanced"],
  by: ["group", "time"],
};
/** The words each text setting takes. */
const TEXT_VALUES: Record<string, readonly string[]> = {
  analyzer: ANALYZERS,
  unicode: UNICODE_FORMS,
  placeholders: TEXT_PLACEHOLDERS,
  lowercase: ["true", "false"],
  sublinear_tf: ["true", "false"],
  binary: ["true", "false"],
};
/** The choices after `COLUMN:` in each per-column setting. */
const CHOICES: Record<string, readonly string[]> = {
  types: COLUMN_TYPES,
  missing: MISSING_STRATEGIES,
  encode: ENCODINGS,
  scale: SCALINGS,
};

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
  if (rule === "choice") {
    const key = [...tokens].reverse().find((t) => t.image in CHOICES)?.image;
    return key ? [...CHOICES[key]] : [];
  }
  if (rule === "targetSetting") return TASKS.filter((t) => t !== "binary");
  if (rule === "textOption" || rule === "textValue") {
    // After a setting's word: its values (and the other settings, which may follow a flag); else the settings.
    const key = [...tokens].reverse().find((t) => t.image in TEXT_SETTINGS)?.image;
    const values = rule === "textValue" || (key && prev === key) ? (TEXT_VALUES[key ?? ""] ?? []) : [];
    return [...values, ...(rule === "textOption" ? Object.keys(TEXT_SETTINGS) : [])];
  }
  if (rule === "networkSetting") {
    const family = tokens[tokens.map((t) => t.image).lastIndexOf("model") + 3]?.image ?? "";
    return (TEXT_FAMILIES as readonly string[]).includes(family) ? Object.keys(NETWORK_SETTINGS) : [];
  }
  if (rule === "tuneParam") return [...TUNABLE];
  if (rule === "call" || rule === "factor") return [...Object.keys(DERIVE_FUNCTIONS), ...scope.columns];
  if (prev === "on" && rule === "modelSetting") return [...STOP_METRICS];
  if (prev && prev in AFTER_KEYWORD && rule !== "column") return [...AFTER_KEYWORD[prev]];
  if (rule === "modelSetting" && prev && prev !== "optimizer") {
    // After `optimizer NAME` (and its settings): that optimizer's settings.
    const at = tokens.map((t) => t.image).lastIndexOf("optimizer");
    const opt = tokens[at + 1]?.image as OptimizerName | undefined;
    if (at >= 0 && opt && opt in OPTIMIZER_OPTIONS) return [...OPTIMIZER_OPTIONS[opt]];
  }
  if (rule === "needItem") return [...NEED_METRICS];
  if (rule === "modelBlock") return [...MODEL_FAMILIES];
  if (rule === "layerSetting") return [...ACTIVATIONS];
  if (rule === "modelSetting") return [...OPTIMIZERS];
  if (rule === "column") return scope.columns;
  if (prev === "against") return scope.needs;
  if (prev === "on") return scope.datasets;
  // Inside `show a, b`: views until `for`, models after it.
  const showAt = tokens.map((t) => t.image).lastIndexOf("show");
  if (
    showAt >= 0 &&
    tokens
      .slice(showAt)
      .every((t) => t.image === "show" || t.image === "," || t.image === "for" || t.tokenType === Identifier)
  ) {
    return tokens.slice(showAt).some((t) => t.image === "for") ? scope.models : [...SHOW_VIEWS];
  }
  return scope.models;
}

/** Right after a text setting that needs a word (`analyzer |`, `placeholders url, |`): only its values. */
function textValuesAfter(tokens: IToken[]): string[] | undefined {
  const [last, beforeLast] = [tokens[tokens.length - 1]?.image, tokens[tokens.length - 2]?.image];
  if (last && last in TEXT_VALUES && last !== "sublinear_tf" && last !== "binary") return [...TEXT_VALUES[last]];
  if (last === "," && beforeLast && (TEXT_PLACEHOLDERS as readonly string[]).includes(beforeLast))
    return [...TEXT_PLACEHOLDERS];
  return undefined;
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
  const values = textValuesAfter(before);
  if (values) return { matches: values.filter((m) => m.startsWith(prefix)).sort(), start, end };
  const out = new Set<string>();
  for (const p of paths) {
    const t = p.nextTokenType;
    if (KEYWORDS.includes(t)) out.add(keywordText(t));
    else if (t === Identifier || t === Word) {
      const rule = p.ruleStack[p.ruleStack.length - 1];
      // Where a column goes (Word), keywords are allowed but rarely meant: offer the columns.
      // A Word slot is a column unless the rule itself is a word list (tune's settings, a choice).
      const slot = t === Word && !["tuneParam", "choice"].includes(rule) ? "column" : rule;
      for (const n of namesFor(slot, before[before.length - 1], scope, before)) out.add(n);
    } else if (t === StringLiteral && p.ruleStack[p.ruleStack.length - 1] === "column")
      for (const c of scope.columns) out.add(c);
  }
  const matches = [...out].filter((m) => m.startsWith(prefix)).sort((a, b) => a.localeCompare(b));
  return { matches, start, end };
}

/** Reference text for the keyword or metric under the cursor, if any. */
export function inspect(source: string, cursor: number): string | undefined {
  const { start, end } = wordAt(source, cursor);
  const word = source.slice(start, end);
  return METRIC_DOCS[word] ?? KEYWORD_DOCS[word] ?? TEXT_SETTINGS[word] ?? NETWORK_SETTINGS[word];
}
