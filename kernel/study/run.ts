/**
 * The statement runner: one handler per Step, in a table whose type makes a
 * Step without a handler a compile error (as ipykernel dispatches by message
 * type). Definitions run first: they depend on nothing.
 */
import type { Plan, Step } from "../../plan/plan";
import { NeedlabError } from "../../stdlib/errors";
import { taskModule } from "../../stdlib/tasks";
import { compare } from "./compare";
import type { StudyContext } from "./context";
import { defineDataset, defineModel, defineNeeds, defineParam } from "./define";
import { evaluate } from "./evaluate";
import { explain } from "./explain";
import { exportModels } from "./export";
import type { Handler, Op, StepOf } from "./handler";
import { mitigate } from "./mitigate";
import { monitor } from "./monitor";
import { show } from "./show";
import { train } from "./train";
import { tune } from "./tune";

export const HANDLERS: { [K in Op]: Handler<K> } = {
  defineParam,
  defineNeeds,
  defineDataset,
  defineModel,
  train,
  evaluate,
  show,
  explain,
  compare,
  tune,
  mitigate,
  export: exportModels,
  monitor,
};

const runStep = <K extends Op>(step: StepOf<K>, cx: StudyContext) => HANDLERS[step.op as K](step, cx);
const isDefinition = (s: Step) => s.op.startsWith("define");

export async function runPlan(plan: Plan, cx: StudyContext): Promise<void> {
  const defines = plan.steps.filter(isDefinition);
  const actions = plan.steps.filter((s) => !isDefinition(s));
  for (const step of defines) await runStep(step, cx);
  // Needs that cannot be measured on their dataset fail before anything trains.
  for (const step of actions)
    if (step.op === "evaluate") {
      const ds = cx.state.datasets.get(step.dataset)!;
      taskModule(ds.task).checkNeeds(cx.state.needs.get(step.needs)!, ds);
    }
  for (const step of actions) {
    if (cx.signal.aborted) throw new NeedlabError("interrupted: the rest of this cell did not run.");
    await runStep(step, cx);
  }
}
