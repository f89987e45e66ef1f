/**
 * Notebook parameters in the DSL. `param seed = 7` declares one (the cell
 * tagged `parameters`; `needlab run -p seed 3` adds a cell of `param` lines
 * after it, as papermill does); `${seed}` stands for its value where a
 * number goes, and `"${client}"` inside a quoted string for its text. The
 * references are replaced in the token stream before parsing, so every
 * statement takes them without a grammar of its own, and an unknown name is
 * reported at its place with a did-you-mean.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import type { ParamValue } from "../plan/plan";
import type * as A from "./ast";
import { type Diagnostic, didYouMean, error, type Span } from "./diagnostics";
import { Equals, NumberLiteral, Param, ParamRef, Percent, StringLiteral, Word } from "./lexer";

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A `param` statement's value, or undefined when it is not one a parameter can hold (the check says why). */
export function paramValue(st: A.ParamStmt): ParamValue | undefined {
  const v = st.value;
  if ("text" in v) return v.text === "true" ? true : v.text === "false" ? false : undefined;
  if (typeof v.value === "string") return v.value;
  return !("unit" in v && v.unit) && Number.isFinite(v.value) ? v.value : undefined;
}

/** How a value reads in a message: 3, "acme", true. */
export const showValue = (v: ParamValue): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

const spanAt = (t: IToken, from = 0, length = t.image.length - from): Span => ({
  line: t.startLine ?? 1,
  col: (t.startColumn ?? 1) + from,
  offset: t.startOffset + from,
  length,
});

/** A value written before parsing, from the tokens of `param NAME = VALUE` (the check validates it properly). */
function declaredValue(tokens: IToken[], i: number): ParamValue | undefined {
  const t = tokens[i];
  if (t.tokenType === StringLiteral) {
    try {
      return JSON.parse(t.image) as string;
    } catch {
      return t.image.slice(1, -1);
    }
  }
  if (t.tokenType === NumberLiteral) return Number(t.image) / (tokens[i + 1]?.tokenType === Percent ? 100 : 1);
  if (t.image === "true" || t.image === "false") return t.image === "true";
  return undefined;
}

function unknown(name: string, known: Map<string, ParamValue>, later: Map<string, IToken>): string {
  const below = later.get(name);
  if (below) return `parameter '${name}' is declared below, at line ${below.startLine}: declare it before its use`;
  return (
    `unknown parameter '${name}'` +
    (didYouMean(name, known.keys()) ||
      `; declare it with \`param ${name} = VALUE\` (in a notebook, in the cell tagged parameters)`)
  );
}

/**
 * Replaces `${NAME}` references by their values: a NumberLiteral token with
 * the same place for a number, the text inside a quoted string. `params` are
 * those of earlier cells; `param` statements of this source count from their line on.
 */
export function resolveParams(
  tokens: IToken[],
  params: ReadonlyMap<string, ParamValue>,
): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  const known = new Map(params);
  const diagnostics: Diagnostic[] = [];
  // Declarations later in this source, to say "declared below" rather than "unknown".
  const later = new Map<string, IToken>();
  tokens.forEach((t, i) => {
    if (t.tokenType === Param && tokens[i + 1] && tokenMatcher(tokens[i + 1], Word)) later.set(tokens[i + 1].image, t);
  });
  const out = tokens.map((t, i) => {
    const declares = tokens[i - 3]?.tokenType === Param && tokens[i - 1]?.tokenType === Equals;
    let resolved = t;
    if (t.tokenType === ParamRef) {
      const name = t.image.slice(2, -1);
      const value = known.get(name);
      if (value === undefined) diagnostics.push(error(spanAt(t), unknown(name, known, later)));
      else if (typeof value !== "number")
        diagnostics.push(
          error(
            spanAt(t),
            `parameter '${name}' is ${showValue(value)}, but a number goes here` +
              (typeof value === "string" ? `; inside quotes, "\${${name}}" gives its text` : ""),
          ),
        );
      else
        resolved = { ...t, tokenType: NumberLiteral, tokenTypeIdx: NumberLiteral.tokenTypeIdx!, image: String(value) };
    } else if (t.tokenType === StringLiteral && t.image.includes("${")) {
      const image = t.image.replace(REF, (whole, name: string, at: number) => {
        const value = known.get(name);
        if (value !== undefined) return JSON.stringify(String(value)).slice(1, -1);
        diagnostics.push(error(spanAt(t, at, whole.length), unknown(name, known, later)));
        return whole;
      });
      resolved = { ...t, image };
    }
    if (declares && tokenMatcher(tokens[i - 2], Word)) {
      const value = declaredValue([resolved, tokens[i + 1]], 0);
      if (value !== undefined) known.set(tokens[i - 2].image, value);
      later.delete(tokens[i - 2].image);
    }
    return resolved;
  });
  return { tokens: out, diagnostics };
}
