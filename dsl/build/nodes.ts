/**
 * Reading Chevrotain's concrete syntax tree: tokens and child nodes by name
 * (skipping tokens the parser inserted while recovering), spans, literals
 * with units, column names, lists and expressions.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "../ast";
import type { Span } from "../diagnostics";

export type Children = Record<string, CstElement[] | undefined>;

export const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

export function tokens(ch: Children, key: string): IToken[] {
  return (ch[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery && !Number.isNaN(t.startOffset));
}
export function token(ch: Children, key: string): IToken | undefined {
  return tokens(ch, key)[0];
}
export function nodes(ch: Children, key: string): CstNode[] {
  return (ch[key] ?? []).filter((e): e is CstNode => !isToken(e));
}
export function node(ch: Children, key: string): CstNode | undefined {
  return nodes(ch, key)[0];
}

export function tokenSpan(t: IToken): Span {
  return {
    line: t.startLine ?? 1,
    col: t.startColumn ?? 1,
    offset: t.startOffset,
    length: (t.endOffset ?? t.startOffset) - t.startOffset + 1,
  };
}

export function nodeSpan(n: CstNode): Span {
  const loc = n.location;
  if (!loc || Number.isNaN(loc.startOffset)) return { line: 1, col: 1, offset: 0, length: 1 };
  // Point at the first line only: a caret under a whole block is noise.
  return {
    line: loc.startLine ?? 1,
    col: loc.startColumn ?? 1,
    offset: loc.startOffset,
    length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1,
  };
}

export const name = (t: IToken): A.Name => ({ text: t.image, span: tokenSpan(t) });

export function unquote(t: IToken): A.StringLit {
  // JSON string syntax is a superset of ours, so JSON.parse decodes escapes.
  let value: string;
  try {
    value = JSON.parse(t.image);
  } catch {
    value = t.image.slice(1, -1);
  }
  return { value, span: tokenSpan(t) };
}

export const UNITS: Record<string, { scale: number; unit: "duration" | "size" }> = {
  ms: { scale: 1, unit: "duration" },
  s: { scale: 1000, unit: "duration" },
  min: { scale: 60_000, unit: "duration" },
  h: { scale: 3_600_000, unit: "duration" },
  B: { scale: 1, unit: "size" },
  KB: { scale: 1024, unit: "size" },
  MB: { scale: 1024 ** 2, unit: "size" },
  GB: { scale: 1024 ** 3, unit: "size" },
};

export function numberLit(n: CstNode | undefined): A.NumberLit | undefined {
  if (!n) return undefined;
  const num = token(n.children, "NumberLiteral");
  if (!num) return undefined;
  const pct = token(n.children, "Percent");
  const withUnit = /^(-?[\d.eE+-]+?)[ \t]*(ms|s|min|h|B|KB|MB|GB)$/.exec(num.image);
  if (withUnit && !pct) {
    const u = UNITS[withUnit[2]];
    return {
      value: Number(withUnit[1]) * u.scale,
      raw: num.image,
      isInteger: false,
      unit: u.unit,
      span: tokenSpan(num),
    };
  }
  const base = Number(num.image);
  const span = tokenSpan(num);
  if (pct) span.length = pct.endOffset! - num.startOffset + 1;
  return {
    value: pct ? base / 100 : base,
    raw: pct ? `${num.image}%` : num.image,
    isInteger: !pct && /^\d+$/.test(num.image),
    span,
  };
}

export function intLit(t: IToken | undefined): A.NumberLit | undefined {
  if (!t) return undefined;
  // A unit where a plain number belongs (`epochs 30 s`) reads as NaN, which every check refuses.
  return { value: Number(t.image), raw: t.image, isInteger: /^\d+$/.test(t.image), span: tokenSpan(t) };
}

/** A column reference: a bare word (keywords allowed) or a quoted name. */
export function columnName(n: CstNode): A.Name | undefined {
  const quoted = token(n.children, "StringLiteral");
  if (quoted) {
    const s = unquote(quoted);
    return { text: s.value, span: s.span };
  }
  const word = token(n.children, "Word");
  return word && name(word);
}

export function idList(n: CstNode | undefined): A.Name[] {
  return n ? tokens(n.children, "Identifier").map(name) : [];
}

