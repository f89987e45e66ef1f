/**
 * CST → typed AST. The parser recovers from errors, so any child may be
 * missing here: a node whose required parts are missing is left out rather
 * than thrown on (its syntax error is already reported). One builder per
 * statement kind, in a table whose type makes a kind without a builder a
 * compile error; a test checks that every alternative of the grammar's
 * `statement` rule has one.
 */
import type { CstNode } from "chevrotain";
import type * as A from "./ast";
import { datasetBlock, modelBlock, needsBlock } from "./build/declarations";
import { nodes, node } from "./build/nodes";
import * as S from "./build/statements";

export { tokenSpan } from "./build/nodes";

type Kind = A.Statement["kind"];
interface Builder<K extends Kind> {
  /** The grammar rule this kind of statement is parsed by. */
  rule: string;
  build(n: CstNode): Extract<A.Statement, { kind: K }> | undefined;
}

export const BUILDERS: { [K in Kind]: Builder<K> } = {
  include: { rule: "includeStmt", build: S.includeStmt },
  param: { rule: "paramStmt", build: S.paramStmt },
  needs: { rule: "needsBlock", build: needsBlock },
  dataset: { rule: "datasetBlock", build: datasetBlock },
  model: { rule: "modelBlock", build: modelBlock },
  train: { rule: "trainStmt", build: S.trainStmt },
  evaluate: { rule: "evaluateStmt", build: S.evaluateStmt },
  compare: { rule: "compareStmt", build: S.compareStmt },
  show: { rule: "showStmt", build: S.showStmt },
  explain: { rule: "explainStmt", build: S.explainStmt },
  tune: { rule: "tuneStmt", build: S.tuneStmt },
  mitigate: { rule: "mitigateStmt", build: S.mitigateStmt },
  export: { rule: "exportStmt", build: S.exportStmt },
  monitor: { rule: "monitorStmt", build: S.monitorStmt },
};

const builders = Object.values(BUILDERS) as Builder<Kind>[];

export function buildAst(cst: CstNode): A.Program {
  const statements: A.Statement[] = [];
  for (const st of nodes(cst.children, "statement")) {
    for (const { rule, build } of builders) {
      const child = node(st.children, rule);
      const built = child && build(child);
      if (built) statements.push(built);
    }
  }
  return { statements };
}
