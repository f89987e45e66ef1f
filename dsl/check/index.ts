/**
 * Semantic checks, run before anything executes. Every problem in the cell is
 * reported at once; names declared in earlier cells come from `env`. One
 * check per statement kind, in a table whose type makes a statement kind
 * without a check a compile error.
 */
import type * as A from "../ast";
import type { Diagnostic } from "../diagnostics";
import type { Task } from "../../plan/plan";
import { checkDataset } from "./dataset";
import type { CheckEnv } from "./env";
import { checkChooseThreshold } from "./cutoff";
import { checkModel } from "./model";
import { checkNeed } from "./needs";
import { Scope } from "./scope";
import {
  checkEvaluate,
  checkExplain,
  checkExport,
  checkMitigate,
  checkMonitor,
  checkShow,
  checkTrain,
} from "./statements";
import { checkTune } from "./tune";

export { emptyEnv, type CheckEnv } from "./env";
export { exprColumns } from "./common";

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** What the next cell knows: the names declared before and in this one. */
  after: CheckEnv;
  /** evaluate statement → the dataset it evaluates on (explicit or from `train`). */
  evaluationDataset: Map<A.EvaluateStmt | A.CompareStmt, string>;
}

type Kind = A.Statement["kind"];
type StatementCheck<K extends Kind> = (st: Extract<A.Statement, { kind: K }>, scope: Scope) => void;

export const CHECKS: { [K in Kind]: StatementCheck<K> } = {
  needs(st, scope) {
    scope.declare(st.name, scope.needs);
    scope.needsDecls.set(st.name.text, st);
    st.items.forEach((item) => checkNeed(item, scope.diags));
  },
  dataset(st, scope) {
    scope.declare(st.name, scope.datasets);
    scope.sensitiveOf.set(
      st.name.text,
      st.sensitive.map((s) => s.text),
    );
    scope.taskOf.set(st.name.text, (st.target?.value.task?.text as Task | undefined) ?? "binary");
    checkDataset(st, scope.env, scope.diags);
  },
  model(st, scope) {
    scope.declare(st.name, scope.models);
    scope.familyOf.set(st.name.text, st.family.text);
    if (st.output) scope.outputOf.set(st.name.text, st.output.value.text);
    scope.layersOf.set(st.name.text, st.layers.length);
    checkModel(st, scope.diags);
    checkChooseThreshold(st, scope);
  },
  train: checkTrain,
  explain: checkExplain,
  tune: checkTune,
  mitigate: checkMitigate,
  export: checkExport,
  monitor: checkMonitor,
  show: checkShow,
  compare: checkEvaluate,
  evaluate: checkEvaluate,
  // Included files are checked on their own, before the cell that includes them (see the session and `needlab check`).
  include: () => undefined,
};

const checkStatement = <K extends Kind>(st: Extract<A.Statement, { kind: K }>, scope: Scope) =>
  CHECKS[st.kind as K](st, scope);

export function check(program: A.Program, env: CheckEnv): CheckResult {
  const scope = new Scope(env);
  for (const st of program.statements) checkStatement(st, scope);
  return { diagnostics: scope.diags, evaluationDataset: scope.evaluationDataset, after: scope.after() };
}
