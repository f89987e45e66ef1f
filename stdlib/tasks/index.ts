/**
 * The task registry: one module per kind of target. The mapped type makes a
 * new task in plan/catalogue.ts's TASKS a compile error until its module is
 * registered here.
 */
import type { Task } from "../../plan/plan";
import { binaryTask } from "./binary";
import { multiclassTask } from "./multiclass";
import { regressionTask } from "./regression";
import type { EvaluationOf, TaskEvaluation, TaskModule } from "./task";

export const TASK_MODULES: { [K in Task]: TaskModule<EvaluationOf<K>> } = {
  binary: binaryTask,
  multiclass: multiclassTask,
  regression: regressionTask,
};

/** The module for a task, typed for evaluations of any task (each module receives only its own). */
export const taskModule = (task: Task): TaskModule<TaskEvaluation> => TASK_MODULES[task] as TaskModule<TaskEvaluation>;

export type {
  DisplayContext,
  EvaluationOf,
  Paired,
  PairedInput,
  ScoredInput,
  Shown,
  TaskEvaluation,
  TaskModule,
  TaskView,
} from "./task";
