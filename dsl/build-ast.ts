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
  return {
    line: t.startLine ?? 1,
    col: t.startColumn ?? 1,
    offset: t.startOffset,
    length: (t.endOffset ?? t.startOffset) - t.startOffset + 1,
  };
}

function nodeSpan(n: CstNode): Span {
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
  ms: { scale: 1, unit: "duration" },
  s: { scale: 1000, unit: "duration" },
  min: { scale: 60_000, unit: "duration" },
  h: { scale: 3_600_000, unit: "duration" },
  B: { scale: 1, unit: "size" },
  KB: { scale: 1024, unit: "size" },
  MB: { scale: 1024 ** 2, unit: "size" },
  GB: { scale: 1024 ** 3, unit: "size" },
};

function numberLit(n: CstNode | undefined): A.NumberLit | undefined {
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
function setOnce<O, K extends keyof O>(
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

const defined = <T>(x: T | undefined): x is T => x !== undefined;

function columns(n: CstNode): A.Name[] {
  return nodes(n.children, "column").map(columnName).filter(defined);
}

function literal(n: CstNode): A.NumberLit | A.StringLit | undefined {
  const s = token(n.children, "StringLiteral");
  return s ? unquote(s) : numberLit(node(n.children, "number"));
}

function literals(list: CstNode): (A.NumberLit | A.StringLit)[] {
  return nodes(list.children, "literal").map(literal).filter(defined);
}

function choice(n: CstNode): A.ColumnChoice | undefined {
  const col = node(n.children, "column");
  const column = col && columnName(col);
  const c = token(n.children, "choice");
  if (!column || !c) return undefined;
  const lit = node(n.children, "literal"),
    list = node(n.children, "literalList");
  return { column, choice: name(c), value: lit && literal(lit), list: list && literals(list), span: column.span };
}

/** Folds `a + b - c` (operands and operators in order) into a left-leaning tree. */
function fold(operands: A.Expr[], ops: IToken[]): A.Expr {
  return operands
    .slice(1)
    .reduce(
      (left, right, i) => ({ kind: "binary", op: ops[i].image as "+", left, right, span: left.span }),
      operands[0],
    );
}

function expr(n: CstNode): A.Expr | undefined {
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

function term(n: CstNode): A.Expr | undefined {
  const factors = nodes(n.children, "operands").map(factor);
  if (factors.length === 0 || factors.some((f) => !f)) return undefined;
  return fold(factors as A.Expr[], tokens(n.children, "ops"));
}

function factor(n: CstNode): A.Expr | undefined {
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
    by: nodes(ch, "column")
      .map(columnName)
      .filter((c): c is A.Name => !!c),
    privileged: privileged ? unquote(privileged) : undefined,
    minGroupSize: intLit(token(ch, "minGroupSize")),
    because: reason ? unquote(reason) : undefined,
    span: nodeSpan(n),
  };
}

function needsBlock(n: CstNode): A.NeedsDecl | undefined {
  const id = token(n.children, "name");
  if (!id) return undefined;
  const items = nodes(n.children, "needItem")
    .map(needItem)
    .filter((x): x is A.MetricNeed => !!x);
  return { kind: "needs", name: name(id), items, span: nodeSpan(n) };
}

function readingSetting(n: CstNode): A.ReadingSetting {
  const col = node(n.children, "column");
  return {
    key: name(token(n.children, "key")!),
    ...(col && columnName(col) ? { column: columnName(col) } : {}),
    values: tokens(n.children, "value").map(unquote),
    words: tokens(n.children, "word").map(name),
  };
}

function datasetBlock(n: CstNode): A.DatasetDecl | undefined {
  const id = token(n.children, "name");
  if (!id) return undefined;
  const decl: A.DatasetDecl = {
    kind: "dataset",
    name: name(id),
    types: [],
    drop: [],
    keep: [],
    filters: [],
    missing: [],
    encode: [],
    scaleColumns: [],
    sensitive: [],
    pii: [],
    derived: [],
    reading: [],
    repeated: [],
    span: nodeSpan(n),
  };
  for (const setting of nodes(n.children, "datasetSetting")) {
    const ch = setting.children;
    const src = node(ch, "sourceSetting");
    if (src) {
      const s = token(src.children, "StringLiteral");
      const kind = token(src.children, "kind");
      if (kind) decl.sourceKind = name(kind);
      setOnce(decl, "source", s && unquote(s), token(src.children, "Source"), decl.repeated);
    }
    const reading = node(ch, "readingSetting");
    if (reading) decl.reading.push(readingSetting(reading));
    const tgt = node(ch, "targetSetting");
    if (tgt) {
      const colNode = node(tgt.children, "column");
      const col = colNode && columnName(colNode);
      const pos = token(tgt.children, "positive");
      const task = token(tgt.children, "task");
      setOnce(
        decl,
        "target",
        col && { column: col, positive: pos && unquote(pos), task: task && name(task) },
        token(tgt.children, "Target"),
        decl.repeated,
      );
    }
    const file = node(ch, "fileSetting");
    if (file) {
      const key = token(file.children, "key");
      const format = token(file.children, "format"),
        delimiter = token(file.children, "delimiter"),
        encoding = token(file.children, "encoding");
      if (format) setOnce(decl, "format", name(format), key, decl.repeated);
      if (delimiter) setOnce(decl, "delimiter", unquote(delimiter), key, decl.repeated);
      if (encoding) setOnce(decl, "encoding", unquote(encoding), key, decl.repeated);
    }
    const keep = node(ch, "keepSetting");
    if (keep) decl.keep.push(...columns(keep));
    const filter = node(ch, "filterSetting");
    if (filter) {
      const col = node(filter.children, "column");
      const column = col && columnName(col);
      const cmp = node(filter.children, "comparator");
      const op = token(filter.children, "op") ?? (cmp && Object.values(cmp.children).flat().find(isToken));
      const list = node(filter.children, "literalList");
      const values = list ? literals(list) : nodes(filter.children, "literal").map(literal).filter(defined);
      if (column && op && values.length)
        decl.filters.push({
          column,
          op: op.image as A.FilterOp,
          values,
          span: tokenSpan(token(filter.children, "Filter")!),
        });
    }
    const choices = node(ch, "choiceSetting");
    if (choices) {
      const key = token(choices.children, "key")?.image;
      const list = nodes(choices.children, "choice").map(choice).filter(defined);
      if (key === "types") decl.types.push(...list);
      if (key === "missing") decl.missing.push(...list);
      if (key === "encode") decl.encode.push(...list);
    }
    const scale = node(ch, "scaleSetting");
    if (scale) {
      const method = token(scale.children, "method");
      if (method) setOnce(decl, "scale", name(method), token(scale.children, "Scale"), decl.repeated);
      decl.scaleColumns.push(...nodes(scale.children, "choice").map(choice).filter(defined));
    }
    const drop = node(ch, "dropSetting");
    const derive = node(ch, "deriveSetting");
    if (derive) {
      const dn = token(derive.children, "name"),
        e = node(derive.children, "expr");
      const ex = e && expr(e);
      if (dn && ex) decl.derived.push({ name: name(dn), expr: ex, span: tokenSpan(token(derive.children, "Derive")!) });
    }
    const pii = node(ch, "piiSetting");
    if (pii)
      decl.pii.push(
        ...nodes(pii.children, "column")
          .map(columnName)
          .filter((c): c is A.Name => !!c),
      );
    const sensitive = node(ch, "sensitiveSetting");
    if (sensitive)
      decl.sensitive.push(
        ...nodes(sensitive.children, "column")
          .map(columnName)
          .filter((c): c is A.Name => !!c),
      );
    if (drop)
      decl.drop.push(
        ...nodes(drop.children, "column")
          .map(columnName)
          .filter((c): c is A.Name => !!c),
      );
    const split = node(ch, "splitSetting");
    if (split) {
      const parts = nodes(split.children, "splitPart").flatMap((p): A.SplitPart[] => {
        const part = token(p.children, "part");
        const fraction = numberLit(node(p.children, "number"));
        return part && fraction ? [{ part: part.image as A.SplitPartName, fraction, span: tokenSpan(part) }] : [];
      });
      const by = token(split.children, "by"),
        byCol = node(split.children, "column");
      const byColumn = byCol && columnName(byCol);
      setOnce(
        decl,
        "split",
        {
          parts,
          kfold: intLit(token(split.children, "folds")),
          by: by && byColumn ? { kind: name(by), column: byColumn } : undefined,
        },
        token(split.children, "Split"),
        decl.repeated,
      );
    }
    const strat = token(ch, "Stratify");
    if (strat) setOnce(decl, "stratify", true as const, strat, decl.repeated);
    const seed = node(ch, "seedSetting");
    if (seed)
      setOnce(decl, "seed", intLit(token(seed.children, "NumberLiteral")), token(seed.children, "Seed"), decl.repeated);
  }
  return decl;
}

function modelBlock(n: CstNode): A.ModelDecl | undefined {
  const id = token(n.children, "name");
  const family = token(n.children, "family");
  if (!id || !family) return undefined;
  const decl: A.ModelDecl = {
    kind: "model",
    name: name(id),
    family: name(family),
    layers: [],
    optimizerOptions: [],
    repeated: [],
    span: nodeSpan(n),
  };
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
    if (patience) {
      setOnce(decl, "patience", intLit(patience), token(ch, "EarlyStopping"), decl.repeated);
      const metric = token(ch, "stopMetric");
      if (metric) decl.stopMetric = name(metric);
    }
    const opt = token(ch, "optimizer");
    if (opt) {
      setOnce(decl, "optimizer", name(opt), token(ch, "Optimizer"), decl.repeated);
      const values = nodes(ch, "optionValue").map(numberLit);
      tokens(ch, "optionName").forEach(
        (o, i) => values[i] && decl.optimizerOptions.push({ name: name(o), value: values[i]! }),
      );
    }
    const schedule = token(ch, "schedule");
    if (schedule)
      setOnce(
        decl,
        "schedule",
        { kind: name(schedule), rate: numberLit(node(ch, "scheduleRate")), every: intLit(token(ch, "scheduleEvery")) },
        token(ch, "Schedule"),
        decl.repeated,
      );
    const cw = node(ch, "classWeightSetting");
    if (cw) {
      const balanced = token(cw.children, "balanced");
      const weights = nodes(cw.children, "weight").map(numberLit);
      const value = {
        balanced: balanced && name(balanced),
        weights: tokens(cw.children, "cls").flatMap((c, i) =>
          weights[i] ? [{ cls: unquote(c), weight: weights[i]! }] : [],
        ),
      };
      setOnce(decl, "classWeight", value, token(cw.children, "ClassWeight"), decl.repeated);
    }
    const sw = node(ch, "sampleWeight");
    if (sw) setOnce(decl, "sampleWeight", columnName(sw), token(ch, "SampleWeight"), decl.repeated);
    const backend = token(ch, "backend");
    if (backend) setOnce(decl, "backend", name(backend), token(ch, "Backend"), decl.repeated);
    const output = token(ch, "output");
    if (output) setOnce(decl, "output", name(output), token(ch, "Output"), decl.repeated);
    const numeric = node(ch, "numericSetting");
    if (numeric) {
      const key = token(numeric.children, "key");
      const value = numberLit(node(numeric.children, "number"));
      const fields = {
        learning_rate: "learningRate",
        epochs: "epochs",
        batch_size: "batchSize",
        threshold: "threshold",
      } as const;
      const field = fields[(key?.image ?? "epochs") as keyof typeof fields];
      setOnce(decl, field, value, key, decl.repeated);
    }
    const seed = node(ch, "seedSetting");
    if (seed)
      setOnce(decl, "seed", intLit(token(seed.children, "NumberLiteral")), token(seed.children, "Seed"), decl.repeated);
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
  const judged = node(n.children, "judged");
  if (!judged) return undefined;
  const needs = token(judged.children, "needs");
  const models = idList(node(judged.children, "models"));
  const dataset = token(judged.children, "dataset");
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

function compareStmt(n: CstNode): A.CompareStmt | undefined {
  const e = evaluateStmt(n);
  return e && { ...e, kind: "compare" };
}

function tuneStmt(n: CstNode): A.TuneStmt | undefined {
  const ch = n.children;
  const model = token(ch, "model"),
    dataset = token(ch, "dataset"),
    needs = token(ch, "needs");
  if (!model || !dataset || !needs) return undefined;
  const search = token(ch, "search"),
    seed = node(ch, "seedSetting");
  return {
    kind: "tune",
    model: name(model),
    dataset: name(dataset),
    needs: name(needs),
    search: search && name(search),
    trials: intLit(token(ch, "trials")),
    seed: seed && intLit(token(seed.children, "NumberLiteral")),
    params: nodes(ch, "tuneParam").flatMap((p): A.TuneParam[] => {
      const param = token(p.children, "param"),
        layer = token(p.children, "layer"),
        layerParam = token(p.children, "layerParam");
      if (!param) return [];
      const values = nodes(p.children, "number").map(numberLit).filter(defined);
      // `layer 1 units in [...]`: the setting is `units` of layer 1.
      return [
        {
          name: name(layer && layerParam ? layerParam : param),
          layer: layer && layerParam ? intLit(layer) : undefined,
          values,
          span: tokenSpan(param),
        },
      ];
    }),
    span: nodeSpan(n),
  };
}

function mitigateStmt(n: CstNode): A.MitigateStmt | undefined {
  const models = idList(node(n.children, "models"));
  const method = token(n.children, "method");
  const by = columns(n);
  return models.length && by.length
    ? { kind: "mitigate", models, by, method: method && name(method), span: nodeSpan(n) }
    : undefined;
}

function exportStmt(n: CstNode): A.ExportStmt | undefined {
  const models = idList(node(n.children, "models"));
  const path = token(n.children, "path");
  return models.length && path ? { kind: "export", models, path: unquote(path), span: nodeSpan(n) } : undefined;
}

function monitorStmt(n: CstNode): A.MonitorStmt | undefined {
  const dataset = token(n.children, "dataset"),
    path = token(n.children, "path");
  return dataset && path
    ? { kind: "monitor", dataset: name(dataset), path: unquote(path), span: nodeSpan(n) }
    : undefined;
}

function includeStmt(n: CstNode): A.IncludeStmt | undefined {
  const path = token(n.children, "path");
  return path ? { kind: "include", path: unquote(path), span: nodeSpan(n) } : undefined;
}

const builders: Record<string, (n: CstNode) => A.Statement | undefined> = {
  includeStmt,
  needsBlock,
  datasetBlock,
  modelBlock,
  trainStmt,
  evaluateStmt,
  compareStmt,
  showStmt,
  explainStmt,
  tuneStmt,
  mitigateStmt,
  exportStmt,
  monitorStmt,
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
