/**
 * CST → typed AST. The parser recovers from errors, so any child may be
 * missing here: a node whose required parts are missing is left out rather
 * than thrown on (its syntax error is already reported).
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast";
import type { Span } from "./diagnostics";

type Children = Record<string, CstElement[] | undefined>;

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;

function tokens(ch: Children, key: string): IToken[] {
  return (ch[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery && !Number.isNaN(t.startOffset));
}
function token(ch: Children, key: string): IToken | undefined {
  return tokens(ch, key)[0];
}
function nodes(ch: Children, key: string): CstNode[] {
  return (ch[key] ?? []).filter((e): e is CstNode => !isToken(e));
}
function node(ch: Children, key: string): CstNode | undefined {
  return nodes(ch, key)[0];
}

export function tokenSpan(t: IToken): Span {
  return { line: t.startLine ?? 1, col: t.startColumn ?? 1, offset: t.startOffset, length: (t.endOffset ?? t.startOffset) - t.startOffset + 1 };
}

function nodeSpan(n: CstNode): Span {
  const loc = n.location;
  if (!loc || Number.isNaN(loc.startOffset)) return { line: 1, col: 1, offset: 0, length: 1 };
  // Point at the first line only: a caret under a whole block is noise.
  return { line: loc.startLine ?? 1, col: loc.startColumn ?? 1, offset: loc.startOffset, length: (loc.endOffset ?? loc.startOffset) - loc.startOffset + 1 };
}

const name = (t: IToken): A.Name => ({ text: t.image, span: tokenSpan(t) });

function unquote(t: IToken): A.StringLit {
  // JSON string syntax is a superset of ours, so JSON.parse decodes escapes.
  let value: string;
  try {
    value = JSON.parse(t.image);
  } catch {
    value = t.image.slice(1, -1);
  }
  return { value, span: tokenSpan(t) };
}

const UNITS: Record<string, { scale: number; unit: "duration" | "size" }> = {
  ms: { scale: 1, unit: "duration" }, s: { scale: 1000, unit: "duration" }, min: { scale: 60_000, unit: "duration" }, h: { scale: 3_600_000, unit: "duration" },
  B: { scale: 1, unit: "size" }, KB: { scale: 1024, unit: "size" }, MB: { scale: 1024 ** 2, unit: "size" }, GB: { scale: 1024 ** 3, unit: "size" },
};

function numberLit(n: CstNode | undefined): A.NumberLit | undefined {
  if (!n) return undefined;
  const num = token(n.children, "NumberLiteral");
  if (!num) return undefined;
  const pct = token(n.children, "Percent");
  const withUnit = /^(-?[\d.eE+-]+?)[ \t]*(ms|s|min|h|B|KB|MB|GB)$/.exec(num.image);
  if (withUnit && !pct) {
    const u = UNITS[withUnit[2]];
    return { value: Number(withUnit[1]) * u.scale, raw: num.image, isInteger: false, unit: u.unit, span: tokenSpan(num) };
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

function intLit(t: IToken | undefined): A.NumberLit | undefined {
  if (!t) return undefined;
  // A unit where a plain number belongs (`epochs 30 s`) reads as NaN, which every check refuses.
  return { value: Number(t.image), raw: t.image, isInteger: /^\d+$/.test(t.image), span: tokenSpan(t) };
}

/** A column reference: a bare word (keywords allowed) or a quoted name. */
function columnName(n: CstNode): A.Name | undefined {
  const quoted = token(n.children, "StringLiteral");
  if (quoted) {
    const s = unquote(quoted);
    return { text: s.value, span: s.span };
  }
  const word = token(n.children, "Word");
  return word && name(word);
}

function idList(n: CstNode | undefined): A.Name[] {
  return n ? tokens(n.children, "Identifier").map(name) : [];
}

/** Sets a once-only setting, remembering repeats for the checker. */
function setOnce<O, K extends keyof O>(target: O, key: K, value: (O[K] extends A.Setting<infer T> | undefined ? T : never) | undefined, keyword: IToken | undefined, repeated: A.Name[]): void {
  if (value === undefined || !keyword) return;
  if (target[key]) repeated.push(name(keyword));
  else target[key] = { value, span: tokenSpan(keyword) } as O[K];
}

