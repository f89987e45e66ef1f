/** The declarations: `needs`, `dataset` and `model` blocks, CST → AST. */
import type { CstNode } from "chevrotain";
import type * as A from "../ast";
import * as N from "./nodes";
import { networkOption, textDecl } from "./text";

/** `costs fn 500, fp 20`: names and prices in order; undefined without the clause. */
function costs(ch: CstNode["children"]): A.MetricNeed["costs"] {
  const names = N.tokens(ch, "costName"),
    values = N.nodes(ch, "costValue");
  if (!names.length) return undefined;
  return names.flatMap((t, i) => {
    const value = N.numberLit(values[i]);
    return value ? [{ name: N.name(t), value }] : [];
  });
}

function needItem(n: CstNode): A.MetricNeed | undefined {
  const ch = n.children;
  const metric = N.token(ch, "metric");
  const cmpNode = N.node(ch, "comparator");
  const cmp = cmpNode && Object.values(cmpNode.children).flat().find(N.isToken);
  const threshold = N.numberLit(N.node(ch, "number"));
  if (!metric || !cmp || !threshold) return undefined;
  const className = N.token(ch, "className");
  const reason = N.token(ch, "reason");
  const privileged = N.token(ch, "privileged");
  const ofClass = N.token(ch, "ofClass");
  const period = N.token(ch, "period");
  return {
    kind: "metric",
    level: N.token(ch, "Should") ? "should" : "must",
    metric: N.name(metric),
    comparator: cmp.image as A.Comparator,
    threshold,
    onClass: className ? N.unquote(className) : undefined,
    ...(ofClass ? { ofClass: N.unquote(ofClass) } : {}),
    ...(period ? { per: N.name(period) } : {}),
    by: N.nodes(ch, "column")
      .map(N.columnName)
      .filter((c): c is A.Name => !!c),
    privileged: privileged ? N.unquote(privileged) : undefined,
    minGroupSize: N.intLit(N.token(ch, "minGroupSize")),
    minPositives: N.intLit(N.token(ch, "minPositives")),
    at: N.numberLit(N.node(ch, "at")),
    costs: costs(ch),
    because: reason ? N.unquote(reason) : undefined,
    span: N.nodeSpan(n),
  };
}

export function needsBlock(n: CstNode): A.NeedsDecl | undefined {
  const id = N.token(n.children, "name");
  if (!id) return undefined;
  const items = N.nodes(n.children, "needItem")
    .map(needItem)
    .filter((x): x is A.MetricNeed => !!x);
  return { kind: "needs", name: N.name(id), items, span: N.nodeSpan(n) };
}

function readingSetting(n: CstNode): A.ReadingSetting {
  const col = N.node(n.children, "column");
  return {
    key: N.name(N.token(n.children, "key")!),
    ...(col && N.columnName(col) ? { column: N.columnName(col) } : {}),
    values: N.tokens(n.children, "value").map(N.unquote),
    words: N.tokens(n.children, "word").map(N.name),
  };
}

