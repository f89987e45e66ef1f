/** The statements that act on declared names, CST → AST. */
import type { CstNode } from "chevrotain";
import type * as A from "../ast";
import * as N from "./nodes";

export function trainStmt(n: CstNode): A.TrainStmt | undefined {
  const dataset = N.token(n.children, "dataset");
  const models = N.idList(N.node(n.children, "models"));
  if (!dataset || models.length === 0) return undefined;
  return { kind: "train", models, dataset: N.name(dataset), span: N.nodeSpan(n) };
}

export function evaluateStmt(n: CstNode): A.EvaluateStmt | undefined {
  const judged = N.node(n.children, "judged");
  if (!judged) return undefined;
  const needs = N.token(judged.children, "needs");
  const models = N.idList(N.node(judged.children, "models"));
  const dataset = N.token(judged.children, "dataset");
  if (!needs || models.length === 0) return undefined;
  return { kind: "evaluate", models, dataset: dataset && N.name(dataset), needs: N.name(needs), span: N.nodeSpan(n) };
}

export function showStmt(n: CstNode): A.ShowStmt | undefined {
  const views = N.idList(N.node(n.children, "views"));
  if (views.length === 0) return undefined;
  return { kind: "show", views, models: N.idList(N.node(n.children, "models")), span: N.nodeSpan(n) };
}

export function explainStmt(n: CstNode): A.ExplainStmt | undefined {
  const models = N.idList(N.node(n.children, "models"));
  return models.length ? { kind: "explain", models, span: N.nodeSpan(n) } : undefined;
}

export function compareStmt(n: CstNode): A.CompareStmt | undefined {
  const e = evaluateStmt(n);
  return e && { ...e, kind: "compare" };
}

export function tuneStmt(n: CstNode): A.TuneStmt | undefined {
  const ch = n.children;
  const model = N.token(ch, "model"),
    dataset = N.token(ch, "dataset"),
    needs = N.token(ch, "needs");
  if (!model || !dataset || !needs) return undefined;
  const search = N.token(ch, "search"),
    seed = N.node(ch, "seedSetting");
  return {
    kind: "tune",
    model: N.name(model),
    dataset: N.name(dataset),
    needs: N.name(needs),
    search: search && N.name(search),
    trials: N.intLit(N.token(ch, "trials")),
    seed: seed && N.intLit(N.token(seed.children, "NumberLiteral")),
    params: N.nodes(ch, "tuneParam").flatMap((p): A.TuneParam[] => {
      const param = N.token(p.children, "param"),
        layer = N.token(p.children, "layer"),
        layerParam = N.token(p.children, "layerParam");
      if (!param) return [];
      const values = N.nodes(p.children, "number").map(N.numberLit).filter(N.defined);
      // `layer 1 units in [...]`: the setting is `units` of layer 1.
      return [
        {
          name: N.name(layer && layerParam ? layerParam : param),
          layer: layer && layerParam ? N.intLit(layer) : undefined,
          values,
          span: N.tokenSpan(param),
        },
      ];
    }),
    span: N.nodeSpan(n),
  };
}

export function mitigateStmt(n: CstNode): A.MitigateStmt | undefined {
  const models = N.idList(N.node(n.children, "models"));
  const method = N.token(n.children, "method");
  const by = N.columns(n);
  return models.length && by.length
    ? { kind: "mitigate", models, by, method: method && N.name(method), span: N.nodeSpan(n) }
    : undefined;
}

export function exportStmt(n: CstNode): A.ExportStmt | undefined {
  const models = N.idList(N.node(n.children, "models"));
  const path = N.token(n.children, "path");
  return models.length && path ? { kind: "export", models, path: N.unquote(path), span: N.nodeSpan(n) } : undefined;
}

export function monitorStmt(n: CstNode): A.MonitorStmt | undefined {
  const dataset = N.token(n.children, "dataset"),
    path = N.token(n.children, "path");
  if (!dataset || !path) return undefined;
  const needs = N.token(n.children, "needs"),
    byKind = N.token(n.children, "byKind"),
    byColumn = N.node(n.children, "byColumn");
  return {
    kind: "monitor",
    dataset: N.name(dataset),
    path: N.unquote(path),
    models: N.idList(N.node(n.children, "models")),
    ...(needs ? { needs: N.name(needs) } : {}),
    ...(byKind ? { byKind: N.name(byKind) } : {}),
    ...(byColumn && N.columnName(byColumn) ? { time: N.columnName(byColumn) } : {}),
    span: N.nodeSpan(n),
  };
}

export function includeStmt(n: CstNode): A.IncludeStmt | undefined {
  const path = N.token(n.children, "path");
  return path ? { kind: "include", path: N.unquote(path), span: N.nodeSpan(n) } : undefined;
}