function needItem(n: CstNode): A.MetricNeed | undefined {
  const ch = n.children;
  const metric = token(ch, "metric");
  const cmpNode = node(ch, "comparator");
  const cmp = cmpNode && Object.values(cmpNode.children).flat().find(isToken);
  const threshold = numberLit(node(ch, "number"));
  if (!metric || !cmp || !threshold) return undefined;
  const className = token(ch, "className");
  const reason = token(ch, "reason");
  const privileged = token(ch, "privileged");
  return {
    kind: "metric",
    level: token(ch, "Should") ? "should" : "must",
    metric: name(metric),
    comparator: cmp.image as A.Comparator,
    threshold,
    onClass: className ? unquote(className) : undefined,
    by: nodes(ch, "column").map(columnName).filter((c): c is A.Name => !!c),
    privileged: privileged ? unquote(privileged) : undefined,
    minGroupSize: intLit(token(ch, "minGroupSize")),
    because: reason ? unquote(reason) : undefined,
    span: nodeSpan(n),
  };
}

function needsBlock(n: CstNode): A.NeedsDecl | undefined {
  const id = token(n.children, "name");
  if (!id) return undefined;
  const items = nodes(n.children, "needItem").map(needItem).filter((x): x is A.MetricNeed => !!x);
  return { kind: "needs", name: name(id), items, span: nodeSpan(n) };
}

function datasetBlock(n: CstNode): A.DatasetDecl | undefined {
  const id = token(n.children, "name");
  if (!id) return undefined;
  const decl: A.DatasetDecl = { kind: "dataset", name: name(id), drop: [], sensitive: [], pii: [], derived: [], repeated: [], span: nodeSpan(n) };
  for (const setting of nodes(n.children, "datasetSetting")) {
    const ch = setting.children;
    const src = node(ch, "sourceSetting");
    if (src) {
      const s = token(src.children, "StringLiteral");
      setOnce(decl, "source", s && unquote(s), token(src.children, "Source"), decl.repeated);
    }
    const tgt = node(ch, "targetSetting");
    if (tgt) {
      const colNode = node(tgt.children, "column");
      const col = colNode && columnName(colNode);
      const pos = token(tgt.children, "positive");
      setOnce(decl, "target", col && { column: col, positive: pos && unquote(pos) }, token(tgt.children, "Target"), decl.repeated);
    }
    const drop = node(ch, "dropSetting");
    const derive = node(ch, "deriveSetting");
    if (derive) {
      const dn = token(derive.children, "name"), fn = token(derive.children, "fn"), colNode = node(derive.children, "column");
      const col = colNode && columnName(colNode);
      if (dn && fn && col) decl.derived.push({ name: name(dn), fn: name(fn), column: col, edges: nodes(derive.children, "number").map(numberLit).filter((x): x is A.NumberLit => !!x), span: tokenSpan(token(derive.children, "Derive")!) });
    }
    const pii = node(ch, "piiSetting");
    if (pii) decl.pii.push(...nodes(pii.children, "column").map(columnName).filter((c): c is A.Name => !!c));
    const sensitive = node(ch, "sensitiveSetting");
    if (sensitive) decl.sensitive.push(...nodes(sensitive.children, "column").map(columnName).filter((c): c is A.Name => !!c));
    if (drop) decl.drop.push(...nodes(drop.children, "column").map(columnName).filter((c): c is A.Name => !!c));
    const split = node(ch, "splitSetting");
    if (split) {
      const parts = nodes(split.children, "splitPart").flatMap((p): A.SplitPart[] => {
        const part = token(p.children, "part");
        const fraction = numberLit(node(p.children, "number"));
        return part && fraction ? [{ part: part.image as A.SplitPartName, fraction, span: tokenSpan(part) }] : [];
      });
      setOnce(decl, "split", parts, token(split.children, "Split"), decl.repeated);
    }
    const strat = token(ch, "Stratify");
    if (strat) setOnce(decl, "stratify", true as const, strat, decl.repeated);
    const seed = node(ch, "seedSetting");
    if (seed) setOnce(decl, "seed", intLit(token(seed.children, "NumberLiteral")), token(seed.children, "Seed"), decl.repeated);
  }
  return decl;
}