export function datasetBlock(n: CstNode): A.DatasetDecl | undefined {
  const id = N.token(n.children, "name");
  if (!id) return undefined;
  const decl: A.DatasetDecl = {
    kind: "dataset",
    name: N.name(id),
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
    span: N.nodeSpan(n),
  };
  for (const setting of N.nodes(n.children, "datasetSetting")) {
    const ch = setting.children;
    const src = N.node(ch, "sourceSetting");
    if (src) {
      const s = N.token(src.children, "StringLiteral");
      const kind = N.token(src.children, "kind");
      if (kind) decl.sourceKind = N.name(kind);
      N.setOnce(decl, "source", s && N.unquote(s), N.token(src.children, "Source"), decl.repeated);
    }
    const reading = N.node(ch, "readingSetting");
    if (reading) decl.reading.push(readingSetting(reading));
    const text = N.node(ch, "textSetting");
    if (text) N.setOnce(decl, "text", textDecl(text), N.token(text.children, "Text"), decl.repeated);
    const tgt = N.node(ch, "targetSetting");
    if (tgt) {
      const colNode = N.node(tgt.children, "column");
      const col = colNode && N.columnName(colNode);
      const pos = N.token(tgt.children, "positive");
      const task = N.token(tgt.children, "task");
      N.setOnce(
        decl,
        "target",
        col && { column: col, positive: pos && N.unquote(pos), task: task && N.name(task) },
        N.token(tgt.children, "Target"),
        decl.repeated,
      );
    }
    const file = N.node(ch, "fileSetting");
    if (file) {
      const key = N.token(file.children, "key");
      const format = N.token(file.children, "format"),
        delimiter = N.token(file.children, "delimiter"),
        encoding = N.token(file.children, "encoding");
      if (format) N.setOnce(decl, "format", N.name(format), key, decl.repeated);
      if (delimiter) N.setOnce(decl, "delimiter", N.unquote(delimiter), key, decl.repeated);
      if (encoding) N.setOnce(decl, "encoding", N.unquote(encoding), key, decl.repeated);
    }
    const keep = N.node(ch, "keepSetting");
    if (keep) decl.keep.push(...N.columns(keep));
    const filter = N.node(ch, "filterSetting");
    if (filter) {
      const col = N.node(filter.children, "column");
      const column = col && N.columnName(col);
      const cmp = N.node(filter.children, "comparator");
      const op = N.token(filter.children, "op") ?? (cmp && Object.values(cmp.children).flat().find(N.isToken));
      const list = N.node(filter.children, "literalList");
      const values = list ? N.literals(list) : N.nodes(filter.children, "literal").map(N.literal).filter(N.defined);
      if (column && op && values.length)
        decl.filters.push({
          column,
          op: op.image as A.FilterOp,
          values,
          span: N.tokenSpan(N.token(filter.children, "Filter")!),
        });
    }
    const choices = N.node(ch, "choiceSetting");
    if (choices) {
      const key = N.token(choices.children, "key")?.image;
      const list = N.nodes(choices.children, "choice").map(N.choice).filter(N.defined);
      if (key === "types") decl.types.push(...list);
      if (key === "missing") decl.missing.push(...list);
      if (key === "encode") decl.encode.push(...list);
    }
    const scale = N.node(ch, "scaleSetting");
    if (scale) {
      const method = N.token(scale.children, "method");
      if (method) N.setOnce(decl, "scale", N.name(method), N.token(scale.children, "Scale"), decl.repeated);
      decl.scaleColumns.push(...N.nodes(scale.children, "choice").map(N.choice).filter(N.defined));
    }
    const drop = N.node(ch, "dropSetting");
    const derive = N.node(ch, "deriveSetting");
    if (derive) {
      const dn = N.token(derive.children, "name"),
        e = N.node(derive.children, "expr");
      const ex = e && N.expr(e);
      if (dn && ex)
        decl.derived.push({ name: N.name(dn), expr: ex, span: N.tokenSpan(N.token(derive.children, "Derive")!) });
    }
    const pii = N.node(ch, "piiSetting");
    if (pii)
      decl.pii.push(
        ...N.nodes(pii.children, "column")
          .map(N.columnName)
          .filter((c): c is A.Name => !!c),
      );
    const sensitive = N.node(ch, "sensitiveSetting");
    if (sensitive)
      decl.sensitive.push(
        ...N.nodes(sensitive.children, "column")
          .map(N.columnName)
          .filter((c): c is A.Name => !!c),
      );
    if (drop)
      decl.drop.push(
        ...N.nodes(drop.children, "column")
          .map(N.columnName)
          .filter((c): c is A.Name => !!c),
      );
    const split = N.node(ch, "splitSetting");
    if (split) {
      const parts = N.nodes(split.children, "splitPart").flatMap((p): A.SplitPart[] => {
        const part = N.token(p.children, "part");
        const fraction = N.numberLit(N.node(p.children, "number"));
        return part && fraction ? [{ part: part.image as A.SplitPartName, fraction, span: N.tokenSpan(part) }] : [];
      });
      const by = N.token(split.children, "by"),
        byCol = N.node(split.children, "column");
      const byColumn = byCol && N.columnName(byCol);
      N.setOnce(
        decl,
        "split",
        {
          parts,
          kfold: N.intLit(N.token(split.children, "folds")),
          by: by && byColumn ? { kind: N.name(by), column: byColumn } : undefined,
        },
        N.token(split.children, "Split"),
        decl.repeated,
      );
    }
    const strat = N.token(ch, "Stratify");
    if (strat) N.setOnce(decl, "stratify", true as const, strat, decl.repeated);
    const seed = N.node(ch, "seedSetting");
    if (seed)
      N.setOnce(
        decl,
        "seed",
        N.intLit(N.token(seed.children, "NumberLiteral")),
        N.token(seed.children, "Seed"),
        decl.repeated,
      );
  }
  return decl;
}