/** Sets a once-only setting, remembering repeats for the checker. */
export function setOnce<O, K extends keyof O>(
  target: O,
  key: K,
  value: (O[K] extends A.Setting<infer T> | undefined ? T : never) | undefined,
  keyword: IToken | undefined,
  repeated: A.Name[],
): void {
  if (value === undefined || !keyword) return;
  if (target[key]) repeated.push(name(keyword));
  else target[key] = { value, span: tokenSpan(keyword) } as O[K];
}

export const defined = <T>(x: T | undefined): x is T => x !== undefined;

export function columns(n: CstNode): A.Name[] {
  return nodes(n.children, "column").map(columnName).filter(defined);
}

export function literal(n: CstNode): A.NumberLit | A.StringLit | undefined {
  const s = token(n.children, "StringLiteral");
  return s ? unquote(s) : numberLit(node(n.children, "number"));
}

export function literals(list: CstNode): (A.NumberLit | A.StringLit)[] {
  return nodes(list.children, "literal").map(literal).filter(defined);
}

export function choice(n: CstNode): A.ColumnChoice | undefined {
  const col = node(n.children, "column");
  const column = col && columnName(col);
  const c = token(n.children, "choice");
  if (!column || !c) return undefined;
  const lit = node(n.children, "literal"),
    list = node(n.children, "literalList");
  return { column, choice: name(c), value: lit && literal(lit), list: list && literals(list), span: column.span };
}

/** Folds `a + b - c` (operands and operators in order) into a left-leaning tree. */
export function fold(operands: A.Expr[], ops: IToken[]): A.Expr {
  return operands
    .slice(1)
    .reduce(
      (left, right, i) => ({ kind: "binary", op: ops[i].image as "+", left, right, span: left.span }),
      operands[0],
    );
}

export function expr(n: CstNode): A.Expr | undefined {
  const terms = nodes(n.children, "operands").map(term);
  if (terms.length === 0 || terms.some((t) => !t)) return undefined;
  // Operators and negative-number operands, in source order.
  const rest = [...tokens(n.children, "ops"), ...tokens(n.children, "negativeOperand")].sort(
    (a, b) => a.startOffset - b.startOffset,
  );
  const operands: A.Expr[] = [terms[0]!];
  const ops: IToken[] = [];
  let next = 1;
  for (const t of rest) {
    if (t.tokenType.name === "NumberLiteral") {
      const lit = intLit(t)!;
      ops.push({ ...t, image: "-" });
      operands.push({
        kind: "number",
        value: { ...lit, value: -lit.value, raw: t.image.slice(1), isInteger: /^-\d+$/.test(t.image) },
        span: lit.span,
      });
    } else {
      ops.push(t);
      operands.push(terms[next++]!);
    }
  }
  return fold(operands, ops);
}

export function term(n: CstNode): A.Expr | undefined {
  const factors = nodes(n.children, "operands").map(factor);
  if (factors.length === 0 || factors.some((f) => !f)) return undefined;
  return fold(factors as A.Expr[], tokens(n.children, "ops"));
}

export function factor(n: CstNode): A.Expr | undefined {
  const ch = n.children;
  const num = node(ch, "number");
  if (num) {
    const value = numberLit(num);
    return value && { kind: "number", value, span: value.span };
  }
  const negated = node(ch, "negated");
  if (negated) {
    const arg = factor(negated);
    return arg && { kind: "negate", arg, span: tokenSpan(token(ch, "Minus")!) };
  }
  const inner = node(ch, "inner");
  if (inner) return expr(inner);
  const call = node(ch, "call");
  if (call) {
    const fn = token(call.children, "fn");
    const args = nodes(call.children, "args").map(expr);
    if (!fn || args.some((a) => !a)) return undefined;
    const list = nodes(call.children, "list").map(numberLit).filter(defined);
    return {
      kind: "call",
      fn: name(fn),
      args: args as A.Expr[],
      list: nodes(call.children, "list").length ? list : undefined,
      span: tokenSpan(fn),
    };
  }
  const col = node(ch, "column");
  const column = col && columnName(col);
  return column && { kind: "column", name: column, span: column.span };
}