function modelBlock(n: CstNode): A.ModelDecl | undefined {
  const id = token(n.children, "name");
  const family = token(n.children, "family");
  if (!id || !family) return undefined;
  const decl: A.ModelDecl = { kind: "model", name: name(id), family: name(family), layers: [], repeated: [], span: nodeSpan(n) };
  for (const setting of nodes(n.children, "modelSetting")) {
    const ch = setting.children;
    const layer = node(ch, "layerSetting");
    if (layer) {
      const units = intLit(token(layer.children, "units"));
      const act = token(layer.children, "activation");
      if (units)
        decl.layers.push({
          units,
          activation: act && name(act),
          dropout: token(layer.children, "Dropout") ? numberLit(nodes(layer.children, "number")[0]) : undefined,
          l2: numberLit(node(layer.children, "l2")),
          batchNorm: !!token(layer.children, "BatchNorm"),
          span: tokenSpan(token(layer.children, "Layer")!),
        });
    }
    const patience = token(ch, "patience");
    if (patience) setOnce(decl, "patience", intLit(patience), token(ch, "EarlyStopping"), decl.repeated);
    const opt = token(ch, "optimizer");
    if (opt) setOnce(decl, "optimizer", name(opt), token(ch, "Optimizer"), decl.repeated);
    const numeric = node(ch, "numericSetting");
    if (numeric) {
      const key = token(numeric.children, "key");
      const value = numberLit(node(numeric.children, "number"));
      const fields = { learning_rate: "learningRate", epochs: "epochs", batch_size: "batchSize", threshold: "threshold" } as const;
      const field = fields[(key?.image ?? "epochs") as keyof typeof fields];
      setOnce(decl, field, value, key, decl.repeated);
    }
    const seed = node(ch, "seedSetting");
    if (seed) setOnce(decl, "seed", intLit(token(seed.children, "NumberLiteral")), token(seed.children, "Seed"), decl.repeated);
  }
  return decl;
}

function trainStmt(n: CstNode): A.TrainStmt | undefined {
  const dataset = token(n.children, "dataset");
  const models = idList(node(n.children, "models"));
  if (!dataset || models.length === 0) return undefined;
  return { kind: "train", models, dataset: name(dataset), span: nodeSpan(n) };
}

function evaluateStmt(n: CstNode): A.EvaluateStmt | undefined {
  const needs = token(n.children, "needs");
  const models = idList(node(n.children, "models"));
  const dataset = token(n.children, "dataset");
  if (!needs || models.length === 0) return undefined;
  return { kind: "evaluate", models, dataset: dataset && name(dataset), needs: name(needs), span: nodeSpan(n) };
}

function showStmt(n: CstNode): A.ShowStmt | undefined {
  const views = idList(node(n.children, "views"));
  if (views.length === 0) return undefined;
  return { kind: "show", views, models: idList(node(n.children, "models")), span: nodeSpan(n) };
}

function explainStmt(n: CstNode): A.ExplainStmt | undefined {
  const models = idList(node(n.children, "models"));
  return models.length ? { kind: "explain", models, span: nodeSpan(n) } : undefined;
}

function laterStmt(n: CstNode): A.LaterStmt | undefined {
  const verb = token(n.children, "verb");
  if (!verb) return undefined;
  const dataset = token(n.children, "dataset"), needs = token(n.children, "needs"), path = token(n.children, "path");
  return {
    kind: "later",
    verb: verb.image as A.LaterStmt["verb"],
    models: idList(node(n.children, "models")),
    dataset: dataset && name(dataset),
    needs: needs && name(needs),
    columns: nodes(n.children, "column").map(columnName).filter((c): c is A.Name => !!c),
    path: path && unquote(path),
    span: nodeSpan(n),
  };
}

function includeStmt(n: CstNode): A.IncludeStmt | undefined {
  const path = token(n.children, "path");
  return path ? { kind: "include", path: unquote(path), span: nodeSpan(n) } : undefined;
}

const builders: Record<string, (n: CstNode) => A.Statement | undefined> = {
  includeStmt,
  needsBlock, datasetBlock, modelBlock, trainStmt, evaluateStmt, showStmt, explainStmt, laterStmt,
};

export function buildAst(cst: CstNode): A.Program {
  const statements: A.Statement[] = [];
  for (const st of nodes(cst.children, "statement")) {
    for (const [rule, build] of Object.entries(builders)) {
      const child = node(st.children, rule);
      const built = child && build(child);
      if (built) statements.push(built);
    }
  }
  return { statements };
}