export function modelBlock(n: CstNode): A.ModelDecl | undefined {
  const id = N.token(n.children, "name");
  const family = N.token(n.children, "family");
  if (!id || !family) return undefined;
  const decl: A.ModelDecl = {
    kind: "model",
    name: N.name(id),
    family: N.name(family),
    layers: [],
    optimizerOptions: [],
    network: [],
    repeated: [],
    span: N.nodeSpan(n),
  };
  for (const setting of N.nodes(n.children, "modelSetting")) {
    const ch = setting.children;
    const layer = N.node(ch, "layerSetting");
    if (layer) {
      const units = N.intLit(N.token(layer.children, "units"));
      const act = N.token(layer.children, "activation");
      if (units)
        decl.layers.push({
          units,
          activation: act && N.name(act),
          dropout: N.token(layer.children, "Dropout") ? N.numberLit(N.nodes(layer.children, "number")[0]) : undefined,
          l2: N.numberLit(N.node(layer.children, "l2")),
          batchNorm: !!N.token(layer.children, "BatchNorm"),
          span: N.tokenSpan(N.token(layer.children, "Layer")!),
        });
    }
    const patience = N.token(ch, "patience");
    if (patience) {
      N.setOnce(decl, "patience", N.intLit(patience), N.token(ch, "EarlyStopping"), decl.repeated);
      const metric = N.token(ch, "stopMetric");
      if (metric) decl.stopMetric = N.name(metric);
    }
    const opt = N.token(ch, "optimizer");
    if (opt) {
      N.setOnce(decl, "optimizer", N.name(opt), N.token(ch, "Optimizer"), decl.repeated);
      const values = N.nodes(ch, "optionValue").map(N.numberLit);
      N.tokens(ch, "optionName").forEach(
        (o, i) => values[i] && decl.optimizerOptions.push({ name: N.name(o), value: values[i]! }),
      );
    }
    const schedule = N.token(ch, "schedule");
    if (schedule)
      N.setOnce(
        decl,
        "schedule",
        {
          kind: N.name(schedule),
          rate: N.numberLit(N.node(ch, "scheduleRate")),
          every: N.intLit(N.token(ch, "scheduleEvery")),
        },
        N.token(ch, "Schedule"),
        decl.repeated,
      );
    const cw = N.node(ch, "classWeightSetting");
    if (cw) {
      const balanced = N.token(cw.children, "balanced");
      const weights = N.nodes(cw.children, "weight").map(N.numberLit);
      const value = {
        balanced: balanced && N.name(balanced),
        weights: N.tokens(cw.children, "cls").flatMap((c, i) =>
          weights[i] ? [{ cls: N.unquote(c), weight: weights[i]! }] : [],
        ),
      };
      N.setOnce(decl, "classWeight", value, N.token(cw.children, "ClassWeight"), decl.repeated);
    }
    const sw = N.node(ch, "sampleWeight");
    if (sw) N.setOnce(decl, "sampleWeight", N.columnName(sw), N.token(ch, "SampleWeight"), decl.repeated);
    const backend = N.token(ch, "backend");
    if (backend) N.setOnce(decl, "backend", N.name(backend), N.token(ch, "Backend"), decl.repeated);
    const output = N.token(ch, "output");
    if (output) N.setOnce(decl, "output", N.name(output), N.token(ch, "Output"), decl.repeated);
    const numeric = N.node(ch, "numericSetting");
    if (numeric) {
      const key = N.token(numeric.children, "key");
      const value = N.numberLit(N.node(numeric.children, "number"));
      const fields = {
        learning_rate: "learningRate",
        epochs: "epochs",
        batch_size: "batchSize",
        threshold: "threshold",
        l2: "l2",
        max_iter: "maxIter",
        tol: "tol",
      } as const;
      const field = fields[(key?.image ?? "epochs") as keyof typeof fields];
      N.setOnce(decl, field, value, key, decl.repeated);
    }
    const seed = N.node(ch, "seedSetting");
    if (seed)
      N.setOnce(
        decl,
        "seed",
        N.intLit(N.token(seed.children, "NumberLiteral")),
        N.token(seed.children, "Seed"),
        decl.repeated,
      );
    const network = N.node(ch, "networkSetting");
    const networkSetting = network && networkOption(network);
    if (networkSetting) decl.network.push(networkSetting);
  }
  return decl;
}
